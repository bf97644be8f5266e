package dev.switchboard.engine;

import dev.switchboard.core.config.ConfigItem;
import dev.switchboard.core.plan.Footprints;
import dev.switchboard.core.plan.LinkerPlanner;
import dev.switchboard.core.plan.PlannedStep;
import dev.switchboard.core.store.Footprint;
import dev.switchboard.core.store.JournalEntry;
import dev.switchboard.core.store.JournalEntry.Phase;
import dev.switchboard.core.store.OperationIntent;
import dev.switchboard.core.target.ApplyResult;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Runs an operation's steps under the journal: a line before and after each step, the footprint saved as each
 * step lands. When a step fails, what was done is compensated in reverse order (removals are resumed instead,
 * never undone). The same code finishes an operation that a crash interrupted.
 */
public final class OperationRunner {
    private final Stores stores;
    private final StepExecutor executor;
    private final RetryPolicy retry;
    private final Clock clock;
    private final FaultInjector faults;

    public OperationRunner(Stores stores, StepExecutor executor, RetryPolicy retry, Clock clock, FaultInjector faults) {
        this.stores = stores;
        this.executor = executor;
        this.retry = retry;
        this.clock = clock;
        this.faults = faults;
    }

    /** A step applied, with what applying it returned. */
    public record Done(PlannedStep step, ApplyResult result) { }

    public Footprint run(String operationId, OperationIntent intent) {
        return run(operationId, intent, d -> { });
    }

    /** As {@link #run(String, OperationIntent)}; {@code landed} hears of each step of the intent as it lands. */
    public Footprint run(String operationId, OperationIntent intent, Consumer<Done> landed) {
        stores.operations().saveIntent(operationId, intent);
        Footprint footprint = intent.before() != null ? intent.before() : emptyLike(intent.after());
        List<Done> done = new ArrayList<>();
        int seq = 0;
        int undoable = LinkerPlanner.undoableSteps(intent.steps());
        try {
            for (PlannedStep step : intent.steps()) {
                journal(operationId, seq++, step, Phase.STARTED, null);
                footprint = applyOne(step, footprint, done);
                landed.accept(done.get(done.size() - 1));
                journal(operationId, seq++, step, Phase.DONE, done.get(done.size() - 1).result());
            }
        } catch (RuntimeException failure) {
            // Past a confirmation the operation has committed: undoing would take the app off a working login.
            if (!intent.removal() && done.size() < undoable) compensate(operationId, seq, done, intent.before(), footprint);
            stores.operations().clearJournal(operationId);
            throw failure;
        }
        stores.operations().clearJournal(operationId);
        return footprint;
    }

    private Footprint applyOne(PlannedStep step, Footprint footprint, List<Done> done) {
        boolean projection = step instanceof PlannedStep.ProjectConfiguration || step instanceof PlannedStep.RemoveConfiguration;
        // The projector reads footprints, so a projection's footprint must be saved before the app is restarted.
        if (projection) save(Footprints.after(footprint, step, ApplyResult.UPDATED));
        ApplyResult result = retry.call(() -> executor.apply(step));
        Footprint next = Footprints.after(footprint, step, result);
        save(next);
        done.add(new Done(step, result));
        return next;
    }

    /** Undoes {@code done} in reverse; a compensation that fails is left for the reconciler and not hidden. */
    private void compensate(String operationId, int seq, List<Done> done, Footprint before, Footprint current) {
        List<ConfigItem> previous = before == null ? List.of() : before.projected();
        String previousSecret = before == null ? null : before.passwordSecret();
        Footprint footprint = current;
        for (int i = done.size() - 1; i >= 0; i--) {
            Done d = done.get(i);
            Optional<PlannedStep> undo = LinkerPlanner.compensation(d.step(), d.result(), previous, previousSecret);
            if (undo.isEmpty()) continue;
            journal(operationId, seq++, undo.get(), Phase.COMPENSATING, null);
            footprint = applyOne(undo.get(), footprint, new ArrayList<>());
            journal(operationId, seq++, undo.get(), Phase.COMPENSATED, null);
        }
        if (before == null && footprint.projected().isEmpty() && !footprint.loginCreated()) {
            stores.footprints().deleteFootprint(footprint.linker());
        } else if (before != null) {
            save(before); // every step is undone: the connection is as it was, whatever login the steps named
        }
    }

    /**
     * After a crash: finish an interrupted removal, or an apply that had committed (passed its confirmation);
     * undo any other apply. True when the operation was finished, false when it was undone.
     */
    public boolean recover(String operationId, OperationIntent intent) {
        List<JournalEntry> lines = stores.operations().journal(operationId);
        if (intent.removal()) {
            stores.operations().clearJournal(operationId);
            run(operationId, intent);
            return true;
        }
        int undoable = LinkerPlanner.undoableSteps(intent.steps());
        long confirmed = lines.stream().filter(l -> l.phase() == Phase.DONE).count();
        if (undoable < intent.steps().size() && confirmed >= undoable) {
            finishCommitted(operationId, intent, undoable);
            return true;
        }
        List<Done> done = new ArrayList<>();
        for (JournalEntry line : lines) {
            if (line.phase() == Phase.DONE) done.set(done.size() - 1, new Done(line.step(), line.result()));
            if (line.phase() == Phase.STARTED) done.add(new Done(line.step(), assumedResult(line.step(), intent.before())));
            if (line.phase() == Phase.COMPENSATING) break;
        }
        Footprint current = stores.footprints().footprint(intent.after().linker()).orElse(emptyLike(intent.after()));
        compensate(operationId, lines.size(), done, intent.before(), current);
        stores.operations().clearJournal(operationId);
        return false;
    }

    /** Runs the steps after the commit point again; they are removals, so running one twice is harmless. */
    private void finishCommitted(String operationId, OperationIntent intent, int from) {
        Footprint footprint = stores.footprints().footprint(intent.after().linker()).orElse(intent.after());
        int seq = stores.operations().journal(operationId).size();
        for (PlannedStep step : intent.steps().subList(from, intent.steps().size())) {
            List<Done> applied = new ArrayList<>();
            journal(operationId, seq++, step, Phase.STARTED, null);
            footprint = applyOne(step, footprint, applied);
            journal(operationId, seq++, step, Phase.DONE, applied.get(0).result());
        }
        stores.operations().clearJournal(operationId);
    }

    /** A step that started but never recorded its end may have done its work; assume it did, so it is undone. */
    private static ApplyResult assumedResult(PlannedStep step, Footprint before) {
        String login = step instanceof PlannedStep.EnsureLogin s ? s.login()
                : step instanceof PlannedStep.GrantAccess s ? s.login() : null;
        // A rotation's new login did not exist before, whatever the footprint says of the old one.
        boolean loginExisted = before != null && before.loginCreated() && before.login() != null && before.login().equals(login);
        if (step instanceof PlannedStep.EnsureLogin || step instanceof PlannedStep.GrantAccess) {
            // On a login this operation created, undo everything; on an existing one, keep the grants it had.
            return loginExisted ? ApplyResult.UPDATED : ApplyResult.CREATED;
        }
        return ApplyResult.UPDATED;
    }

    private void save(Footprint f) {
        stores.footprints().saveFootprint(f);
    }

    private void journal(String operationId, int seq, PlannedStep step, Phase phase, ApplyResult result) {
        stores.operations().append(new JournalEntry(operationId, seq, step, phase, result, clock.instant()));
        faults.reached(step, phase);
    }

    private static Footprint emptyLike(Footprint f) {
        return new Footprint(f.linker(), f.source(), f.server(), f.target(), f.scope(), f.login(), false, null, List.of());
    }
}
