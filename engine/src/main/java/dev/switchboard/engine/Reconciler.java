package dev.switchboard.engine;

import dev.switchboard.core.compute.AppObservation;
import dev.switchboard.core.failure.TerminalFailure;
import dev.switchboard.core.failure.TransientFailure;
import dev.switchboard.core.id.ResourceId;
import dev.switchboard.core.linker.DriftPolicy;
import dev.switchboard.core.ownership.ConnectionFields;
import dev.switchboard.core.plan.Drift;
import dev.switchboard.core.store.ConnectionEvent;
import dev.switchboard.core.store.Footprint;
import dev.switchboard.core.store.Operation;
import dev.switchboard.core.store.StoredResource;
import dev.switchboard.core.target.ObservedLogin;
import dev.switchboard.engine.revisions.AppRuntime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Keeps realised connections as their footprints say: each connection in state Succeeded is observed on both sides
 * (its login and grants on the target, its configuration in the app's running process) and compared with its
 * footprint ({@link Drift#find}). New drift is an event, then handled by the connection's {@code driftPolicy}: heal
 * applies the connection again, exactly as a retry would (the plan recreates a dropped login with the stored
 * password, re-grants, re-projects), and records whether that healed it; report marks the connection
 * ({@code properties.drift}) and changes nothing. A target that cannot be observed now (down, administrator refused,
 * deleted) is not drift: the connection is left alone this round. Drift already marked is not reported again until
 * it changes, so a period of rounds over a target someone administers by hand records each change once.
 */
public final class Reconciler {
    public static final String ACTOR = "switchboard:reconciler";
    /** A heal whose operation succeeded but left the drift in place (the app host kept the old processes, say). */
    static final String DRIFT_PERSISTS = "DriftPersists";
    /** The code of a heal refused because another operation holds the connection. */
    private static final String BUSY = "AnotherOperationInProgress";
    private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);

    private final Stores stores;
    private final TargetResolver targets;
    private final AppRuntime apps;
    private final ConnectionValues values;
    private final LinkerService linkers;
    private final Clock clock;

    public Reconciler(Stores stores, TargetResolver targets, AppRuntime apps, ConnectionValues values, LinkerService linkers,
                      Clock clock) {
        this.stores = stores;
        this.targets = targets;
        this.apps = apps;
        this.values = values;
        this.linkers = linkers;
        this.clock = clock;
    }

    /**
     * A connection found drifted this round. {@code heal} completes with the DriftHealed or HealFailed event once
     * the heal has ended (and been checked); absent under the report policy.
     */
    public record Finding(ResourceId linker, DriftPolicy policy, List<Drift> drift,
                          Optional<CompletableFuture<ConnectionEvent>> heal) { }

    /** One round over every connection; returns those with new drift. A connection that fails is logged and skipped. */
    public List<Finding> reconcileOnce() {
        return reconcileAll(LinkerService.TYPES.stream().flatMap(type -> stores.resources().ofType(type).stream()));
    }

    /**
     * The connections a write touched, right after it: those of an app written (a redeploy may have wiped their
     * settings), or those whose target or target server was written (a database deleted and made again, a server's
     * administrator changed). The change event, so that healing does not wait for the next period. Any other write
     * (a group, a vault, a type nobody connects to) touches none and reads nothing.
     */
    public List<Finding> reconcileTouching(ResourceId written) {
        List<Footprint> touched;
        if (AppProjector.isApp(written)) {
            touched = stores.footprints().footprintsOfSource(written);
        } else if (targets.kinds().forTarget(written).isPresent() || targets.kinds().forServer(written).isPresent()) {
            touched = stores.footprints().footprints().stream()
                    .filter(f -> written.sameAs(f.target()) || written.sameAs(f.server())).toList();
        } else {
            return List.of();
        }
        return reconcileAll(touched.stream().map(f -> stores.resources().get(f.linker())).flatMap(Optional::stream));
    }

    private List<Finding> reconcileAll(java.util.stream.Stream<StoredResource> linkers) {
        List<Finding> found = new ArrayList<>();
        linkers.filter(l -> "Succeeded".equals(l.properties().get("provisioningState"))).forEach(linker -> {
            try {
                reconcile(linker).ifPresent(found::add);
            } catch (RuntimeException e) {
                LOG.warn("connection {}: not reconciled: {}", linker.id(), e.getMessage());
            }
        });
        return found;
    }

    private Optional<Finding> reconcile(StoredResource linker) {
        Optional<List<Drift>> observed = stores.footprints().footprint(linker.id()).flatMap(this::drift);
        if (observed.isEmpty()) return Optional.empty();
        List<Drift> drift = observed.get();
        List<Map<String, Object>> views = DriftReport.views(drift);
        if (views.equals(linker.properties().getOrDefault(LinkerBodies.DRIFT, List.of()))) return Optional.empty();
        // Whatever changed the connection while it was observed (a PATCH, a delete) decides, not this round.
        if (!stores.resources().get(linker.id()).map(r -> r.etag().equals(linker.etag())).orElse(false)) return Optional.empty();
        if (drift.isEmpty()) {
            mark(linker, List.of()); // fixed by hand since it was reported
            return Optional.empty();
        }
        DriftPolicy policy = DriftPolicy.read(linker.properties());
        LOG.info("connection {}: drift found ({}), policy {}", linker.id(), views, policy.wire());
        stores.events().append(DriftReport.detected(clock.instant(), linker.id(), policy, drift));
        if (policy == DriftPolicy.REPORT) {
            mark(linker, views);
            return Optional.of(new Finding(linker.id(), policy, drift, Optional.empty()));
        }
        return Optional.of(new Finding(linker.id(), policy, drift, Optional.of(heal(linker.id(), drift))));
    }

    /** What differs now; empty when the target cannot be observed (down, administrator refused, gone): not drift. */
    private Optional<List<Drift>> drift(Footprint f) {
        ObservedLogin login;
        Set<String> required;
        try {
            ResolvedTarget t = targets.resolve(f.target());
            login = t.kind().provider().observe(t.endpoint(), f.login(), f.scope());
            required = t.kind().provider().requiredGrants(f.scope());
        } catch (TerminalFailure | TransientFailure e) {
            LOG.debug("connection {}: target not observed this round: {}", f.linker(), e.getMessage());
            return Optional.empty();
        }
        Map<String, String> live = liveEnvironment(f.source());
        Map<String, String> expected = live == null ? Map.of() : values.resolve(f.projected(), f.passwordSecret());
        List<Drift> found = new ArrayList<>(Drift.find(f, login, required, expected, live));
        List<String> removed = f.source() == null ? List.of() : stores.resources().get(f.source())
                .map(app -> ConnectionFields.missing(f.source(), app.body(), f.projected())).orElse(List.of());
        if (!removed.isEmpty()) found.add(new Drift.SettingsRemoved(removed));
        return Optional.of(found);
    }

    /** The environment of the app's running process; null when none runs (or it cannot be read: never empty). */
    private Map<String, String> liveEnvironment(ResourceId source) {
        if (source == null) return null;
        AppObservation.Replica r = apps.observe(source).map(AppObservation::primary).orElse(null);
        return r == null || !r.alive() || r.liveEnvironment().isEmpty() ? null : r.liveEnvironment();
    }

    private CompletableFuture<ConnectionEvent> heal(ResourceId id, List<Drift> drift) {
        Instant start = clock.instant();
        boolean reproject = drift.stream().anyMatch(d -> d instanceof Drift.ConfigurationMissing || d instanceof Drift.SettingsRemoved);
        LinkerService.Accepted accepted;
        try {
            accepted = linkers.reapply(id, reproject, ACTOR);
        } catch (TerminalFailure | TransientFailure e) {
            String code = e instanceof TerminalFailure t ? t.code() : TargetFaults.UNREACHABLE;
            return CompletableFuture.completedFuture(failed(id, drift, null, code, e.getMessage()));
        }
        return accepted.completion().handle((op, error) -> ended(id, drift, op, error, start));
    }

    /** Healed only when the connection, observed again, no longer drifts. */
    private ConnectionEvent ended(ResourceId id, List<Drift> drift, Operation op, Throwable error, Instant start) {
        if (error != null || !Operation.SUCCEEDED.equals(op.status())) {
            return failed(id, drift, op == null ? null : op.id(), op == null ? "OperationFailed" : op.errorCode(),
                    op == null ? String.valueOf(error) : op.errorMessage());
        }
        List<Drift> left = stores.footprints().footprint(id).flatMap(this::drift).orElse(List.of());
        if (!left.isEmpty()) {
            return failed(id, left, op.id(), DRIFT_PERSISTS, "the connection was applied again but still drifts: "
                    + String.join("; ", left.stream().map(Drift::describe).toList()));
        }
        LOG.info("connection {}: drift healed by operation {}", id, op.id());
        return stores.events().append(DriftReport.healed(clock.instant(), id, drift, op, Duration.between(start, clock.instant())));
    }

    /**
     * Recorded, and marked on the connection so that the same drift is not tried again every round; unless a change
     * the user started holds the connection, which applies it again anyway.
     */
    private ConnectionEvent failed(ResourceId id, List<Drift> drift, String operationId, String code, String why) {
        LOG.warn("connection {}: drift not healed: {}: {}", id, code, why);
        if (!BUSY.equals(code)) stores.resources().get(id).ifPresent(r -> mark(r, DriftReport.views(drift)));
        return stores.events().append(DriftReport.healFailed(clock.instant(), id, drift, operationId, code, why));
    }

    /** Shows {@code views} as the connection's {@code properties.drift}; a connection changed meanwhile is left as it is. */
    private void mark(StoredResource linker, List<Map<String, Object>> views) {
        Map<String, Object> body = new LinkedHashMap<>(linker.body());
        body.put("properties", LinkerBodies.withDrift(linker.properties(), views));
        try {
            stores.resources().put(linker.id(), body, linker.etag(), ACTOR, clock.instant());
        } catch (TerminalFailure e) {
            LOG.debug("connection {}: changed while its drift was marked; left as it is", linker.id());
        }
    }
}
