package dev.switchboard.engine;

import dev.switchboard.core.failure.TerminalFailure;
import dev.switchboard.core.id.ResourceId;
import dev.switchboard.core.store.AuditEntry;
import dev.switchboard.core.store.AuditLog;
import dev.switchboard.core.store.Operation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * Long-running operations: records each in the store (the operation-status API reads it), runs it in the
 * background, and allows one operation at a time per resource (a second one is a 409).
 */
public final class OperationTracker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OperationTracker.class);
    private final Stores stores;
    private final Clock clock;
    private final ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
    private final Map<String, String> inFlight = new ConcurrentHashMap<>();

    private final AuditLog audit;

    public OperationTracker(Stores stores, AuditLog audit, Clock clock) {
        this.stores = stores;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * Reserves {@code resource} before a request is even read, so that no other request can read and plan from
     * the same state; 409 while another operation holds it. Returns the id the operation will carry.
     */
    public String reserve(ResourceId resource) {
        String id = UUID.randomUUID().toString();
        if (inFlight.putIfAbsent(resource.key(), id) != null) throw busy(resource);
        return id;
    }

    /** Gives back a reservation whose request was refused before it became an operation. */
    public void release(ResourceId resource, String reservation) {
        inFlight.remove(resource.key(), reservation);
    }

    /** Records the operation of a reservation; {@link #finish} releases it. */
    public Operation begin(ResourceId resource, String reservation, String kind) {
        Operation op = new Operation(reservation, resource, kind, Operation.IN_PROGRESS, clock.instant(), null, null, null, Map.of());
        stores.operations().saveOperation(op);
        return op;
    }

    /** Holds the resource for an operation recorded before a restart, which goes on running under its own id. */
    public void adopt(Operation op) {
        if (inFlight.putIfAbsent(op.resource().key(), op.id()) != null) throw busy(op.resource());
    }

    private static TerminalFailure busy(ResourceId resource) {
        return TerminalFailure.conflict("AnotherOperationInProgress", resource.toString(),
                "another operation is in progress on " + resource + "; wait for it to finish");
    }

    /** A read-only operation (validation), which may run beside a change. */
    public Operation beginShared(ResourceId resource, String kind) {
        String id = UUID.randomUUID().toString();
        Operation op = new Operation(id, resource, kind, Operation.IN_PROGRESS, clock.instant(), null, null, null, Map.of());
        stores.operations().saveOperation(op);
        return op;
    }

    /** Runs {@code work} in the background; its answer becomes the operation's result, its failure the error. */
    public CompletableFuture<Operation> submit(Operation op, Function<Operation, Map<String, Object>> work,
                                               java.util.function.Consumer<Operation> onFailure) {
        return CompletableFuture.supplyAsync(() -> finish(op, work, onFailure), pool);
    }

    /**
     * Runs {@code work} now, on the caller's thread (used by recovery and by callers that want to wait). When it
     * fails, {@code onFailure} is given the operation as it ended (its error code says why) before it is saved.
     */
    public Operation finish(Operation op, Function<Operation, Map<String, Object>> work, java.util.function.Consumer<Operation> onFailure) {
        Operation ended;
        try {
            ended = op.succeeded(clock.instant(), work.apply(op));
        } catch (TerminalFailure e) {
            ended = op.failed(clock.instant(), e.code(), e.getMessage());
            onFailure.accept(ended);
        } catch (RuntimeException e) {
            LOG.warn("operation {} on {} failed: {}", op.id(), op.resource(), e.getMessage());
            ended = op.failed(clock.instant(), "OperationFailed", String.valueOf(e.getMessage()));
            onFailure.accept(ended);
        } finally {
            inFlight.remove(op.resource().key(), op.id());
        }
        stores.operations().saveOperation(ended);
        // The request that started it is audited when accepted; how it ended is a second entry, by Switchboard.
        audit.append(new AuditEntry(0, clock.instant(), "switchboard", "operation " + op.kind(), op.resource().toString(),
                Operation.SUCCEEDED.equals(ended.status()) ? 200 : 500,
                ended.status() + (ended.errorCode() == null ? "" : " " + ended.errorCode()) + " " + op.id() + notes(ended), null,
                stores.resources().get(op.resource()).map(r -> r.body()).orElse(null)));
        return ended;
    }

    /** What the operation wants said beside its status (a removal that found the login already gone). */
    private static String notes(Operation ended) {
        Object notes = ended.result() == null ? null : ended.result().get(RemovalNotes.NOTES);
        return notes instanceof java.util.List<?> list && !list.isEmpty() ? ": " + String.join("; ", list.stream().map(String::valueOf).toList()) : "";
    }

    @Override
    public void close() {
        pool.shutdown();
    }
}
