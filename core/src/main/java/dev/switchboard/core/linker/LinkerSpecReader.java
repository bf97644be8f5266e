package dev.switchboard.core.linker;

import dev.switchboard.core.failure.Echo;
import dev.switchboard.core.failure.TerminalFailure;
import dev.switchboard.core.id.ResourceId;
import dev.switchboard.core.secret.Secret;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a linker's {@code properties} (as parsed JSON: maps, lists, strings) into a {@link LinkerSpec}.
 * Every rejection names the field, so the API's 400 tells the user exactly what to fix.
 */
public final class LinkerSpecReader {
    private static final Pattern CONFIG_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.\\-]{0,255}");
    private static final List<String> KNOWN_AUTH_TYPES = List.of("secret", "systemAssignedIdentity",
            "userAssignedIdentity", "servicePrincipalSecret", "servicePrincipalCertificate", "accessKey",
            "userAccount", "easyAuthMicrosoftEntraID");

    private LinkerSpecReader() { }

    public static LinkerSpec read(Map<String, Object> properties) {
        if (properties == null) throw TerminalFailure.missingField("properties");
        Map<String, Object> target = object(properties, "targetService", "properties.targetService", true);
        String targetType = string(target, "type", "properties.targetService.type", true);
        if (!"AzureResource".equals(targetType)) {
            throw TerminalFailure.badRequest("TargetServiceTypeNotSupported", "properties.targetService.type",
                    "properties.targetService.type '" + Echo.of(targetType) + "' is not supported; use AzureResource");
        }
        ResourceId targetId = targetId(string(target, "id", "properties.targetService.id", true));
        SecretStoreSpec secretStore = SecretStoreReader.secretStore(properties);
        AuthSpec auth = auth(object(properties, "authInfo", "properties.authInfo", true), secretStore);
        ClientType clientType = clientType(string(properties, "clientType", "properties.clientType", false));
        Map<String, Object> configInfo = object(properties, "configurationInfo", "properties.configurationInfo", false);
        Map<String, Object> access = object(properties, "access", "properties.access", false);
        return new LinkerSpec(targetId, auth, clientType,
                names(configInfo, "customizedKeys", true), names(configInfo, "additionalConfigurations", false),
                access == null ? Map.of() : access, delivery(configInfo), secretStore);
    }

    /** {@code configurationInfo.delivery}: 1+ distinct {@link DeliveryMode} wire names; absent means environment only. */
    private static Set<DeliveryMode> delivery(Map<String, Object> configInfo) {
        Object raw = configInfo == null ? null : configInfo.get("delivery");
        if (raw == null) return LinkerSpec.DEFAULT_DELIVERY;
        String field = "properties.configurationInfo.delivery";
        if (!(raw instanceof List<?> list) || list.isEmpty()) {
            throw TerminalFailure.badRequest("InvalidDelivery", field, field + " must be a non-empty array of "
                    + "'environment', 'serviceBinding', 'connectionStrings'");
        }
        Set<DeliveryMode> out = EnumSet.noneOf(DeliveryMode.class);
        for (int i = 0; i < list.size(); i++) {
            Object v = list.get(i);
            DeliveryMode mode = v instanceof String s ? DeliveryMode.fromWire(s).orElse(null) : null;
            if (mode == null || !out.add(mode)) {
                String at = field + "[" + i + "]";
                throw TerminalFailure.badRequest("InvalidDelivery", at, at + (mode == null
                        ? " must be one of 'environment', 'serviceBinding', 'connectionStrings'" : " repeats a delivery mode"));
            }
        }
        return out;
    }

    private static ResourceId targetId(String raw) {
        try {
            ResourceId id = ResourceId.parse(raw);
            if (!id.isResource()) throw new IllegalArgumentException();
            return id;
        } catch (RuntimeException e) {
            throw TerminalFailure.badRequest("InvalidResourceId", "properties.targetService.id",
                    "properties.targetService.id: " + (e.getMessage() == null ? "not a resource ID" : e.getMessage()));
        }
    }

    private static AuthSpec auth(Map<String, Object> auth, SecretStoreSpec secretStore) {
        String type = string(auth, "authType", "properties.authInfo.authType", true);
        if (!KNOWN_AUTH_TYPES.contains(type)) {
            throw TerminalFailure.badRequest("InvalidAuthType", "properties.authInfo.authType",
                    "properties.authInfo.authType '" + Echo.of(type) + "' is not a ServiceLinker auth type; only 'secret' is supported today");
        }
        if (!AuthSpec.SECRET.equals(type)) {
            throw TerminalFailure.badRequest("AuthTypeNotSupported", "properties.authInfo.authType",
                    "properties.authInfo.authType '" + Echo.of(type) + "' is not supported yet; use 'secret'");
        }
        String name = string(auth, "name", "properties.authInfo.name", false);
        Map<String, Object> secretInfo = object(auth, "secretInfo", "properties.authInfo.secretInfo", false);
        String secretType = secretInfo == null ? null : string(secretInfo, "secretType", "properties.authInfo.secretInfo.secretType", true);
        if (SecretStoreReader.isVaultSecret(secretType)) {
            return new AuthSpec(type, name, null, SecretStoreReader.vaultSecret(secretInfo, secretType, secretStore));
        }
        return new AuthSpec(type, name, secretValue(secretInfo));
    }

    private static Secret secretValue(Map<String, Object> secretInfo) {
        if (secretInfo == null) return null;
        String type = string(secretInfo, "secretType", "properties.authInfo.secretInfo.secretType", true);
        if (!"rawValue".equals(type)) {
            throw TerminalFailure.badRequest("SecretTypeNotSupported", "properties.authInfo.secretInfo.secretType",
                    "properties.authInfo.secretInfo.secretType '" + Echo.of(type) + "' is not supported; use 'rawValue', 'keyVaultSecretReference' or 'keyVaultSecretUri'");
        }
        String value = string(secretInfo, "value", "properties.authInfo.secretInfo.value", false);
        if (value != null && (value.isEmpty() || value.indexOf('\0') >= 0 || value.length() > 256)) {
            throw TerminalFailure.invalidField("properties.authInfo.secretInfo.value", "must be 1-256 characters without NUL");
        }
        return value == null ? null : Secret.of(value);
    }

    private static ClientType clientType(String raw) {
        if (raw == null) return ClientType.NONE;
        return ClientType.fromWire(raw).orElseThrow(() -> TerminalFailure.badRequest("InvalidClientType",
                "properties.clientType", "properties.clientType '" + Echo.of(raw) + "' is not supported for this target"));
    }

    private static Map<String, String> names(Map<String, Object> configInfo, String key, boolean valuesAreNames) {
        Map<String, String> out = new LinkedHashMap<>();
        if (configInfo == null || configInfo.get(key) == null) return out;
        String field = "properties.configurationInfo." + key;
        if (!(configInfo.get(key) instanceof Map<?, ?> map)) throw TerminalFailure.invalidField(field, "must be an object");
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String k = String.valueOf(e.getKey());
            if (!(e.getValue() instanceof String v)) throw TerminalFailure.invalidField(field + "." + k, "must be a string");
            requireConfigName(field, k);
            if (valuesAreNames) requireConfigName(field + "." + k, v);
            out.put(k, v);
        }
        return out;
    }

    private static void requireConfigName(String field, String name) {
        if (!CONFIG_NAME.matcher(name).matches()) {
            throw TerminalFailure.badRequest("InvalidConfigurationName", field, field + ": '" + Echo.of(name)
                    + "' is not a valid configuration name (letters, digits, '_', '.', '-'; not starting with a digit)");
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> object(Map<String, Object> parent, String key, String field, boolean required) {
        Object v = parent.get(key);
        if (v == null) {
            if (required) throw TerminalFailure.missingField(field);
            return null;
        }
        if (!(v instanceof Map<?, ?>)) throw TerminalFailure.invalidField(field, "must be an object");
        return (Map<String, Object>) v;
    }

    static String string(Map<String, Object> parent, String key, String field, boolean required) {
        Object v = parent.get(key);
        if (v == null) {
            if (required) throw TerminalFailure.missingField(field);
            return null;
        }
        if (!(v instanceof String s)) throw TerminalFailure.invalidField(field, "must be a string");
        if (required && s.isBlank()) throw TerminalFailure.missingField(field);
        return s;
    }
}
