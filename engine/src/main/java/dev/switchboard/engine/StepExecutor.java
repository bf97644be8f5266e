package dev.switchboard.engine;

import dev.switchboard.core.failure.TerminalFailure;
import dev.switchboard.core.id.ResourceId;
import dev.switchboard.core.linker.ValidationItem;
import dev.switchboard.core.store.Footprint;
import dev.switchboard.core.plan.PlannedStep;
import dev.switchboard.core.secret.Secret;
import dev.switchboard.core.target.ApplyResult;
import dev.switchboard.core.target.TargetProvider;
import dev.switchboard.core.target.TargetStep;

import java.util.List;

/**
 * Carries out one planned step against the outside world: resolves the target's admin endpoint and the
 * connection's secret at the last moment, then calls the provider or the app projector.
 */
public final class StepExecutor {
    private final Stores stores;
    private final ConnectionSecrets secrets;
    private final TargetResolver targets;
    private final AppProjector projector;
    private final LinkerValidator validator;

    public StepExecutor(Stores stores, ConnectionSecrets secrets, TargetResolver targets, AppProjector projector,
                        LinkerValidator validator) {
        this.stores = stores;
        this.secrets = secrets;
        this.targets = targets;
        this.projector = projector;
        this.validator = validator;
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
            case PlannedStep.ConfirmConnection s -> confirm(s.linker());
        };
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

    private TargetProvider provider(ResourceId server) {
        return targets.kindOfServer(server).provider();
    }

    private Secret secret(String key) {
        return secrets.require(key);
    }
}
