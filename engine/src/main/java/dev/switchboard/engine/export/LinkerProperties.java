package dev.switchboard.engine.export;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A stored connection's properties as a template writes them back: what Switchboard reports (state, errors, drift,
 * the time of the last rotation) left out, and the password, which the store never holds in the resource, as a
 * {@link SecretInput}. A password the user keeps in a vault stays what it already is: a reference to it.
 */
final class LinkerProperties {
    private static final Set<String> REPORTED = Set.of("provisioningState", "provisioningError", "drift");
    private static final Set<String> VAULT_SECRET_TYPES = Set.of("keyVaultSecretReference", "keyVaultSecretUri");

    private LinkerProperties() { }

    static Map<String, Object> exported(Map<String, Object> stored, SecretInput password) {
        Map<String, Object> out = Trees.copyObject(stored);
        REPORTED.forEach(out::remove);
        if (out.get("rotation") instanceof Map<?, ?> r) {
            Map<String, Object> rotation = Trees.copyObject(r);
            rotation.remove("lastRotatedAt");
            out.put("rotation", rotation);
        }
        if (out.get("secretStore") instanceof Map<?, ?> s && s.isEmpty()) out.remove("secretStore");
        Map<String, Object> auth = Trees.copyObject(out.get("authInfo"));
        if (password != null) auth.put("secretInfo", rawValue(password));
        out.put("authInfo", auth);
        return out;
    }

    /** Whether the connection's password is one Switchboard holds (generated or given), not a user's vault secret. */
    static boolean needsPassword(Map<String, Object> stored) {
        Map<String, Object> auth = Trees.copyObject(stored.get("authInfo"));
        if (!"secret".equals(auth.get("authType"))) return false;
        Object type = Trees.copyObject(auth.get("secretInfo")).get("secretType");
        return !(type instanceof String t && VAULT_SECRET_TYPES.contains(t)); // Set.of refuses null
    }

    /** The vault the password is kept in ({@code secretStore.keyVaultId}), or null. */
    static String vaultId(Map<String, Object> stored) {
        Object id = Trees.copyObject(stored.get("secretStore")).get("keyVaultId");
        return id instanceof String s ? s : null;
    }

    private static Map<String, Object> rawValue(SecretInput password) {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("secretType", "rawValue");
        info.put("value", password);
        return info;
    }

    /** Auth types that log in as the app's managed identity, which must then be on. */
    static boolean needsIdentity(Map<String, Object> stored) {
        return List.of("systemAssignedIdentity", "userAssignedIdentity").contains(Trees.copyObject(stored.get("authInfo")).get("authType"));
    }
}
