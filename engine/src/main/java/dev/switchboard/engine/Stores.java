package dev.switchboard.engine;

import dev.switchboard.core.store.EventStore;
import dev.switchboard.core.store.FootprintStore;
import dev.switchboard.core.store.OperationStore;
import dev.switchboard.core.store.ResourceStore;
import dev.switchboard.core.store.SecretStore;

/** The store's faces the engine uses; one implementation may provide all of them. */
public record Stores(ResourceStore resources, SecretStore secrets, FootprintStore footprints, OperationStore operations,
                     EventStore events) {
}
