package dev.switchboard.core.store;

import dev.switchboard.core.config.ConfigItem;
import dev.switchboard.core.id.ResourceId;
import dev.switchboard.core.target.AccessScope;

import java.util.List;

/**
 * Everything a connection changed, on both sides: the login it created on the target (and the grants that go
 * with it) and the configuration it projected into its app. Delete removes exactly this.
 */
public record Footprint(ResourceId linker, ResourceId source, ResourceId server, ResourceId target, AccessScope scope,
                        String login, boolean loginCreated, String passwordSecret, List<ConfigItem> projected) {
    public Footprint {
        projected = List.copyOf(projected);
    }

    public Footprint withLogin(String newLogin, boolean created, String secret) {
        return new Footprint(linker, source, server, target, scope, newLogin, created, secret, projected);
    }

    public Footprint withProjected(List<ConfigItem> items) {
        return new Footprint(linker, source, server, target, scope, login, loginCreated, passwordSecret, items);
    }
}
