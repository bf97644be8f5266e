package dev.switchboard.server;

import dev.switchboard.core.plan.PlannedStep;
import dev.switchboard.core.store.JournalEntry;
import dev.switchboard.engine.FaultInjector;

/**
 * Halts the JVM (no shutdown hooks, like SIGKILL) when a step boundary {@code Step:PHASE} is reached, so the
 * crash-safety tests can kill Switchboard exactly there.
 */
final class HaltAtFaultPoint implements FaultInjector {
    private final String point;

    private HaltAtFaultPoint(String point) {
        this.point = point;
    }

    static FaultInjector of(String point) {
        return point == null || point.isBlank() ? FaultInjector.NONE : new HaltAtFaultPoint(point);
    }

    @Override
    public void reached(PlannedStep step, JournalEntry.Phase phase) {
        if (point.equals(step.name() + ":" + phase.name())) Runtime.getRuntime().halt(137);
    }
}
