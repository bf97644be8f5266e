package dev.switchboard.engine;

import dev.switchboard.core.id.ResourceId;
import dev.switchboard.core.plan.PlannedStep;
import dev.switchboard.core.secret.Secret;
import dev.switchboard.core.target.ApplyResult;
import dev.switchboard.core.target.TargetProvider;
import dev.switchboard.core.target.TargetStep;

/**
 * Carries out one planned step against the outside world: resolves the target's admin endpoint and the
 * connection's secret at the last moment, then calls the provider or the app projector.
 */
public final class StepExecutor {
    private final ConnectionSecrets secrets;
    private final TargetResolver targets;
    private final AppProjector projector;

    public StepExecutor(ConnectionSecrets secrets, TargetResolver targets, AppProjector projector) {
        this.secrets = secrets;
        this.targets = targets;
        this.projector = projector;
    }

    public ApplyResult apply(PlannedStep step) {
        return switch (step) {
            case PlannedStep.EnsureLogin s -> provider(s.server())
                    .apply(targets.endpoint(s.server()), new TargetStep.EnsureLogin(s.login(), secret(s.passwordSecret())));
            case PlannedStep.GrantAccess s -> provider(s.server())
                    .apply(targets.endpoint(s.server()), new TargetStep.GrantAccess(s.login(), s.scope()));
            case PlannedStep.RevokeAccess s -> provider(s.server())
                    .revert(targets.endpoint(s.server()), new TargetStep.GrantAccess(s.login(), s.scope()));
            case PlannedStep.DropLogin s -> provider(s.server())
                    .revert(targets.endpoint(s.server()), new TargetStep.EnsureLogin(s.login(), Secret.of("")));
            case PlannedStep.ProjectConfiguration s -> s.source() == null ? ApplyResult.NOOP : projector.project(s.source());
            case PlannedStep.RemoveConfiguration s -> s.source() == null ? ApplyResult.NOOP : projector.project(s.source());
        };
    }

    private TargetProvider provider(ResourceId server) {
        return targets.kindOfServer(server).provider();
    }

    private Secret secret(String key) {
        return secrets.require(key);
    }
}
