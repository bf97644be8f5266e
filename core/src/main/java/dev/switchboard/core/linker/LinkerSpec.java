package dev.switchboard.core.linker;

import dev.switchboard.core.id.ResourceId;

import java.util.Map;

/**
 * A connection as the user asked for it, validated. {@code access} is Switchboard's {@code properties.access}
 * object (the least privilege the connection asks for: a schema, key pattern, vhost, topics…), kept as parsed JSON
 * because its shape depends on the target's kind, which reads and checks it. {@code secretStore} is null unless
 * the password is to live in a vault.
 */
public record LinkerSpec(ResourceId targetId, AuthSpec auth, ClientType clientType,
                         Map<String, String> customizedKeys, Map<String, String> additionalConfigurations,
                         Map<String, Object> access, SecretStoreSpec secretStore) {
    public LinkerSpec {
        customizedKeys = Map.copyOf(customizedKeys);
        additionalConfigurations = Map.copyOf(additionalConfigurations);
        access = access == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(access));
    }

    public LinkerSpec(ResourceId targetId, AuthSpec auth, ClientType clientType, Map<String, String> customizedKeys,
                      Map<String, String> additionalConfigurations, Map<String, Object> access) {
        this(targetId, auth, clientType, customizedKeys, additionalConfigurations, access, null);
    }

    public LinkerSpec(ResourceId targetId, AuthSpec auth, ClientType clientType,
                      Map<String, String> customizedKeys, Map<String, String> additionalConfigurations) {
        this(targetId, auth, clientType, customizedKeys, additionalConfigurations, Map.of());
    }
}
