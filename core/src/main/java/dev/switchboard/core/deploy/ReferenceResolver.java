package dev.switchboard.core.deploy;

import java.util.Map;
import java.util.Optional;

/**
 * Gives reference(...) its answer: the resource's current body (id, name, type, properties, ...) as stored; empty if it
 * does not exist. IDs arrive as the template spells them; ARM IDs are case-insensitive, so match them that way.
 */
@FunctionalInterface
public interface ReferenceResolver {
    Optional<Map<String, Object>> reference(String resourceId);
}
