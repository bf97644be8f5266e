package dev.switchboard.engine;

import dev.switchboard.core.failure.TerminalFailure;
import dev.switchboard.core.id.ResourceId;
import dev.switchboard.core.linker.ValidationItem;
import dev.switchboard.core.plan.PlannedStep;
import dev.switchboard.core.secret.Secret;
import dev.switchboard.core.store.Footprint;
import dev.switchboard.core.target.ApplyResult;
import dev.switchboard.core.target.TargetEndpoint;
import dev.switchboard.core.target.TargetProvider;
import dev.switchboard.core.target.TargetStep;

import java.util.List;
import java.util.function.BiFunction;

/**
 * Carries out one planned step against the outside world: resolves the target's admin endpoint and the
 * connection's secret at the last moment, then calls the provider (through {@link TargetFaults}: retried while
 * transient, failures naming the target), the app projector, or the validator.
 */
public final class StepExecutor {
    private final Stores stores;
    private final ConnectionSecrets secrets;
    private final TargetResolver targets;
    private final AppProjector projector;
    private final LinkerValidator validator;
    private final TargetFaults faults;
    private final ConnectionFieldWriter fields;

    public StepExecutor(Stores stores, ConnectionSecrets secrets, TargetResolver targets, AppProjector projector,
                        LinkerValidator validator, TargetFaults faults, java.time.Clock clock) {
        this.stores = stores;
        this.secrets = secrets;
        this.targets = targets;
        this.projector = projector;
        this.validator = validator;
        this.faults = faults;
        this.fields = new ConnectionFieldWriter(stores, clock);
    }

    public ApplyResult apply(PlannedStep step) {
        return switch (step) {
            case PlannedStep.EnsureLogin s -> onTarget(s.server(),
                    (p, e) -> p.apply(e, new TargetStep.EnsureLogin(s.login(), secrets.require(s.passwordSecret()))));
            case PlannedStep.GrantAccess s -> onTarget(s.server(), (p, e) -> p.apply(e, new TargetStep.GrantAccess(s.login(), s.scope())));
            case PlannedStep.RevokeAccess s -> onTarget(s.server(), (p, e) -> p.revert(e, new TargetStep.GrantAccess(s.login(), s.scope())));
            case PlannedStep.DropLogin s -> onTarget(s.server(),
                    (p, e) -> p.revert(e, new TargetStep.EnsureLogin(s.login(), Secret.of(""))));
            case PlannedStep.ProjectConfiguration s -> s.source() == null ? ApplyResult.NOOP
                    : projected(s.source(), fields.write(s.source(), s.linkerName(), s.items()));
            case PlannedStep.RemoveConfiguration s -> s.source() == null ? ApplyResult.NOOP
                    : projected(s.source(), fields.release(s.source(), s.linkerName()));
            case PlannedStep.ConfirmConnection s -> confirm(s.linker());
        };
    }

    /** The app's processes brought in line; a changed resource counts as a change even when nothing restarted. */
    private ApplyResult projected(ResourceId app, ApplyResult fieldsWritten) {
        ApplyResult ran = projector.project(app);
        return ran == ApplyResult.NOOP ? fieldsWritten : ran;
    }

    private ApplyResult onTarget(ResourceId server, BiFunction<TargetProvider, TargetEndpoint, ApplyResult> call) {
        TargetKinds.Registered kind = targets.kindOfServer(server);
        TargetEndpoint endpoint = targets.endpoint(server);
        return faults.call(server, kind.kind().name(), endpoint, () -> call.apply(kind.provider(), endpoint));
    }

    /** Fails (409) unless every check of the connection as it now stands passes; a warning does not fail it. */
    private ApplyResult confirm(ResourceId linker) {
        Footprint f = stores.footprints().footprint(linker).orElseThrow(() -> new TerminalFailure(500, "FootprintMissing",
                linker.toString(), "the connection's footprint is missing"));
        List<String> failed = validator.validate(f).stream().filter(i -> i.result() == ValidationItem.Result.FAILURE)
                .map(i -> i.name() + ": " + i.errorMessage()).toList();
        if (!failed.isEmpty()) {
            throw TerminalFailure.conflict("ConnectionNotConfirmed", linker.toString(),
                    "the connection did not validate with its new settings (" + String.join("; ", failed) + ")");
        }
        return ApplyResult.NOOP;
    }
}
