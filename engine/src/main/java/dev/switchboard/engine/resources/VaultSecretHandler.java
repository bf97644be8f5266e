package dev.switchboard.engine.resources;

import dev.switchboard.core.failure.TerminalFailure;
import dev.switchboard.core.id.ResourceId;
import dev.switchboard.core.secret.Secret;
import dev.switchboard.core.secret.VaultSecretUri;
import dev.switchboard.core.store.ResourceStore;
import dev.switchboard.core.store.StoredResource;
import dev.switchboard.core.store.VaultSecretVersion;
import dev.switchboard.core.store.VaultStore;
import dev.switchboard.engine.ConnectionSecrets;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code Microsoft.KeyVault/vaults/secrets}. A PUT with {@code properties.value} stores a new version in the vault
 * store; the value never stays in the resource body, which gets {@code secretUri}, {@code secretUriWithVersion} and
 * {@code attributes} ({@code enabled}, {@code created}, {@code updated} in Unix seconds, as ARM writes them). A PUT
 * without a value updates the latest version's {@code attributes.enabled} and the body only. DELETE soft-deletes:
 * while the secret is deleted its name cannot be set (409 {@code ObjectIsDeletedButRecoverable}) until it is
 * recovered or purged in the vault store.
 */
public final class VaultSecretHandler implements ResourceHandler {
    public static final String TYPE = "microsoft.keyvault/vaults/secrets";

    private final VaultStore vaults;
    private final ResourceStore resources;
    private final Clock clock;
    private final ConnectionSecrets connections;

    public VaultSecretHandler(VaultStore vaults, ResourceStore resources, Clock clock, ConnectionSecrets connections) {
        this.connections = connections;
        this.vaults = vaults;
        this.resources = resources;
        this.clock = clock;
    }

    @Override
    public Map<String, Object> realise(ResourceId id, Map<String, Object> body, Optional<StoredResource> existing) {
        ResourceId vaultId = id.parent();
        if (resources.get(vaultId).isEmpty()) {
            throw TerminalFailure.notFound("ResourceNotFound", "vaultName", "The vault '" + vaultId.name() + "' could not be found.");
        }
        String vault = vaultId.name();
        String name = id.name();
        Map<String, Object> p = new LinkedHashMap<>(Bodies.properties(body));
        Object rawValue = p.remove("value");
        if (rawValue != null && !(rawValue instanceof String)) throw TerminalFailure.invalidField("properties.value", "must be a string");
        String contentType = Bodies.optionalString(p, "contentType", "properties.contentType");
        Map<String, Object> attributes = new LinkedHashMap<>(Bodies.map(p.get("attributes")));
        Object enabled = attributes.get("enabled");
        if (enabled != null && !(enabled instanceof Boolean)) throw TerminalFailure.invalidField("properties.attributes.enabled", "must be a boolean");

        VaultSecretVersion version;
        if (rawValue != null) {
            version = vaults.setSecret(vault, name, Secret.of((String) rawValue), contentType, clock.instant());
        } else {
            version = vaults.latest(vault, name).orElseThrow(() -> TerminalFailure.missingField("properties.value"));
        }
        if (enabled != null && (Boolean) enabled != version.enabled()) {
            vaults.setEnabled(vault, name, version.version(), (Boolean) enabled, clock.instant());
            version = vaults.latest(vault, name).orElseThrow();
        }
        p.put("attributes", attributes);
        Map<String, Object> out = Bodies.withProperties(body, describe(p, version));
        out.remove("value");
        return out;
    }

    /** {@code properties} with what the vault knows of {@code version}: its URIs, attributes and content type. */
    public static Map<String, Object> describe(Map<String, Object> properties, VaultSecretVersion version) {
        Map<String, Object> p = new LinkedHashMap<>(properties);
        VaultSecretUri uri = new VaultSecretUri(version.vault(), version.name(), version.version());
        p.put("secretUri", uri.secretUri());
        p.put("secretUriWithVersion", uri.toString());
        Map<String, Object> attributes = new LinkedHashMap<>(Bodies.map(p.get("attributes")));
        attributes.put("enabled", version.enabled());
        attributes.put("created", version.created().getEpochSecond());
        attributes.put("updated", version.updated().getEpochSecond());
        p.put("attributes", attributes);
        if (p.get("contentType") == null && version.contentType() != null) p.put("contentType", version.contentType());
        return p;
    }

    /** A secret a connection's password is (the user's or one Switchboard wrote) stays while the connection does. */
    @Override
    public void checkRemovable(ResourceId id) {
        connections.connectionUsing(id.parent().name(), id.name()).ifPresent(linker -> {
            throw TerminalFailure.conflict("SecretInUse", id.toString(), "the secret '" + id.name() + "' is the password of the"
                    + " connection " + linker + "; delete or change that connection first");
        });
    }

    @Override
    public void remove(ResourceId id, StoredResource stored) {
        vaults.deleteSecret(id.parent().name(), id.name(), clock.instant());
    }
}
