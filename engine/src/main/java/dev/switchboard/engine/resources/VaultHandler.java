package dev.switchboard.engine.resources;

import dev.switchboard.core.failure.TerminalFailure;
import dev.switchboard.core.id.ResourceId;
import dev.switchboard.core.store.ResourceStore;
import dev.switchboard.core.store.StoredResource;
import dev.switchboard.core.store.VaultStore;

import java.util.LinkedHashMap;
import java.util.Locale;
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

    public VaultHandler(VaultStore vaults, ResourceStore resources) {
        this.vaults = vaults;
        this.resources = resources;
    }

    public static String vaultUri(String vaultName) {
        return "https://" + vaultName.toLowerCase(Locale.ROOT) + ".vault.switchboard.local/";
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
