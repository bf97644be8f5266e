package dev.switchboard.core.target;

import dev.switchboard.core.secret.Secret;

/** The changes a connection makes on a target. Each is idempotent; {@link TargetProvider#revert} undoes it. */
public sealed interface TargetStep {

    /** The connection's own login exists with this password (created, or its password set). */
    record EnsureLogin(String login, Secret password) implements TargetStep { }

    /** The login holds exactly the connection's least-privilege permissions described by {@code scope}. */
    record GrantAccess(String login, AccessScope scope) implements TargetStep { }
}
