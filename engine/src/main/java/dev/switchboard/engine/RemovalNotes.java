package dev.switchboard.engine;

import dev.switchboard.core.id.ResourceId;
import dev.switchboard.core.plan.PlannedStep;
import dev.switchboard.core.target.ApplyResult;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What a connection's removal found on its target, said plainly: a login someone already removed by hand is not an
 * error (there is nothing left to revoke or drop, so the delete succeeds), but the user should hear that it was so.
 * Listens to the removal's steps (a revert that found nothing returns {@link ApplyResult#NOOP}) and becomes the
 * delete operation's result: {@code {"notes": [...]}}, shown in its operation status and audit entry.
 */
final class RemovalNotes implements Consumer<OperationRunner.Done> {
    static final String NOTES = "notes";
    private final String login;
    private final ResourceId server;
    private ApplyResult revoke;
    private ApplyResult drop;

    RemovalNotes(String login, ResourceId server) {
        this.login = login;
        this.server = server;
    }

    @Override
    public void accept(OperationRunner.Done done) {
        if (done.step() instanceof PlannedStep.RevokeAccess) revoke = done.result();
        if (done.step() instanceof PlannedStep.DropLogin) drop = done.result();
    }

    /** The operation's result: the notes, or nothing when the removal found what it expected. */
    Map<String, Object> result() {
        boolean nothingRevoked = revoke == null || revoke == ApplyResult.NOOP;
        String where = " from server " + server;
        if (drop == ApplyResult.NOOP && nothingRevoked) {
            return notes("login '" + login + "' was already gone" + where + "; nothing to revoke or drop");
        }
        if (drop == ApplyResult.NOOP) {
            // Kinds whose grants live apart from the login (Kafka ACLs) keep them when the login is removed by hand.
            return notes("login '" + login + "' was already gone" + where + "; its leftover grants were revoked");
        }
        if (drop == null && revoke == ApplyResult.NOOP) {
            // A login the connection did not create is kept; only its grants are Switchboard's to take back.
            return notes("login '" + login + "' had no access left to revoke" + where + " (it may have been removed by hand)");
        }
        return Map.of();
    }

    private static Map<String, Object> notes(String note) {
        return Map.of(NOTES, List.of(note));
    }
}
