package dev.switchboard.core.store;

import dev.switchboard.core.config.ConfigItem;
import dev.switchboard.core.id.ResourceId;

import java.util.List;

/**
 * Everything a connection changed, on both sides: the login it created on the target (and the grants that go
 * with it) and the configuration it projected into its app. Delete removes exactly this.
 */
public record Footprint(ResourceId linker, ResourceId source, ResourceId server, String database, String schema,
                        String login, boolean loginCreated, String passwordSecret, List<ConfigItem> projected) {
    public Footprint {
        projected = List.copyOf(projected);
    }
}
