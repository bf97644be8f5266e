package dev.switchboard.core.linker;

import dev.switchboard.core.id.ResourceId;

import java.util.Map;

/** A connection as the user asked for it, validated. */
public record LinkerSpec(ResourceId targetId, AuthSpec auth, ClientType clientType,
                         Map<String, String> customizedKeys, Map<String, String> additionalConfigurations) {
    public LinkerSpec {
        customizedKeys = Map.copyOf(customizedKeys);
        additionalConfigurations = Map.copyOf(additionalConfigurations);
    }
}
