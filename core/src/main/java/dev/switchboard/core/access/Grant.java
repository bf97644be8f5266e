package dev.switchboard.core.access;

import dev.switchboard.core.id.ResourceId;

import java.util.Objects;

/**
 * A role over a scope: a subscription, a resource group or a resource (with everything under it), or everything
 * when {@code scope} is null. A scope contains an ID when the ID's key equals the scope's key or starts with the
 * scope's key and a slash, so {@code …/groups/a} does not contain {@code …/groups/ab}.
 */
public record Grant(Role role, ResourceId scope) {
    public Grant {
        Objects.requireNonNull(role, "role");
    }

    public boolean contains(ResourceId id) {
        return within(id, scope);
    }

    /** True when {@code container} holds this grant's scope: a list there may show what the scope contains. */
    public boolean liesUnder(ResourceId container) {
        return scope != null && within(scope, container);
    }

    /** True when a grant over {@code other} (null: everything) would give nothing outside this one's scope. */
    public boolean covers(ResourceId other) {
        return scope == null || other != null && contains(other);
    }

    public String describeScope() {
        return scope == null ? "everything" : "'" + scope + "'";
    }

    private static boolean within(ResourceId id, ResourceId scope) {
        if (scope == null) return true;
        if (id == null) return false;
        String key = scope.key();
        return id.key().equals(key) || id.key().startsWith(key + "/");
    }
}
