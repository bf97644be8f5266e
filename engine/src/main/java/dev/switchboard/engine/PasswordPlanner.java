package dev.switchboard.engine;

import dev.switchboard.core.failure.TerminalFailure;
import dev.switchboard.core.id.ResourceId;
import dev.switchboard.core.linker.LinkerSpec;
import dev.switchboard.core.linker.SecretStoreSpec;
import dev.switchboard.core.linker.VaultSecretRef;
import dev.switchboard.core.secret.PasswordGenerator;
import dev.switchboard.core.secret.Secret;
import dev.switchboard.core.secret.VaultSecretUri;
import dev.switchboard.core.store.Footprint;
import dev.switchboard.core.store.VaultSecretVersion;
import dev.switchboard.core.store.VaultStore;
import dev.switchboard.engine.ConnectionSecrets.Placement;

import java.util.Optional;

/**
 * Decides which password a connection request leads to and where it will live, checking every vault the request
 * names (it exists; a referenced secret and version exist and are enabled; a name Switchboard is to write is not
 * someone else's). Changes nothing: the password is stored only once the request is accepted.
 */
public final class PasswordPlanner {
    private final Stores stores;
    private final VaultStore vaults;
    private final ConnectionSecrets secrets;
    private final PasswordGenerator passwords;

    public PasswordPlanner(Stores stores, VaultStore vaults, ConnectionSecrets secrets, PasswordGenerator passwords) {
        this.stores = stores;
        this.vaults = vaults;
        this.secrets = secrets;
        this.passwords = passwords;
    }

    /**
     * {@code key} is the footprint's new {@code passwordSecret} ({@link ConnectionSecrets#PENDING} while
     * {@code newSecret} waits to be stored at {@code placement}); {@code changed}: the target must be told.
     */
    record Choice(String key, Secret newSecret, Placement placement, boolean changed) { }

    Choice choose(ResourceId linkerId, LinkerSpec spec, Footprint before) {
        if (spec.secretStore() != null) requireVault(spec.secretStore().keyVaultId());
        String previous = before == null ? null : before.passwordSecret();
        VaultSecretRef ref = spec.auth().vaultSecret();
        if (ref != null) {
            String key = ConnectionSecrets.usersKey(existing(ref));
            return new Choice(key, null, Placement.PLAIN, !key.equals(previous));
        }
        Placement placement = placement(linkerId, spec.secretStore(), previous);
        Secret given = spec.auth().secret();
        if (given == null && previous != null && !ConnectionSecrets.isUsers(previous)) {
            if (ConnectionSecrets.livesAt(previous, placement)) return new Choice(previous, null, placement, false);
            given = secrets.require(previous); // the same password, moved to where the request now wants it
        }
        Secret value = given != null ? given : passwords.next();
        return new Choice(ConnectionSecrets.PENDING, value, placement, true);
    }

    private Placement placement(ResourceId linkerId, SecretStoreSpec store, String previous) {
        if (store == null) return Placement.PLAIN;
        String vault = store.keyVaultId().name();
        Optional<VaultSecretUri> current = ConnectionSecrets.isOwned(previous) ? ConnectionSecrets.vaultUri(previous) : Optional.empty();
        current = current.filter(u -> u.vault().equalsIgnoreCase(vault));
        String name = store.keyVaultSecretName() != null ? store.keyVaultSecretName()
                : current.map(VaultSecretUri::name).orElseGet(() -> secrets.generatedName(linkerId));
        boolean ours = current.map(u -> u.name().equalsIgnoreCase(name)).orElse(false);
        if (!ours && (vaults.latest(vault, name).isPresent() || vaults.deletedSecret(vault, name).isPresent())) {
            throw TerminalFailure.conflict("SecretNameInUse", "properties.secretStore.keyVaultSecretName",
                    "properties.secretStore.keyVaultSecretName: the vault '" + vault + "' already has a secret named '" + name
                            + "' (or keeps it deleted); Switchboard writes only secrets of its own: choose another name");
        }
        return new Placement(store.keyVaultId(), name);
    }

    private void requireVault(ResourceId vaultId) {
        boolean known = stores.resources().get(vaultId).isPresent()
                && vaults.vaultOwner(vaultId.name()).map(owner -> owner.equalsIgnoreCase(vaultId.toString())).orElse(false);
        if (!known) {
            throw TerminalFailure.notFound("KeyVaultNotFound", "properties.secretStore.keyVaultId",
                    "properties.secretStore.keyVaultId: the vault " + vaultId + " does not exist");
        }
    }

    /** The user's secret version the reference names (the latest when it names none), checked to exist and be enabled. */
    private VaultSecretUri existing(VaultSecretRef ref) {
        VaultSecretUri uri = ref.uri();
        if (vaults.vaultOwner(uri.vault()).isEmpty()) {
            throw TerminalFailure.notFound("KeyVaultNotFound", ref.field(), ref.field() + ": there is no vault named '" + uri.vault() + "'");
        }
        Optional<VaultSecretVersion> version = uri.version() == null ? vaults.latest(uri.vault(), uri.name())
                : vaults.versions(uri.vault(), uri.name()).stream().filter(v -> v.version().equalsIgnoreCase(uri.version())).findFirst();
        if (version.isEmpty()) {
            throw TerminalFailure.notFound("SecretNotFound", ref.field(), ref.field() + ": the vault '" + uri.vault()
                    + "' has no secret " + (uri.version() == null ? "'" + uri.name() + "'" : "version " + uri));
        }
        if (!version.get().enabled()) {
            throw TerminalFailure.badRequest("SecretDisabled", ref.field(), ref.field() + ": " + uri.withVersion(version.get().version())
                    + " is disabled");
        }
        return uri.withVersion(version.get().version());
    }
}
