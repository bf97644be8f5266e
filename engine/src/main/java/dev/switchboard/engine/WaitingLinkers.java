package dev.switchboard.engine;

import dev.switchboard.core.failure.TerminalFailure;
import dev.switchboard.core.id.ResourceId;
import dev.switchboard.core.linker.LinkerSpec;
import dev.switchboard.core.linker.LinkerSpecReader;
import dev.switchboard.core.store.Etags;
import dev.switchboard.core.store.Footprint;
import dev.switchboard.core.store.Operation;
import dev.switchboard.core.store.StoredResource;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Connection requests that wait for their target (see {@link TargetWait}): stored {@code Waiting} with
 * {@code waitingFor} saying what for, their operation waiting in the background; then prepared against the target
 * (every check made again) and run by {@link LinkerService}, or failed having made nothing. A delete ends the wait; a
 * restart takes it up again. Nothing is made on the target or the app and no password is stored while waiting.
 */
final class WaitingLinkers {
    /** How long a delete waits for a canceled wait to end (an attempt against the target may be under way). */
    private static final Duration CANCEL_TIMEOUT = Duration.ofSeconds(30);
    private final LinkerService linkers;
    private final Stores stores;
    private final LinkerPreparer preparer;
    private final OperationTracker tracker;
    private final TargetWait waits;
    private final Clock clock;
    /** Each operation that waits for its target (or runs after it waited), by linker key. */
    private final Map<String, Waiting> waiting = new ConcurrentHashMap<>();

    /** One waiting operation: counting {@code canceled} down ends its wait; {@code running}: the wait is over. */
    private record Waiting(CountDownLatch canceled, AtomicBoolean running, CompletableFuture<Operation> ended) { }

    WaitingLinkers(LinkerService linkers, Stores stores, LinkerPreparer preparer, OperationTracker tracker, TargetWait waits,
                   Clock clock) {
        this.linkers = linkers;
        this.stores = stores;
        this.preparer = preparer;
        this.tracker = tracker;
        this.waits = waits;
        this.clock = clock;
    }

    boolean worthWaiting(TerminalFailure refused) {
        return waits.worthWaiting(refused);
    }

    /** A sound request refused only for its target ({@code why}): stored Waiting, its operation started under {@code reservation}. */
    LinkerService.Accepted accept(ResourceId linkerId, String reservation, ResourceId source, Map<String, Object> properties,
                                  boolean existed, TerminalFailure why, String actor) {
        Operation op = tracker.begin(linkerId, reservation, existed ? "update" : "create");
        try {
            String login = stores.footprints().footprint(linkerId).map(Footprint::login).orElse(null);
            StoredResource saved = putWaiting(linkerId, LinkerBodies.withoutSecrets(properties, login), why, op.startTime(), actor);
            return new LinkerService.Accepted(saved, op, !existed, submit(op, source, properties, actor));
        } catch (RuntimeException e) {
            tracker.finish(op, o -> { throw e; }, ended -> linkers.markFailed(linkerId, actor, ended));
            throw e;
        }
    }

    private StoredResource putWaiting(ResourceId id, Map<String, Object> properties, TerminalFailure why, Instant since, String actor) {
        ResourceId target = LinkerSpecReader.read(properties).targetId();
        Instant until = waits.deadline(since);
        Map<String, Object> waitingFor = LinkerBodies.waiting(properties, target, why.code(), TargetWait.describe(target, why, until), until);
        return stores.resources().put(id, Map.of("properties", waitingFor), null, actor, clock.instant());
    }

    private CompletableFuture<Operation> submit(Operation op, ResourceId source, Map<String, Object> properties, String actor) {
        // Known before the operation starts, so that a delete right after the request finds it.
        Waiting w = new Waiting(new CountDownLatch(1), new AtomicBoolean(), new CompletableFuture<>());
        waiting.put(op.resource().key(), w);
        CompletableFuture<Operation> done = tracker.submit(op, o -> afterWait(o, source, properties, actor, w),
                ended -> linkers.markFailed(op.resource(), actor, ended));
        done.whenComplete((ended, e) -> {
            waiting.remove(op.resource().key(), w);
            w.ended().complete(ended);
        });
        return done;
    }

    /** On the operation's thread: the wait, each new reason for it shown on the connection, then the run. */
    private Map<String, Object> afterWait(Operation op, ResourceId source, Map<String, Object> properties, String actor, Waiting w) {
        ResourceId id = op.resource();
        LinkerSpec spec = LinkerSpecReader.read(properties);
        PreparedLinker planned = waits.await(id, spec.targetId(), op.startTime(), () -> preparer.prepare(id, source, spec, false),
                why -> newReason(id, why, op.startTime(), actor), w.canceled());
        w.running().set(true);
        return linkers.runPrepared(op, planned, properties, actor);
    }

    /** The connection shows why it waits now, if that changed (so a reason that stays does not change its ETag). */
    private void newReason(ResourceId id, TerminalFailure why, Instant since, String actor) {
        stores.resources().get(id).filter(r -> !why.code().equals(LinkerBodies.waitingCode(r.properties())))
                .ifPresent(r -> putWaiting(id, r.properties(), why, since, actor));
    }

    /**
     * Before a delete: a connection that waits stops waiting (its operation fails as canceled, having made nothing) so
     * that the delete can go on. A delete that would be refused (a stale If-Match) ends nothing. True when a wait ended.
     */
    boolean stop(ResourceId linkerId, String ifMatch) {
        Waiting w = waiting.get(linkerId.key());
        if (w == null || w.running().get()) return false;
        Etags.require(linkerId, stores.resources().get(linkerId), ifMatch);
        w.canceled().countDown();
        try {
            w.ended().get(CANCEL_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // Still running: the delete's reservation answers 409.
        }
        return true;
    }

    /**
     * After a restart: an operation that was waiting for its target waits on, for what is left of its bound; one
     * whose request may have given a password (which is not stored) fails, asking for the request again. False when
     * {@code op} was not waiting.
     */
    boolean resume(Operation op, String actor) {
        Optional<StoredResource> linker = stores.resources().get(op.resource()).filter(r -> LinkerBodies.isWaiting(r.properties()));
        if (linker.isEmpty() || op.kind().equals("validate")) return false;
        Map<String, Object> properties = LinkerBodies.merge(linker.get().properties(), Map.of(), true);
        if (LinkerBodies.mayHaveGivenPassword(properties)) {
            tracker.finish(op, o -> { throw TerminalFailure.conflict("OperationInterrupted", op.resource().toString(),
                    "Switchboard restarted while the connection waited for its target; the password the request gave is"
                            + " not kept, so the wait could not go on: nothing was made; send the request again"); },
                    ended -> linkers.markFailed(op.resource(), actor, ended));
            return true;
        }
        try {
            tracker.adopt(op);
        } catch (TerminalFailure busy) {
            return true; // this replica led before and its wait still runs: nothing to take up
        }
        submit(op, op.resource().isExtension() ? op.resource().scope() : null, properties, actor);
        return true;
    }
}
