package dev.switchboard.core.store;

import dev.switchboard.core.id.ResourceId;

import java.time.Instant;
import java.util.Map;

/** A resource as stored: its ARM body (location, tags, identity, properties…), ETag and ARM systemData. */
public record StoredResource(ResourceId id, Map<String, Object> body, String etag,
                             String createdBy, Instant createdAt, String lastModifiedBy, Instant lastModifiedAt) {
    public StoredResource {
        body = Map.copyOf(body);
    }

    @SuppressWarnings("unchecked")
    public Map<String, Object> properties() {
        Object p = body.get("properties");
        return p instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }
}
