package dev.switchboard.core.linker;

import dev.switchboard.core.id.ResourceId;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * A connection as the user asked for it, validated. {@code access} is Switchboard's {@code properties.access}
 * object (the least privilege the connection asks for: a schema, key pattern, vhost, topics…), kept as parsed JSON
 * because its shape depends on the target's kind, which reads and checks it. {@code delivery}: how the configuration
 * reaches the app ({@code properties.configurationInfo.delivery}); never empty, {@link DeliveryMode#ENVIRONMENT} alone
 * when the request names none. {@code secretStore} is null unless the password is to live in a vault.
 */
public record LinkerSpec(ResourceId targetId, AuthSpec auth, ClientType clientType,
                         Map<String, String> customizedKeys, Map<String, String> additionalConfigurations,
                         Map<String, Object> access, Set<DeliveryMode> delivery, SecretStoreSpec secretStore) {
    public static final Set<DeliveryMode> DEFAULT_DELIVERY = Set.of(DeliveryMode.ENVIRONMENT);

    public LinkerSpec {
        customizedKeys = Map.copyOf(customizedKeys);
        additionalConfigurations = Map.copyOf(additionalConfigurations);
        access = access == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(access));
        delivery = delivery == null || delivery.isEmpty() ? DEFAULT_DELIVERY : java.util.Collections.unmodifiableSet(EnumSet.copyOf(delivery));
    }

    public LinkerSpec(ResourceId targetId, AuthSpec auth, ClientType clientType,
                      Map<String, String> customizedKeys, Map<String, String> additionalConfigurations,
                      Map<String, Object> access) {
        this(targetId, auth, clientType, customizedKeys, additionalConfigurations, access, DEFAULT_DELIVERY, null);
    }

    public LinkerSpec(ResourceId targetId, AuthSpec auth, ClientType clientType,
                      Map<String, String> customizedKeys, Map<String, String> additionalConfigurations) {
        this(targetId, auth, clientType, customizedKeys, additionalConfigurations, Map.of());
    }
}
