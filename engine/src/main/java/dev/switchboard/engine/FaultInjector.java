package dev.switchboard.engine;

import dev.switchboard.core.plan.PlannedStep;
import dev.switchboard.core.store.JournalEntry;

/**
 * A hook at every step boundary, after the journal line is written. Production wiring passes {@link #NONE};
 * the crash-safety tests pass one that kills the process at a chosen boundary.
 */
@FunctionalInterface
public interface FaultInjector {
    FaultInjector NONE = (step, phase) -> { };

    void reached(PlannedStep step, JournalEntry.Phase phase);
}
