package dev.switchboard.engine;

import dev.switchboard.core.linker.LinkerSpec;
import dev.switchboard.core.plan.PlannedStep;
import dev.switchboard.core.secret.Secret;
import dev.switchboard.core.store.Footprint;

import java.util.List;

/**
 * A connection request checked against the world: its spec, target, the footprint it would leave and the
 * steps to get there. {@code newSecret} is a password not stored yet (null when the current one is kept).
 */
public record PreparedLinker(LinkerSpec spec, ResolvedTarget target, Footprint before, Footprint after,
                             Secret newSecret, List<PlannedStep> steps) {
    public PreparedLinker {
        steps = List.copyOf(steps);
    }
}
