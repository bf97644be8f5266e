package dev.switchboard.core.store;

import dev.switchboard.core.id.ResourceId;

import java.util.List;
import java.util.Optional;

public interface FootprintStore {
    Optional<Footprint> footprint(ResourceId linker);

    /** Every footprint whose connection has {@code source} as its app. */
    List<Footprint> footprintsOfSource(ResourceId source);

    /** Every footprint (rare questions across connections, such as "does any connection use this vault?"). */
    List<Footprint> footprints();

    void saveFootprint(Footprint footprint);

    void deleteFootprint(ResourceId linker);
}
