package dev.switchboard.engine;

import dev.switchboard.core.failure.TerminalFailure;
import dev.switchboard.core.id.ResourceId;
import dev.switchboard.core.plan.PlannedStep;
import dev.switchboard.core.secret.Secret;
import dev.switchboard.core.target.ApplyResult;
import dev.switchboard.core.target.TargetEndpoint;
import dev.switchboard.core.target.TargetProvider;
import dev.switchboard.core.target.TargetStep;

import java.util.function.BiFunction;

/**
 * Carries out one planned step against the outside world: resolves the target's admin endpoint and the
 * connection's secret at the last moment, then calls the provider (through {@link TargetFaults}: retried while
 * transient, failures naming the target) or the app projector.
 */
public final class StepExecutor {
    private final Stores stores;
    private final TargetResolver targets;
    private final AppProjector projector;
    private final TargetFaults faults;

    public StepExecutor(Stores stores, TargetResolver targets, AppProjector projector, TargetFaults faults) {
        this.stores = stores;
        this.targets = targets;
        this.projector = projector;
        this.faults = faults;
    }

    public ApplyResult apply(PlannedStep step) {
        return switch (step) {
            case PlannedStep.EnsureLogin s -> onTarget(s.server(),
                    (p, e) -> p.apply(e, new TargetStep.EnsureLogin(s.login(), secret(s.passwordSecret()))));
            case PlannedStep.GrantAccess s -> onTarget(s.server(), (p, e) -> p.apply(e, new TargetStep.GrantAccess(s.login(), s.scope())));
            case PlannedStep.RevokeAccess s -> onTarget(s.server(), (p, e) -> p.revert(e, new TargetStep.GrantAccess(s.login(), s.scope())));
            case PlannedStep.DropLogin s -> onTarget(s.server(),
                    (p, e) -> p.revert(e, new TargetStep.EnsureLogin(s.login(), Secret.of(""))));
            case PlannedStep.ProjectConfiguration s -> s.source() == null ? ApplyResult.NOOP : projector.project(s.source());
            case PlannedStep.RemoveConfiguration s -> s.source() == null ? ApplyResult.NOOP : projector.project(s.source());
        };
    }

    private ApplyResult onTarget(ResourceId server, BiFunction<TargetProvider, TargetEndpoint, ApplyResult> call) {
        TargetKinds.Registered kind = targets.kindOfServer(server);
        TargetEndpoint endpoint = targets.endpoint(server);
        return faults.call(server, kind.kind().name(), endpoint, () -> call.apply(kind.provider(), endpoint));
    }

    private Secret secret(String name) {
        return stores.secrets().get(name).orElseThrow(() -> new TerminalFailure(500, "SecretMissing", null,
                "the connection's stored credential is missing"));
    }
}
