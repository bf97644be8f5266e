package dev.switchboard.core.compute;

import dev.switchboard.core.id.ResourceId;

/** {@code weight} percent of an app's requests go to the processes the host runs for {@code revision}. */
public record TrafficShare(ResourceId revision, int weight) {
    public TrafficShare {
        if (weight < 0 || weight > 100) throw new IllegalArgumentException("weight must be 0..100");
    }
}
