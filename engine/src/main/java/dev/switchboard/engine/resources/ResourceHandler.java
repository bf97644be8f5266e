package dev.switchboard.engine.resources;

import dev.switchboard.core.id.ResourceId;
import dev.switchboard.core.store.StoredResource;

import java.util.Map;
import java.util.Optional;

/**
 * What one resource type means locally. {@link #realise} validates and makes the resource real, returning the
 * body to store (secrets taken out); {@link #started} runs once it is stored;
 * {@link #checkRemovable} may refuse a delete; {@link #remove} undoes it.
 */
public interface ResourceHandler {
    Map<String, Object> realise(ResourceId id, Map<String, Object> body, Optional<StoredResource> existing);

    default void started(ResourceId id) { }

    /** Refuses (with a TerminalFailure) a delete that must not happen; runs before anything is deleted. */
    default void checkRemovable(ResourceId id) { }

    void remove(ResourceId id, StoredResource stored);

    /** Stores anything as given: types Switchboard does not realise still deploy. */
    ResourceHandler PASS_THROUGH = new ResourceHandler() {
        @Override
        public Map<String, Object> realise(ResourceId id, Map<String, Object> body, Optional<StoredResource> existing) {
            return body;
        }

        @Override
        public void remove(ResourceId id, StoredResource stored) { }
    };
}
