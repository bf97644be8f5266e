package dev.switchboard.core.plan;

import dev.switchboard.core.config.ConfigItem;
import dev.switchboard.core.id.ResourceId;
import dev.switchboard.core.target.AccessScope;

import java.util.List;

/**
 * One named, idempotent change an operation makes. Steps hold no secret: a password is named by the store key
 * it lives under, so the journal that records steps never holds one.
 */
public sealed interface PlannedStep {

    /** The step's name as the journal, previews and errors show it. */
    default String name() {
        return getClass().getSimpleName();
    }

    /** The connection's login exists with the password stored under {@code passwordSecret}. */
    record EnsureLogin(ResourceId server, String login, String passwordSecret) implements PlannedStep { }

    /** The login holds the connection's least privilege, {@code scope}, on the target. */
    record GrantAccess(ResourceId server, String login, AccessScope scope) implements PlannedStep { }

    /** The app's configuration for this connection is exactly {@code items}; the app restarts when that changes it. */
    record ProjectConfiguration(ResourceId source, String linkerName, List<ConfigItem> items, String passwordSecret)
            implements PlannedStep {
        public ProjectConfiguration {
            items = List.copyOf(items);
        }
    }

    record RemoveConfiguration(ResourceId source, String linkerName) implements PlannedStep { }

    record RevokeAccess(ResourceId server, String login, AccessScope scope) implements PlannedStep { }

    record DropLogin(ResourceId server, String login) implements PlannedStep { }

    /**
     * The connection works as it now stands: its login gets in and its app runs with its configuration (the
     * validation a user would run). Changes nothing; an operation that holds this step commits when it passes, so
     * the steps after it are finished, never undone.
     */
    record ConfirmConnection(ResourceId linker) implements PlannedStep { }
}
