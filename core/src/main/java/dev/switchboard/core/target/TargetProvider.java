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

    ApplyResult apply(TargetEndpoint endpoint, TargetStep step);

    /** Undoes exactly what {@link #apply} of the same step created; a no-op when there is nothing to undo. */
    ApplyResult revert(TargetEndpoint endpoint, TargetStep step);

    /** Logs in as the connection and does a real operation within {@code scope}; one item per check. */
    List<ValidationItem> validate(TargetEndpoint endpoint, AccessScope scope, String login, Secret password);
}
