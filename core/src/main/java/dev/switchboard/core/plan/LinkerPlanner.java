package dev.switchboard.core.plan;

import dev.switchboard.core.config.ConfigItem;
import dev.switchboard.core.failure.TerminalFailure;
import dev.switchboard.core.id.ResourceId;
import dev.switchboard.core.target.AccessScope;
import dev.switchboard.core.target.ApplyResult;
import dev.switchboard.core.target.ObservedLogin;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code plan(desired, observed) -> steps} for one connection, with no I/O. An empty plan means the connection
 * is as it should be: drift is "the plan is not empty". The API, dry runs, the executor and (later) the
 * reconciler all call this.
 */
public final class LinkerPlanner {

    private LinkerPlanner() { }

    /**
     * What the connection should be. {@code requiredGrants}: the provider's grant words for {@code scope};
     * {@code passwordChanged}: the stored password is new and not yet on the target.
     */
    public record Desired(ResourceId source, String linkerName, ResourceId server, AccessScope scope, Set<String> requiredGrants,
                          String login, String passwordSecret, boolean passwordChanged, List<ConfigItem> items) { }

    /**
     * What is there now. {@code loginIsOurs}: the connection's footprint says it created this login;
     * {@code projected}: the configuration currently projected for this connection (empty when none).
     */
    public record Observed(ObservedLogin login, boolean loginIsOurs, List<ConfigItem> projected) { }

    public static List<PlannedStep> planApply(Desired d, Observed o) {
        if (o.login().exists() && !o.loginIsOurs()) {
            throw TerminalFailure.conflict("LoginAlreadyExists", "properties.authInfo.name", "login '" + d.login()
                    + "' already exists on the target and was not created by this connection; choose another name");
        }
        List<PlannedStep> steps = new ArrayList<>();
        if (!o.login().exists() || d.passwordChanged()) {
            steps.add(new PlannedStep.EnsureLogin(d.server(), d.login(), d.passwordSecret()));
        }
        if (!o.login().exists() || !o.login().grants().containsAll(d.requiredGrants())) {
            steps.add(new PlannedStep.GrantAccess(d.server(), d.login(), d.scope()));
        }
        if (!o.projected().equals(d.items()) || d.passwordChanged()) {
            steps.add(new PlannedStep.ProjectConfiguration(d.source(), d.linkerName(), d.items(), d.passwordSecret()));
        }
        return steps;
    }

    /** Removing a connection: the app stops using it first, then its grants and login go. */
    public static List<PlannedStep> planDelete(ResourceId source, String linkerName, ResourceId server, AccessScope scope,
                                               Observed o) {
        List<PlannedStep> steps = new ArrayList<>();
        if (!o.projected().isEmpty()) steps.add(new PlannedStep.RemoveConfiguration(source, linkerName));
        if (o.login().exists() && o.loginIsOurs()) {
            steps.add(new PlannedStep.RevokeAccess(server, o.login().login(), scope));
            steps.add(new PlannedStep.DropLogin(server, o.login().login()));
        }
        return steps;
    }

    /**
     * The step that undoes {@code done}, given what applying it returned. Removals have none: a delete that
     * fails half-way is resumed, not undone. {@code previous} is the configuration projected before.
     */
    public static Optional<PlannedStep> compensation(PlannedStep done, ApplyResult result, List<ConfigItem> previous,
                                                     String previousPasswordSecret) {
        if (result == ApplyResult.NOOP) return Optional.empty();
        return switch (done) {
            case PlannedStep.EnsureLogin s -> result == ApplyResult.CREATED
                    ? Optional.of(new PlannedStep.DropLogin(s.server(), s.login()))
                    : Optional.ofNullable(previousPasswordSecret).map(p -> new PlannedStep.EnsureLogin(s.server(), s.login(), p));
            // Only grants this step made from nothing are taken back: completing a partial set (UPDATED) must not
            // revoke what the connection already held before the operation.
            case PlannedStep.GrantAccess s -> result == ApplyResult.CREATED
                    ? Optional.of(new PlannedStep.RevokeAccess(s.server(), s.login(), s.scope()))
                    : Optional.empty();
            case PlannedStep.ProjectConfiguration s -> previous.isEmpty()
                    ? Optional.of(new PlannedStep.RemoveConfiguration(s.source(), s.linkerName()))
                    : Optional.of(new PlannedStep.ProjectConfiguration(s.source(), s.linkerName(), previous, previousPasswordSecret));
            case PlannedStep.RemoveConfiguration s -> Optional.empty();
            case PlannedStep.RevokeAccess s -> Optional.empty();
            case PlannedStep.DropLogin s -> Optional.empty();
            case PlannedStep.ConfirmConnection s -> Optional.empty();
        };
    }

    /**
     * Moving a connection to a new login without a failed request: the new login is made and granted beside the
     * old one, the app moves to it, the connection is confirmed on it, and only then is the old login revoked
     * and dropped. Until the confirmation everything is undone on failure; after it, the removal is finished.
     */
    public static List<PlannedStep> planRotation(ResourceId linker, ResourceId source, ResourceId server, AccessScope scope,
                                                 String oldLogin, String newLogin, String newPasswordSecret,
                                                 List<ConfigItem> items) {
        if (oldLogin.equals(newLogin)) throw new IllegalArgumentException("a rotation needs a new login");
        return List.of(
                new PlannedStep.EnsureLogin(server, newLogin, newPasswordSecret),
                new PlannedStep.GrantAccess(server, newLogin, scope),
                new PlannedStep.ProjectConfiguration(source, linker.name(), items, newPasswordSecret),
                new PlannedStep.ConfirmConnection(linker),
                new PlannedStep.RevokeAccess(server, oldLogin, scope),
                new PlannedStep.DropLogin(server, oldLogin));
    }

    /** How many leading steps may be undone: up to and including a confirmation; all of them when there is none. */
    public static int undoableSteps(List<PlannedStep> steps) {
        for (int i = 0; i < steps.size(); i++) if (steps.get(i) instanceof PlannedStep.ConfirmConnection) return i + 1;
        return steps.size();
    }
}
