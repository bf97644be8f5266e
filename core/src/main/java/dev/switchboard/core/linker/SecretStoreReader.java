package dev.switchboard.core.linker;

import dev.switchboard.core.failure.Echo;
import dev.switchboard.core.failure.TerminalFailure;
import dev.switchboard.core.id.ResourceId;
import dev.switchboard.core.secret.VaultSecretUri;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * The vault half of a linker's properties: {@code secretStore} and the secret infos that point into a vault
 * ({@code keyVaultSecretReference}, {@code keyVaultSecretUri}). Only the shape is checked here; whether the vault
 * and the secret exist is the engine's to check.
 */
final class SecretStoreReader {
    static final String REFERENCE = "keyVaultSecretReference";
    static final String URI = "keyVaultSecretUri";
    private static final String INFO = "properties.authInfo.secretInfo.";

    private SecretStoreReader() { }

    static boolean isVaultSecret(String secretType) {
        return REFERENCE.equals(secretType) || URI.equals(secretType);
    }

    /** Null when the request has no {@code secretStore} or its {@code keyVaultId} is null (ARM's "none"). */
    static SecretStoreSpec secretStore(Map<String, Object> properties) {
        Map<String, Object> store = LinkerSpecReader.object(properties, "secretStore", "properties.secretStore", false);
        if (store == null) return null;
        String rawId = LinkerSpecReader.string(store, "keyVaultId", "properties.secretStore.keyVaultId", false);
        String name = LinkerSpecReader.string(store, "keyVaultSecretName", "properties.secretStore.keyVaultSecretName", false);
        if (rawId == null) {
            if (name != null) throw TerminalFailure.missingField("properties.secretStore.keyVaultId");
            return null;
        }
        if (name != null) requireMatch(VaultSecretUri.SECRET_NAME, name, "properties.secretStore.keyVaultSecretName", "a Key Vault secret name");
        return new SecretStoreSpec(vaultId(rawId), name);
    }

    private static ResourceId vaultId(String raw) {
        String field = "properties.secretStore.keyVaultId";
        ResourceId id;
        try {
            id = ResourceId.parse(raw);
        } catch (RuntimeException e) {
            throw TerminalFailure.badRequest("InvalidResourceId", field, field + ": not a resource ID");
        }
        if (!id.fullType().equalsIgnoreCase("Microsoft.KeyVault/vaults")) {
            throw TerminalFailure.badRequest("InvalidResourceId", field, field + " must be a Microsoft.KeyVault/vaults ID, not '"
                    + Echo.of(id.fullType()) + "'");
        }
        requireMatch(VaultSecretUri.VAULT_NAME, id.name(), field, "a vault ID with a Key Vault name");
        return id;
    }

    /** The user's vault secret named by a {@code keyVaultSecretReference} or {@code keyVaultSecretUri}. */
    static VaultSecretRef vaultSecret(Map<String, Object> secretInfo, String type, SecretStoreSpec store) {
        if (URI.equals(type)) {
            String raw = LinkerSpecReader.string(secretInfo, "value", INFO + "value", true);
            VaultSecretUri uri = VaultSecretUri.parse(raw).orElseThrow(() -> TerminalFailure.badRequest("InvalidSecretUri",
                    INFO + "value", INFO + "value '" + Echo.of(raw) + "' is not the URI of a secret in a Switchboard vault"
                            + " (https://{vault}" + VaultSecretUri.HOST_SUFFIX + "/secrets/{name}[/{version}])"));
            return new VaultSecretRef(uri, INFO + "value");
        }
        if (store == null) {
            throw new TerminalFailure(400, "MissingRequiredProperty", "properties.secretStore.keyVaultId",
                    "properties.secretStore.keyVaultId is required with a keyVaultSecretReference: it is the vault the secret is in");
        }
        String name = LinkerSpecReader.string(secretInfo, "name", INFO + "name", true);
        requireMatch(VaultSecretUri.SECRET_NAME, name, INFO + "name", "a Key Vault secret name");
        String version = LinkerSpecReader.string(secretInfo, "version", INFO + "version", false);
        if (version != null) requireMatch(VaultSecretUri.VERSION, version, INFO + "version", "a Key Vault secret version (32 hex digits)");
        return new VaultSecretRef(new VaultSecretUri(store.keyVaultId().name(), name, version), INFO + "name");
    }

    private static void requireMatch(Pattern p, String value, String field, String what) {
        if (!p.matcher(value).matches()) {
            throw TerminalFailure.badRequest("InvalidParameter", field, field + " '" + Echo.of(value) + "' is not " + what);
        }
    }
}
