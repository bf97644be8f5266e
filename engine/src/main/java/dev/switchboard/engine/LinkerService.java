package dev.switchboard.engine;

import dev.switchboard.core.failure.TerminalFailure;
import dev.switchboard.core.id.ResourceId;
import dev.switchboard.core.linker.DriftPolicy;
import dev.switchboard.core.linker.LinkerSpec;
import dev.switchboard.core.linker.LinkerSpecReader;
import dev.switchboard.core.linker.RotationSchedule;
import dev.switchboard.core.linker.ValidationItem;
import dev.switchboard.core.plan.LinkerPlanner;
import dev.switchboard.core.plan.PlannedStep;
import dev.switchboard.core.store.Etags;
import dev.switchboard.core.store.Footprint;
import dev.switchboard.core.store.Operation;
import dev.switchboard.core.store.OperationIntent;
import dev.switchboard.core.store.StoredResource;
import dev.switchboard.core.target.ObservedLogin;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Connections (ServiceLinker linkers and location-scoped connectors): create, update, delete as journaled
 * operations; validate; configuration. Requests are fully checked before anything changes.
 */
public final class LinkerService {
    /** The types of connection: an app's linkers and a resource group's location-scoped connectors. */
    public static final List<String> TYPES = List.of("Microsoft.ServiceLinker/linkers", "Microsoft.ServiceLinker/locations/connectors");
    private final Stores stores;
    private final LinkerPreparer preparer;
    private final OperationRunner runner;
    private final OperationTracker tracker;
    private final LinkerValidator validator;
    private final AppProjector projector;
    private final ConnectionSecrets secrets;
    private final WaitingLinkers waiting;
    private final Clock clock;

    public LinkerService(Stores stores, LinkerPreparer preparer, OperationRunner runner, OperationTracker tracker,
                         LinkerValidator validator, AppProjector projector, ConnectionSecrets secrets, TargetWait waits, Clock clock) {
        this.stores = stores;
        this.preparer = preparer;
        this.runner = runner;
        this.tracker = tracker;
        this.validator = validator;
        this.projector = projector;
        this.secrets = secrets;
        this.waiting = new WaitingLinkers(this, stores, preparer, tracker, waits, clock);
        this.clock = clock;
    }

    /** A stored linker and the operation that is realising it. */
    public record Accepted(StoredResource linker, Operation operation, boolean created, CompletableFuture<Operation> completion) { }

    public Accepted createOrUpdate(ResourceId linkerId, ResourceId source, Map<String, Object> body, boolean patch,
                                   String ifMatch, String actor) {
        return createOrUpdate(linkerId, source, body, patch, ifMatch, actor, false, true);
    }

    /**
     * The connection's desired state applied again, as a PATCH that changes nothing (the retry of a connection whose
     * target is back, the heal of one that drifted): the plan recreates a dropped login with the stored password and
     * re-grants. {@code reproject}: the running app lacks the connection's configuration although the footprint says
     * it was projected, so it is projected again. It does not wait for a missing or unreachable target: its callers
     * come round again on their own.
     */
    public Accepted reapply(ResourceId linkerId, boolean reproject, String actor) {
        ResourceId source = linkerId.isExtension() ? linkerId.scope() : null;
        return createOrUpdate(linkerId, source, Map.of("properties", Map.of()), true, null, actor, reproject, false);
    }

    private Accepted createOrUpdate(ResourceId linkerId, ResourceId source, Map<String, Object> body, boolean patch,
                                    String ifMatch, String actor, boolean reproject, boolean mayWait) {
        String reservation = tracker.reserve(linkerId);
        try {
            return accept(new Request(reservation, linkerId, source, body, patch, ifMatch, actor, reproject, mayWait));
        } catch (RuntimeException e) {
            tracker.release(linkerId, reservation);
            throw e;
        }
    }

    /** A create or update as accepted, with the reservation of the linker it holds; {@code mayWait} for its target. */
    private record Request(String reservation, ResourceId linkerId, ResourceId source, Map<String, Object> body, boolean patch,
                           String ifMatch, String actor, boolean reproject, boolean mayWait) { }

    /**
     * Runs with the linker reserved: everything that can refuse the request does so before anything is written. A
     * target that does not exist or does not answer yet is waited for instead (see {@link WaitingLinkers}).
     */
    private Accepted accept(Request r) {
        ResourceId linkerId = r.linkerId();
        Optional<StoredResource> existing = stores.resources().get(linkerId);
        Map<String, Object> properties = checkedProperties(r, existing);
        PreparedLinker planned;
        try {
            planned = preparer.prepare(linkerId, r.source(), LinkerSpecReader.read(properties), r.reproject());
        } catch (TerminalFailure e) {
            if (!r.mayWait() || !waiting.worthWaiting(e)) throw e;
            return waiting.accept(linkerId, r.reservation(), r.source(), properties, existing.isPresent(), e, r.actor());
        }
        Operation op = tracker.begin(linkerId, r.reservation(), existing.isPresent() ? "update" : "create");
        PreparedLinker prepared = planned;
        try {
            prepared = withStoredSecret(linkerId, planned, r.actor());
            StoredResource saved = save(linkerId, properties, prepared.after().login(),
                    existing.isPresent() ? "Updating" : "Creating", null, r.actor());
            OperationIntent intent = intentOf(prepared);
            PreparedLinker stored = prepared;
            CompletableFuture<Operation> done = tracker.submit(op, o -> complete(o, intent, r.actor()),
                    ended -> failed(linkerId, stored, r.actor(), ended));
            return new Accepted(saved, op, existing.isEmpty(), done);
        } catch (RuntimeException e) {
            PreparedLinker stored = prepared;
            tracker.finish(op, o -> { throw e; }, ended -> failed(linkerId, stored, r.actor(), ended));
            throw e;
        }
    }

    /** A plan whose new password (if any) is stored now, under the key the steps then name. */
    private PreparedLinker withStoredSecret(ResourceId linkerId, PreparedLinker planned, String actor) {
        if (planned.newSecret() == null) return planned;
        return planned.withPasswordKey(secrets.store(linkerId, planned.placement(), planned.newSecret(), actor));
    }

    private static OperationIntent intentOf(PreparedLinker prepared) {
        return new OperationIntent(prepared.steps(), prepared.before(), prepared.after(), false);
    }

    /** A request that waited for its target, prepared now: run on the operation's thread, as {@link #accept} runs one. */
    Map<String, Object> runPrepared(Operation op, PreparedLinker planned, Map<String, Object> properties, String actor) {
        PreparedLinker prepared = planned;
        try {
            prepared = withStoredSecret(op.resource(), planned, actor);
            save(op.resource(), properties, prepared.after().login(), op.kind().equals("update") ? "Updating" : "Creating", null, actor);
            return complete(op, intentOf(prepared), actor);
        } catch (RuntimeException e) {
            releaseNew(op.resource(), prepared);
            throw e;
        }
    }

    /** The properties the request leaves the connection with; refused, naming the field, when they cannot be. */
    private Map<String, Object> checkedProperties(Request r, Optional<StoredResource> existing) {
        if (r.patch() && existing.isEmpty()) throw notFound(r.linkerId());
        Etags.require(r.linkerId(), existing, r.ifMatch());
        requireSource(r.source());
        Map<String, Object> stored = existing.map(StoredResource::properties).orElse(Map.of());
        Map<String, Object> properties = LinkerBodies.merge(stored, LinkerBodies.properties(r.body()), r.patch());
        RotationSchedule.read(properties);
        DriftPolicy.read(properties);
        LinkerBodies.keepLastRotation(properties, stored);
        return properties;
    }

    /** A create or update that did not complete was compensated: its new password is referenced by nothing now. */
    private void failed(ResourceId linkerId, PreparedLinker prepared, String actor, Operation ended) {
        releaseNew(linkerId, prepared);
        markFailed(linkerId, actor, ended);
    }

    private void releaseNew(ResourceId linkerId, PreparedLinker prepared) {
        String kept = stores.footprints().footprint(linkerId).map(Footprint::passwordSecret).orElse(null);
        // A compensation that could not finish may leave the footprint on the new password: then it must stay.
        if (prepared.newSecret() != null) secrets.release(prepared.after().passwordSecret(), kept);
    }

    private Map<String, Object> complete(Operation op, OperationIntent intent, String actor) {
        Footprint result = runner.run(op.id(), intent);
        stores.footprints().saveFootprint(result);
        succeeded(op, intent, result, actor);
        return Map.of();
    }

    /** The previous password is referenced by nothing now; the resource names the login the connection uses. */
    private void succeeded(Operation op, OperationIntent intent, Footprint result, String actor) {
        String previous = intent.before() == null ? null : intent.before().passwordSecret();
        secrets.release(previous, result.passwordSecret());
        stores.resources().get(op.resource()).ifPresent(r -> {
            Map<String, Object> properties = new LinkedHashMap<>(r.properties());
            if (op.kind().equals("rotate")) properties.put("rotation", LinkerBodies.rotated(properties.get("rotation"), clock.instant()));
            Map<String, Object> body = new LinkedHashMap<>(r.body());
            body.put("properties", LinkerBodies.withState(LinkerBodies.withoutSecrets(properties, result.login()), "Succeeded"));
            stores.resources().put(op.resource(), body, null, actor, clock.instant());
        });
    }

    /**
     * Moves a connection whose login Switchboard created to a new login and password without a failed request:
     * the new login is made beside the old, the app moves to it (its processes are handed over), the connection
     * is validated on it, and only then is the old login revoked and dropped.
     */
    public Started rotate(ResourceId linkerId, String ifMatch, String actor) {
        String reservation = tracker.reserve(linkerId);
        PreparedLinker planned;
        try {
            StoredResource stored = stores.resources().get(linkerId).orElseThrow(() -> notFound(linkerId));
            Etags.require(linkerId, Optional.of(stored), ifMatch);
            Footprint current = footprintOf(linkerId);
            if (!current.loginCreated()) {
                throw TerminalFailure.conflict("RotationNotPossible", linkerId.toString(), "the connection's login '"
                        + current.login() + "' was not created by Switchboard, so Switchboard cannot replace it");
            }
            planned = preparer.prepareRotation(linkerId, current, LinkerSpecReader.read(stored.properties()));
        } catch (RuntimeException e) {
            tracker.release(linkerId, reservation);
            throw e;
        }
        Operation op = tracker.begin(linkerId, reservation, "rotate");
        PreparedLinker prepared = planned;
        try {
            prepared = planned.withPasswordKey(secrets.store(planned.before(), planned.newSecret(), actor));
            setState(linkerId, "Updating", actor);
            OperationIntent intent = new OperationIntent(prepared.steps(), prepared.before(), prepared.after(), false);
            PreparedLinker stored = prepared;
            return new Started(op, tracker.submit(op, o -> complete(o, intent, actor), ended -> failed(linkerId, stored, actor, ended)));
        } catch (RuntimeException e) {
            PreparedLinker stored = prepared;
            tracker.finish(op, o -> { throw e; }, ended -> failed(linkerId, stored, actor, ended));
            throw e;
        }
    }

    /** The operation and, to wait on, its completion. */
    public record Started(Operation operation, CompletableFuture<Operation> completion) { }

    public Optional<Started> delete(ResourceId linkerId, String ifMatch, String actor) {
        // The If-Match was checked against the waiting connection; ending the wait changed its ETag.
        boolean stopped = waiting.stop(linkerId, ifMatch);
        String reservation = tracker.reserve(linkerId);
        Optional<StoredResource> existing = stores.resources().get(linkerId);
        try {
            if (existing.isEmpty()) {
                tracker.release(linkerId, reservation);
                return Optional.empty();
            }
            Etags.require(linkerId, existing, stopped ? null : ifMatch);
        } catch (RuntimeException e) {
            tracker.release(linkerId, reservation);
            throw e;
        }
        Operation op = tracker.begin(linkerId, reservation, "delete");
        setState(linkerId, "Deleting", actor);
        return Optional.of(new Started(op, tracker.submit(op, o -> remove(o, linkerId), ended -> markFailed(linkerId, actor, ended))));
    }

    private Map<String, Object> remove(Operation op, ResourceId linkerId) {
        Optional<Footprint> footprint = stores.footprints().footprint(linkerId);
        RemovalNotes notes = new RemovalNotes(footprint.map(Footprint::login).orElse(null), footprint.map(Footprint::server).orElse(null));
        if (footprint.isPresent()) {
            Footprint f = footprint.get();
            List<PlannedStep> steps = LinkerPlanner.planDelete(f.source(), linkerId.name(), f.server(), f.scope(),
                    new LinkerPlanner.Observed(f.login() == null ? ObservedLogin.absent("") : new ObservedLogin(f.login(),
                            f.loginCreated(), Set.of(), Set.of()), f.loginCreated(), f.projected()));
            Footprint left = runner.run(op.id(), new OperationIntent(steps, f, f, true), notes);
            stores.footprints().deleteFootprint(linkerId);
            secrets.delete(left.passwordSecret());
        }
        stores.events().deleteEvents(linkerId);
        stores.resources().delete(linkerId, null);
        return notes.result();
    }

    /**
     * After a restart: an operation the crash interrupted is finished (a removal) or undone (anything else), so
     * nothing half-made is left behind. Returns how many were recovered.
     */
    public int recoverInterrupted(String actor) {
        int n = 0;
        for (Operation op : stores.operations().unfinishedOperations()) {
            Optional<OperationIntent> intent = stores.operations().intent(op.id());
            if (intent.isEmpty() && waiting.resume(op, actor)) {
                n++;
                continue;
            }
            if (op.kind().equals("validate") || intent.isEmpty()) {
                stores.operations().saveOperation(op.failed(clock.instant(), "OperationInterrupted", "Switchboard restarted"));
                stores.operations().clearJournal(op.id());
                if (intent.isEmpty() && !op.kind().equals("validate")) setState(op.resource(), "Failed", actor);
                continue;
            }
            tracker.finish(op, o -> recoverOne(o, intent.get(), actor), ended -> markFailed(op.resource(), actor, ended));
            n++;
        }
        return n;
    }

    private Map<String, Object> recoverOne(Operation op, OperationIntent intent, String actor) {
        boolean finished = runner.recover(op.id(), intent);
        if (intent.removal()) {
            stores.footprints().deleteFootprint(op.resource());
            stores.events().deleteEvents(op.resource());
            stores.resources().delete(op.resource(), null);
            return Map.of();
        }
        if (finished) {
            Footprint result = stores.footprints().footprint(op.resource()).orElse(intent.after());
            succeeded(op, intent, result, actor);
            return Map.of();
        }
        throw new TerminalFailure(500, "OperationInterrupted", op.resource().toString(),
                "Switchboard stopped during this operation; what it had done was rolled back. Retry the request.");
    }

    /** Starts a validation; its report becomes the operation's result. */
    public Operation validate(ResourceId linkerId) {
        Footprint f = footprintOf(linkerId);
        Operation op = tracker.beginShared(linkerId, "validate");
        Instant start = clock.instant();
        tracker.submit(op, o -> LinkerBodies.validationReport(linkerId, f, validator.validate(f), start, clock.instant()), ended -> { });
        return op;
    }

    public List<ValidationItem> validateNow(ResourceId linkerId) {
        return validator.validate(footprintOf(linkerId));
    }

    /**
     * The configuration the connection gives its app, with values (secrets included: callers must be allowed). When
     * the password lives in a vault, the entries holding it show the vault reference, never the password.
     */
    public List<ConnectionSetting> configurations(ResourceId linkerId) {
        Footprint f = footprintOf(linkerId);
        Optional<String> reference = secrets.reference(f.passwordSecret());
        if (reference.isEmpty()) {
            return projector.resolve(f.projected(), f.passwordSecret()).entrySet().stream()
                    .map(e -> new ConnectionSetting(e.getKey(), e.getValue(), false)).toList();
        }
        return f.projected().stream().map(item -> item.secret() ? new ConnectionSetting(item.name(), reference.get(), true)
                : new ConnectionSetting(item.name(), item.template(), false)).toList();
    }

    public Footprint footprintOf(ResourceId linkerId) {
        stores.resources().get(linkerId).orElseThrow(() -> notFound(linkerId));
        return stores.footprints().footprint(linkerId).orElseThrow(() -> TerminalFailure.conflict("LinkerNotReady",
                linkerId.toString(), "the connection has not been realised yet; wait for its operation to finish"));
    }

    private void requireSource(ResourceId source) {
        if (source == null) return;
        stores.resources().get(source).orElseThrow(() -> TerminalFailure.notFound("SourceResourceNotFound", "resourceUri",
                "source resource " + source + " does not exist"));
        if (!AppProjector.isApp(source)) {
            throw TerminalFailure.badRequest("SourceTypeNotSupported", "resourceUri", "source type '" + source.fullType()
                    + "' is not supported; use Microsoft.App/containerApps or Microsoft.Web/sites");
        }
    }

    private StoredResource save(ResourceId id, Map<String, Object> properties, String login, String state, String ifMatch, String actor) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("properties", LinkerBodies.withState(LinkerBodies.withoutSecrets(properties, login), state));
        return stores.resources().put(id, body, ifMatch, actor, clock.instant());
    }

    private void setState(ResourceId id, String state, String actor) {
        stores.resources().get(id).ifPresent(r -> {
            Map<String, Object> body = new LinkedHashMap<>(r.body());
            body.put("properties", LinkerBodies.withState(r.properties(), state));
            stores.resources().put(id, body, null, actor, clock.instant());
        });
    }

    /** Failed, and why ({@code provisioningError}: the code and message its operation ended with). */
    void markFailed(ResourceId id, String actor, Operation ended) {
        stores.resources().get(id).ifPresent(r -> {
            Map<String, Object> body = new LinkedHashMap<>(r.body());
            body.put("properties", LinkerBodies.failed(r.properties(), ended.errorCode(), ended.errorMessage()));
            stores.resources().put(id, body, null, actor, clock.instant());
        });
    }

    private static TerminalFailure notFound(ResourceId id) {
        return TerminalFailure.notFound("ResourceNotFound", id.toString(), "connection " + id + " does not exist");
    }
}
