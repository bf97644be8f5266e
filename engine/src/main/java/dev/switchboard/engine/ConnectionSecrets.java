package dev.switchboard.engine;

import dev.switchboard.core.failure.TerminalFailure;
import dev.switchboard.core.id.ResourceId;
import dev.switchboard.core.secret.PasswordGenerator;
import dev.switchboard.core.secret.Secret;
import dev.switchboard.core.secret.VaultSecretUri;
import dev.switchboard.core.store.Footprint;
import dev.switchboard.core.store.VaultSecretValue;
import dev.switchboard.core.store.VaultSecretVersion;
import dev.switchboard.core.store.VaultStore;
import dev.switchboard.engine.resources.VaultSecretHandler;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Where a connection's password lives. A footprint's {@code passwordSecret} is a key, and this class is the only
 * one that reads, writes or deletes what a key names:
 * <ul>
 *   <li>a plain key ({@code linker:…}) names a secret in the store's secret table;</li>
 *   <li>{@code vault:owned:<secretUriWithVersion>} names a vault secret version Switchboard wrote (the connection
 *       has {@code secretStore.keyVaultId}): Switchboard may add versions to it and deletes it with the connection;</li>
 *   <li>{@code vault:user:<secretUriWithVersion>} names a vault secret the user gave
 *       ({@code keyVaultSecretReference} / {@code keyVaultSecretUri}): read only, never changed or deleted.</li>
 * </ul>
 * Vault keys pin a version, so the password on the target and the one the app resolves are always the same value,
 * whatever is written to the vault secret later.
 */
public final class ConnectionSecrets {
    /** The key a plan carries for a password that is stored only when the request is accepted. */
    public static final String PENDING = "pending:new-password";
    private static final String OWNED = "vault:owned:";
    private static final String USER = "vault:user:";

    private final Stores stores;
    private final VaultStore vaults;
    private final PasswordGenerator names;
    private final Clock clock;

    public ConnectionSecrets(Stores stores, VaultStore vaults, PasswordGenerator names, Clock clock) {
        this.stores = stores;
        this.vaults = vaults;
        this.names = names;
        this.clock = clock;
    }

    /** Where a password Switchboard writes goes: the plain secret store ({@code vault} null) or a vault secret. */
    public record Placement(ResourceId vault, String secretName) {
        public static final Placement PLAIN = new Placement(null, null);
    }

    // ---- reading

    /** The password {@code key} names; empty when there is none (or the key is still pending). */
    public Optional<Secret> read(String key) {
        if (key == null || key.equals(PENDING)) return Optional.empty();
        Optional<VaultSecretUri> uri = vaultUri(key);
        if (uri.isEmpty()) return stores.secrets().get(key);
        VaultSecretUri u = uri.get();
        return vaults.secret(u.vault(), u.name(), u.version()).map(VaultSecretValue::value);
    }

    public Secret require(String key) {
        return read(key).orElseThrow(() -> new TerminalFailure(500, "SecretMissing", null,
                "the connection's stored credential is missing"));
    }

    /** What the app is given instead of the password: the vault secret's URI with its version; empty for a plain key. */
    public Optional<String> reference(String key) {
        return vaultUri(key).map(VaultSecretUri::toString);
    }

    /** True when the key names a vault secret version Switchboard wrote (one it may add to or delete). */
    public static boolean isOwned(String key) {
        return key != null && key.startsWith(OWNED);
    }

    public static boolean isUsers(String key) {
        return key != null && key.startsWith(USER);
    }

    /** The vault secret a key names (with its version); empty for a plain key. */
    public static Optional<VaultSecretUri> vaultUri(String key) {
        if (isOwned(key)) return VaultSecretUri.parse(key.substring(OWNED.length()));
        if (isUsers(key)) return VaultSecretUri.parse(key.substring(USER.length()));
        return Optional.empty();
    }

    /** The key of a user's vault secret version (checked to exist by the caller). */
    public static String usersKey(VaultSecretUri uriWithVersion) {
        return USER + uriWithVersion;
    }

    /** True when {@code key} already lives where {@code placement} says. */
    public static boolean livesAt(String key, Placement placement) {
        Optional<VaultSecretUri> uri = vaultUri(key);
        if (placement.vault() == null) return key != null && uri.isEmpty() && !key.equals(PENDING);
        return isOwned(key) && uri.get().vault().equalsIgnoreCase(placement.vault().name())
                && uri.get().name().equalsIgnoreCase(placement.secretName());
    }

    // ---- writing

    /**
     * Stores a password Switchboard chose or was given and returns its key: a new vault secret version (the
     * secret's resource made or updated, so it shows in the vault) or a new plain secret.
     */
    public String store(ResourceId linker, Placement placement, Secret value, String actor) {
        if (placement.vault() == null) {
            String key = "linker:" + linker.key() + ":password:" + names.suffix(8);
            stores.secrets().put(key, value);
            return key;
        }
        String vault = placement.vault().name();
        VaultSecretVersion version = vaults.setSecret(vault, placement.secretName(), value, null, clock.instant());
        ResourceId secretId = placement.vault().child("secrets", placement.secretName());
        Map<String, Object> body = new LinkedHashMap<>(stores.resources().get(secretId).map(r -> r.body()).orElse(Map.of()));
        body.put("tags", Map.of("switchboard-connection", linker.toString()));
        body.put("properties", VaultSecretHandler.describe(Map.of(), version));
        stores.resources().put(secretId, body, null, actor, clock.instant());
        return OWNED + new VaultSecretUri(vault, placement.secretName(), version.version());
    }

    /**
     * Stores a new password for an existing connection (rotation), where its current one lives: a new version of
     * its vault secret, or a new plain secret. A password that is the user's own vault secret is not Switchboard's
     * to change: 409.
     */
    public String store(Footprint current, Secret value, String actor) {
        String key = current.passwordSecret();
        if (isUsers(key)) {
            throw TerminalFailure.conflict("PasswordOwnedByUser", current.linker().toString(), "the connection's password is the"
                    + " vault secret " + vaultUri(key).orElseThrow().secretUri() + ", which the user owns: set a new version"
                    + " there and update the connection to use it");
        }
        return store(current.linker(), placementOf(key), value, actor);
    }

    private Placement placementOf(String key) {
        Optional<VaultSecretUri> uri = vaultUri(key);
        if (uri.isEmpty()) return Placement.PLAIN;
        ResourceId vault = vaults.vaultOwner(uri.get().vault()).map(ResourceId::parse).orElseThrow(() -> TerminalFailure.conflict(
                "VaultNotFound", uri.get().vault(), "the vault '" + uri.get().vault() + "' holding the connection's password is gone"));
        return new Placement(vault, uri.get().name());
    }

    /**
     * Lets go of a password no longer in use. {@code kept} is the key the connection goes on with (may be null): a
     * version of the same vault secret is only disabled, so the secret stays; otherwise a Switchboard-written vault
     * secret is soft-deleted (with its resource) and a plain one deleted. A user's vault secret is never touched.
     */
    public void release(String key, String kept) {
        if (key == null || key.equals(kept) || key.equals(PENDING) || isUsers(key)) return;
        Optional<VaultSecretUri> uri = vaultUri(key);
        if (uri.isEmpty()) {
            stores.secrets().delete(key);
            return;
        }
        VaultSecretUri u = uri.get();
        boolean sameSecret = isOwned(kept) && vaultUri(kept).map(k -> k.secretUri().equals(u.secretUri())).orElse(false);
        if (sameSecret) {
            vaults.setEnabled(u.vault(), u.name(), u.version(), false, clock.instant());
            return;
        }
        vaults.deleteSecret(u.vault(), u.name(), clock.instant());
        vaults.vaultOwner(u.vault()).map(ResourceId::parse)
                .ifPresent(vault -> stores.resources().delete(vault.child("secrets", u.name()), null));
    }

    public void delete(String key) {
        release(key, null);
    }

    // ---- who uses a vault

    /** A connection whose password lives in {@code vault} (in its secret {@code secretName}, when that is not null). */
    public Optional<ResourceId> connectionUsing(String vault, String secretName) {
        for (Footprint f : stores.footprints().footprints()) {
            Optional<VaultSecretUri> uri = vaultUri(f.passwordSecret());
            if (uri.isEmpty() || !uri.get().vault().equalsIgnoreCase(vault)) continue;
            if (secretName == null || uri.get().name().equalsIgnoreCase(secretName)) return Optional.of(f.linker());
        }
        return Optional.empty();
    }

    /** A name for a vault secret Switchboard writes when the request gives none: {@code sb-<connection>-<random>}. */
    String generatedName(ResourceId linker) {
        String base = linker.name().replaceAll("[^0-9A-Za-z-]", "-").toLowerCase(Locale.ROOT);
        return "sb-" + base.substring(0, Math.min(base.length(), 60)) + "-" + names.suffix(8);
    }
}
