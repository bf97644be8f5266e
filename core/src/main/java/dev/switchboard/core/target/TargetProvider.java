package dev.switchboard.core.target;

import dev.switchboard.core.linker.ValidationItem;
import dev.switchboard.core.secret.Secret;

import java.util.List;

/**
 * The seam between the engine and one kind of target (PostgreSQL, later MySQL, Redis, …).
 * Implementations throw {@link dev.switchboard.core.failure.TransientFailure} for what may pass (server down)
 * and {@link dev.switchboard.core.failure.TerminalFailure} for what will not (admin login refused).
 */
public interface TargetProvider {

    /** The login as it exists now, with its grants on {@code database}/{@code schema}. */
    ObservedLogin observe(TargetEndpoint endpoint, String login, String database, String schema);

    ApplyResult apply(TargetEndpoint endpoint, TargetStep step);

    /** Undoes exactly what {@link #apply} of the same step created; a no-op when there is nothing to undo. */
    ApplyResult revert(TargetEndpoint endpoint, TargetStep step);

    /** Logs in as the connection and runs a real query; one item per check. */
    List<ValidationItem> validate(TargetEndpoint endpoint, String database, String login, Secret password);
}
