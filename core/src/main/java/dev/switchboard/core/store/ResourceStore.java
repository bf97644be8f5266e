package dev.switchboard.core.store;

import dev.switchboard.core.id.ResourceId;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Resources by ID, with optimistic concurrency: a stale {@code ifMatch} is a 412. */
public interface ResourceStore {
    Optional<StoredResource> get(ResourceId id);

    /** Direct children of {@code parent} (a resource group, a resource, or the resource an extension extends) of one type. */
    List<StoredResource> children(ResourceId parent, String fullType);

    /** Every resource whose ID starts with {@code scope} (the scope itself excluded). */
    List<StoredResource> under(ResourceId scope);

    /** Every resource of one type (such as {@code Microsoft.ServiceLinker/linkers}), wherever it lives. */
    List<StoredResource> ofType(String fullType);

    StoredResource put(ResourceId id, Map<String, Object> body, String ifMatch, String actor, Instant now);

    boolean delete(ResourceId id, String ifMatch);
}
