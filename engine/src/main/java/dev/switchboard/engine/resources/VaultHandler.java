package dev.switchboard.engine.resources;

import dev.switchboard.core.failure.TerminalFailure;
import dev.switchboard.core.id.ResourceId;
import dev.switchboard.core.store.ResourceStore;
import dev.switchboard.core.store.StoredResource;
import dev.switchboard.core.store.VaultStore;
import dev.switchboard.core.secret.VaultSecretUri;
import dev.switchboard.engine.ConnectionSecrets;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code Microsoft.KeyVault/vaults}: Switchboard's own encrypted secret store. The body is stored as given, plus
 * {@code vaultUri} ({@code https://{name}.vault.switchboard.local/}) and {@code provisioningState}. A vault name is
 * global, as Azure's (it is a DNS name): a second vault of the same name elsewhere is refused. Deleting the vault
 * removes its secrets (their resources and every version, deleted or not).
 */
public final class VaultHandler implements ResourceHandler {
    public static final String TYPE = "microsoft.keyvault/vaults";
    static final String SECRETS_TYPE = "Microsoft.KeyVault/vaults/secrets";

    private final VaultStore vaults;
    private final ResourceStore resources;
    private final ConnectionSecrets connections;

    public VaultHandler(VaultStore vaults, ResourceStore resources, ConnectionSecrets connections) {
        this.vaults = vaults;
        this.resources = resources;
        this.connections = connections;
    }

    public static String vaultUri(String vaultName) {
        return VaultSecretUri.vaultUri(vaultName);
    }

    /** Deleting the vault would take a connection's password with it: refused while any connection uses it. */
    @Override
    public void checkRemovable(ResourceId id) {
        connections.connectionUsing(id.name(), null).ifPresent(linker -> {
            throw TerminalFailure.conflict("VaultInUse", id.toString(), "the vault '" + id.name() + "' holds the password of the"
                    + " connection " + linker + "; delete or change that connection first");
        });
    }

    @Override
    public Map<String, Object> realise(ResourceId id, Map<String, Object> body, Optional<StoredResource> existing) {
        if (!vaults.claimVault(id.name(), id.toString())) {
            throw TerminalFailure.conflict("VaultAlreadyExists", id.name(), "The vault name '" + id.name() + "' is already in use.");
        }
        Map<String, Object> p = new LinkedHashMap<>(Bodies.properties(body));
        p.put("vaultUri", vaultUri(id.name()));
        p.put("provisioningState", "Succeeded");
        return Bodies.withProperties(body, p);
    }

    @Override
    public void remove(ResourceId id, StoredResource stored) {
        for (StoredResource secret : resources.children(id, SECRETS_TYPE)) resources.delete(secret.id(), null);
        vaults.dropVault(id.name());
    }
}
