package dev.switchboard.core.access;

import dev.switchboard.core.failure.TerminalFailure;
import dev.switchboard.core.id.ResourceId;

/**
 * What {@link AccessPolicy} decided. Outside a token's scope the answer is the 404 a missing resource gets (as ARM
 * does), so a token cannot learn what exists beyond its scope; inside it, a role too weak is a 403 that names the
 * role needed.
 *
 * @param target the ID the 404 names (NOT_FOUND only)
 * @param reason the 403's message (FORBIDDEN only)
 */
public record Decision(Outcome outcome, ResourceId target, String reason) {
    public enum Outcome { ALLOW, NOT_FOUND, FORBIDDEN }

    public static final Decision ALLOWED = new Decision(Outcome.ALLOW, null, null);

    public static Decision notFound(ResourceId target) {
        return new Decision(Outcome.NOT_FOUND, target, null);
    }

    public static Decision forbidden(String reason) {
        return new Decision(Outcome.FORBIDDEN, null, reason);
    }

    public boolean allowed() {
        return outcome == Outcome.ALLOW;
    }

    /** Throws {@link #failure()} unless allowed. */
    public void require() {
        if (!allowed()) throw failure();
    }

    /** The failure to answer with; the 404 uses the codes the resource endpoints use for a missing resource. */
    public TerminalFailure failure() {
        return switch (outcome) {
            case ALLOW -> throw new IllegalStateException("an allowed request has no failure");
            case FORBIDDEN -> new TerminalFailure(403, "AuthorizationFailed", null, reason);
            case NOT_FOUND -> TerminalFailure.notFound(notFoundCode(target), "id", "The resource '" + target + "' was not found.");
        };
    }

    private static String notFoundCode(ResourceId id) {
        if (id.isResource()) return "ResourceNotFound";
        return id.isResourceGroup() ? "ResourceGroupNotFound" : "SubscriptionNotFound";
    }
}
