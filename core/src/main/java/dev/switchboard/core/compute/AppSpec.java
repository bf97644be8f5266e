package dev.switchboard.core.compute;

import dev.switchboard.core.id.ResourceId;

import java.util.List;

/**
 * What the app host should run for one app resource: {@code replicas} copies of its containers (each copy of a
 * container its own process, with its own {@code PORT}).
 */
public record AppSpec(ResourceId id, List<ContainerSpec> containers, int replicas) {
    public static final int MAX_REPLICAS = 30;

    public AppSpec {
        containers = List.copyOf(containers);
        if (replicas < 1 || replicas > MAX_REPLICAS) throw new IllegalArgumentException("replicas must be 1.." + MAX_REPLICAS);
    }

    public AppSpec(ResourceId id, List<ContainerSpec> containers) {
        this(id, containers, 1);
    }
}
