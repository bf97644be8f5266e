package dev.switchboard.core.access;

import dev.switchboard.core.id.ResourceId;

/**
 * Who may do what where, decided from the principal's grant alone (no I/O, no state). Scope first: what lies
 * outside it does not exist for the principal (404), whatever its role; then the role (403).
 */
public final class AccessPolicy {

    /**
     * One request on one resource, or on the tenant ({@code target} null: the provider's operations and
     * configuration names, token management), which every scope reaches.
     */
    public Decision decide(Principal who, Action action, ResourceId target) {
        if (target != null && !who.grant().contains(target)) return Decision.notFound(target);
        if (who.grant().role().allows(action)) return Decision.ALLOWED;
        Role needed = Role.weakestAllowing(action);
        return Decision.forbidden("The token '" + who.name() + "' has the role " + who.grant().role().wire() + " on "
                + who.grant().describeScope() + ", which does not allow it to " + action.description() + "; that needs the role "
                + needed.wire() + (needed == Role.OWNER ? "" : " or stronger") + ".");
    }

    /**
     * A list under {@code container} (a subscription's groups, a group's resources, an app's linkers…): allowed when
     * the container is in scope or holds the scope (an app-scoped token may list its group and sees only its app);
     * the items are then filtered by {@link #visible}. Every role may list.
     */
    public Decision decideList(Principal who, ResourceId container) {
        Grant g = who.grant();
        return g.contains(container) || g.liesUnder(container) ? Decision.ALLOWED : Decision.notFound(container);
    }

    /** Whether a listed item is shown to {@code who}. */
    public boolean visible(Principal who, ResourceId id) {
        return who.grant().contains(id);
    }

    /** Minting a token carrying {@code requested}: only an Owner, at or under its own scope, with a role no stronger. */
    public Decision decideMint(Principal who, Grant requested) {
        Decision manage = decide(who, Action.MANAGE_TOKENS, null);
        if (!manage.allowed()) return manage;
        Grant own = who.grant();
        if (!own.covers(requested.scope())) {
            return Decision.forbidden("The token '" + who.name() + "' manages tokens on " + own.describeScope()
                    + " only; a token for " + requested.describeScope() + " is outside it.");
        }
        if (requested.role().compareTo(own.role()) > 0) {
            return Decision.forbidden("The token '" + who.name() + "' has the role " + own.role().wire()
                    + " and cannot create a token with the stronger role " + requested.role().wire() + ".");
        }
        return Decision.ALLOWED;
    }
}
