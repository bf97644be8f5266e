package dev.switchboard.core.store;

import dev.switchboard.core.plan.PlannedStep;

import java.util.List;

/**
 * What an operation set out to do, saved before its first step: the planned steps, the footprint it will leave
 * on success and the one it had before (for compensation). Holds secret names, never secret values.
 */
public record OperationIntent(List<PlannedStep> steps, Footprint before, Footprint after, boolean removal) {
    public OperationIntent {
        steps = List.copyOf(steps);
    }
}
