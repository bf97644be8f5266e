package dev.switchboard.core.compute;

import dev.switchboard.core.id.ResourceId;

import java.util.List;

/** What the app host should run for one app resource. */
public record AppSpec(ResourceId id, List<ContainerSpec> containers) {
    public AppSpec {
        containers = List.copyOf(containers);
    }
}
