package dev.switchboard.core.target;

import dev.switchboard.core.linker.ValidationItem;
import dev.switchboard.core.secret.Secret;

import java.util.List;
import java.util.Set;

/**
 * The seam between the engine and one kind of target (PostgreSQL, MySQL, Redis, RabbitMQ, MQTT, NATS, Kafka).
 * Implementations throw {@link dev.switchboard.core.failure.TransientFailure} for what may pass (server down)
 * and {@link dev.switchboard.core.failure.TerminalFailure} for what will not (admin login refused).
 */
public interface TargetProvider {

    /** Logs in as the administrator: a refused login is a TerminalFailure naming the target, an unreachable one a TransientFailure. */
    void checkAdmin(TargetEndpoint endpoint);

    /** The login as it exists now, with its permissions in {@code scope} as the provider's stable grant words. */
    ObservedLogin observe(TargetEndpoint endpoint, String login, AccessScope scope);

    /** The grant words {@link #observe} reports when the login holds everything {@code scope} asks for. Pure. */
    Set<String> requiredGrants(AccessScope scope);

    /** Creates the login with this password (CREATED) or sets its password (UPDATED); NOOP when nothing differs. */
    ApplyResult ensureLogin(TargetEndpoint endpoint, TargetStep.EnsureLogin step);

    /** Makes the login hold exactly the scope's least privilege: CREATED from none, UPDATED from part, NOOP when held. */
    ApplyResult grantAccess(TargetEndpoint endpoint, TargetStep.GrantAccess step);

    /** Removes exactly the scope's permissions: DELETED, or NOOP when the login (or its permissions) is gone. */
    ApplyResult revokeAccess(TargetEndpoint endpoint, TargetStep.GrantAccess step);

    /** Drops the connection's login: DELETED, or NOOP when it is absent. Never another login. */
    ApplyResult dropLogin(TargetEndpoint endpoint, String login);

    /** Applies a step: the executor's one entry point, so every provider dispatches the same way. */
    default ApplyResult apply(TargetEndpoint endpoint, TargetStep step) {
        return switch (step) {
            case TargetStep.EnsureLogin s -> ensureLogin(endpoint, s);
            case TargetStep.GrantAccess s -> grantAccess(endpoint, s);
        };
    }

    /** Undoes exactly what {@link #apply} of the same step created; a no-op when there is nothing to undo. */
    default ApplyResult revert(TargetEndpoint endpoint, TargetStep step) {
        return switch (step) {
            case TargetStep.EnsureLogin s -> dropLogin(endpoint, s.login());
            case TargetStep.GrantAccess s -> revokeAccess(endpoint, s);
        };
    }

    /** Logs in as the connection and does a real operation within {@code scope}; one item per check. */
    List<ValidationItem> validate(TargetEndpoint endpoint, AccessScope scope, String login, Secret password);
}
