package dev.switchboard.core.store;

import dev.switchboard.core.plan.PlannedStep;
import dev.switchboard.core.target.ApplyResult;

import java.time.Instant;

/**
 * One line of the operations journal, written before ({@code STARTED}) and after ({@code DONE}) each step,
 * and around each compensation. After a crash, the lines of an unfinished operation say what was done.
 */
public record JournalEntry(String operationId, int seq, PlannedStep step, Phase phase, ApplyResult result, Instant at) {
    public enum Phase { STARTED, DONE, COMPENSATING, COMPENSATED }
}
