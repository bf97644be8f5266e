package dev.switchboard.engine;

import dev.switchboard.core.linker.LinkerSpec;
import dev.switchboard.core.plan.PlannedStep;
import dev.switchboard.core.secret.Secret;
import dev.switchboard.core.store.Footprint;

import java.util.List;

/**
 * A connection request checked against the world: its spec, target, the footprint it would leave and the
 * steps to get there. {@code newSecret} is a password not stored yet (null when the current one is kept); until
 * it is stored at {@code placement}, the footprint and steps name it {@link ConnectionSecrets#PENDING}.
 */
public record PreparedLinker(LinkerSpec spec, ResolvedTarget target, Footprint before, Footprint after,
                             Secret newSecret, ConnectionSecrets.Placement placement, List<PlannedStep> steps) {
    public PreparedLinker {
        steps = List.copyOf(steps);
    }

    /** This plan with the pending password's key replaced by the key it was stored under. */
    public PreparedLinker withPasswordKey(String key) {
        List<PlannedStep> named = steps.stream().map(s -> switch (s) {
            case PlannedStep.EnsureLogin e when ConnectionSecrets.PENDING.equals(e.passwordSecret()) ->
                    new PlannedStep.EnsureLogin(e.server(), e.login(), key);
            case PlannedStep.ProjectConfiguration p when ConnectionSecrets.PENDING.equals(p.passwordSecret()) ->
                    new PlannedStep.ProjectConfiguration(p.source(), p.linkerName(), p.items(), key);
            default -> s;
        }).toList();
        Footprint a = after.withLogin(after.login(), after.loginCreated(), key);
        return new PreparedLinker(spec, target, before, a, newSecret, placement, named);
    }
}
