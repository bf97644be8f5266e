package dev.switchboard.engine.revisions;

import dev.switchboard.core.compute.AppHost;
import dev.switchboard.core.compute.AppSpec;
import dev.switchboard.core.compute.SpecHash;
import dev.switchboard.core.compute.TrafficShare;
import dev.switchboard.core.compute.revision.RevisionMode;
import dev.switchboard.core.compute.revision.RevisionNames;
import dev.switchboard.core.compute.revision.TrafficPlanner;
import dev.switchboard.core.compute.revision.TrafficRule;
import dev.switchboard.core.compute.revision.TrafficRules;
import dev.switchboard.core.failure.TerminalFailure;
import dev.switchboard.core.id.ResourceId;
import dev.switchboard.core.store.AuditEntry;
import dev.switchboard.core.store.AuditLog;
import dev.switchboard.core.store.ResourceStore;
import dev.switchboard.core.store.StoredResource;
import dev.switchboard.core.target.ApplyResult;
import dev.switchboard.engine.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A container app's revisions: every change of what it runs (its template, or a connection's settings) becomes a
 * new immutable revision that starts beside the running ones with every connection already in its environment, and
 * gets traffic only once its {@link SmokeTest} passed. A revision that fails is stopped and marked failed; traffic
 * stays where it was. Callers hold the app's turn (see {@code AppProjector}).
 */
public final class RevisionRollout {
    private static final Logger LOG = LoggerFactory.getLogger(RevisionRollout.class);

    /** What a revision runs: the spec of {@code template} with today's connection settings, under the revision's id. */
    @FunctionalInterface
    public interface Specs {
        AppSpec of(ResourceId revision, Map<String, Object> template);
    }

    private final RevisionStore store;
    private final ResourceStore resources;
    private final AppHost host;
    private final SmokeTest smoke;
    private final AuditLog audit;
    private final Clock clock;

    public RevisionRollout(RevisionStore store, ResourceStore resources, AppHost host, SmokeTest smoke, AuditLog audit, Clock clock) {
        this.store = store;
        this.resources = resources;
        this.host = host;
        this.smoke = smoke;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * Makes {@code desired} (the app's spec under the app's own id) what the app serves: NOOP when a healthy active
     * revision already runs it, else a new revision, smoke-tested, then traffic by the app's revision mode.
     */
    public ApplyResult rollOut(ResourceId app, Map<String, Object> properties, AppSpec desired, Specs specs) {
        List<RevisionRecord> revisions = store.list(app);
        String fingerprint = SpecHash.of(desired);
        Optional<RevisionRecord> same = revisions.stream()
                .filter(r -> r.active() && fingerprint.equals(r.fingerprint())).reduce((a, b) -> b);
        boolean mustServe = mustServe(app, properties, revisions);
        if (same.isPresent() && !same.get().healthy()) {
            // The app's only revision, kept running after it failed: it is tested again, not replaced by a copy.
            startAndTest(app, same.get(), specs.of(same.get().id(), same.get().template()), mustServe);
        }
        if (same.isPresent()) {
            boolean restarted = keepRunning(app, specs);
            return retarget(app) | restarted ? ApplyResult.UPDATED : ApplyResult.NOOP;
        }
        RevisionRecord rev = RevisionRecord.fresh(app.child(RevisionStore.TYPE, newName(app, properties, revisions)),
                revisions.stream().mapToLong(RevisionRecord::sequence).max().orElse(0) + 1, clock.instant(), fingerprint,
                Json.map(properties.get("template")));
        store.save(rev);
        startAndTest(app, rev, new AppSpec(rev.id(), desired.containers(), desired.replicas()), mustServe);
        retarget(app);
        keepRunning(app, specs);
        return revisions.isEmpty() ? ApplyResult.CREATED : ApplyResult.UPDATED;
    }

    /**
     * Every active revision runs with today's connection settings: an older revision that still takes traffic
     * (Multiple mode) must not keep a credential that a rotation is about to drop. True when one was restarted.
     */
    private boolean keepRunning(ResourceId app, Specs specs) {
        boolean changed = false;
        for (RevisionRecord r : store.list(app)) {
            if (!r.active() || !r.healthy()) continue;
            try {
                changed |= host.apply(specs.of(r.id(), r.template())) != ApplyResult.NOOP;
            } catch (TerminalFailure e) {
                LOG.warn("revision {} could not take the current settings: {}", r.id(), e.getMessage());
                host.remove(r.id());
                store.save(r.failed(e.getMessage()));
                changed = true;
            }
        }
        return changed;
    }

    private String newName(ResourceId app, Map<String, Object> properties, List<RevisionRecord> revisions) {
        Map<String, Object> template = Json.map(properties.get("template"));
        String asked = RevisionNames.requestedSuffix(app.name(), template.get("revisionSuffix"));
        if (asked != null) {
            String name = RevisionNames.name(app.name(), asked);
            Optional<RevisionRecord> taken = revisions.stream().filter(r -> r.name().equals(name)).findFirst();
            if (taken.isEmpty()) return name;
            // A connection changed, not the template: the new revision needs a name of its own.
            if (!Objects.equals(taken.get().template(), template)) {
                throw TerminalFailure.badRequest("RevisionSuffixInUse", RevisionNames.SUFFIX_FIELD, "revision '" + name
                        + "' already exists with another template; choose a new revisionSuffix");
            }
        }
        long next = revisions.stream().mapToLong(RevisionRecord::sequence).max().orElse(0) + 1;
        return RevisionNames.name(app.name(), RevisionNames.generatedSuffix(app.key(), next));
    }

    /**
     * A revision must listen before it takes over when the app declares an ingress, or when the revision serving now
     * listens: a new revision that only runs would otherwise get requests it cannot answer.
     */
    private boolean mustServe(ResourceId app, Map<String, Object> properties, List<RevisionRecord> revisions) {
        if (Json.map(properties.get("configuration")).get("ingress") != null) return true;
        return revisions.stream().anyMatch(r -> r.active() && r.healthy() && r.trafficWeight() > 0 && host.serves(r.id()));
    }

    private void startAndTest(ResourceId app, RevisionRecord rev, AppSpec spec, boolean mustServe) {
        SmokeTest.Failure failure;
        try {
            host.apply(spec);
            failure = smoke.run(app, rev.id(), mustServe);
        } catch (TerminalFailure e) {
            failure = new SmokeTest.Failure(e.getMessage(), List.of());
        }
        if (failure == null) {
            store.save(rev.passed());
            return;
        }
        Optional<String> serving = TrafficPlanner.latestServing(store.list(app).stream().map(RevisionRecord::view).toList());
        if (serving.isEmpty()) {
            // Nothing else serves: the revision keeps running (its crash loop and logs in view), without traffic.
            store.save(rev.failed(failure.reason()).withActive(true));
            events(rev, failure);
            return;
        }
        host.remove(rev.id());
        store.save(rev.failed(failure.reason()));
        events(rev, failure);
        throw TerminalFailure.conflict(failure.connectionFailures().isEmpty() ? "AppNotReady" : "RevisionSmokeTestFailed",
                "properties.template", "revision '" + rev.name() + "' failed its smoke test: " + failure.reason()
                + "; traffic stays on revision '" + serving.get() + "'");
    }

    /** Events say why a revision failed: one for the revision, one per connection that failed. */
    private void events(RevisionRecord rev, SmokeTest.Failure failure) {
        event(rev.id(), "Failed: " + failure.reason());
        for (SmokeTest.ConnectionFailure c : failure.connectionFailures()) {
            event(c.linker(), "revision '" + rev.name() + "' failed its smoke test on this connection: check '" + c.check()
                    + "': " + c.message());
        }
    }

    private void event(ResourceId target, String outcome) {
        audit.append(new AuditEntry(0, clock.instant(), "switchboard", "revision smoke test", target.toString(), 409, outcome, null, null));
    }

    /**
     * Points the app's ingress at its revisions by the app's mode and traffic rules, writes each revision's weight
     * and labels, and in Single mode stops every revision but the one that serves. True when one was stopped.
     */
    public boolean retarget(ResourceId app) {
        Map<String, Object> configuration = Json.map(resources.get(app).map(StoredResource::properties).orElse(Map.of()).get("configuration"));
        RevisionMode mode = RevisionMode.read(configuration.get("activeRevisionsMode"));
        List<TrafficRule> rules = TrafficRules.read(configuration);
        List<RevisionRecord> revisions = store.list(app);
        var views = revisions.stream().map(RevisionRecord::view).toList();
        Map<String, Integer> weights = TrafficPlanner.plan(mode, rules, views);
        Map<String, String> labels = TrafficPlanner.labels(rules, views);
        host.route(app, revisions.stream().filter(r -> weights.getOrDefault(r.name(), 0) > 0)
                .map(r -> new TrafficShare(r.id(), weights.get(r.name()))).toList());
        // Single mode keeps one revision: the one serving, or (when none serves) the newest, failed but in view.
        String keep = TrafficPlanner.latestServing(views).orElse(revisions.stream().filter(RevisionRecord::active)
                .map(RevisionRecord::name).reduce((a, b) -> b).orElse(null));
        boolean stopped = false;
        for (RevisionRecord r : revisions) {
            int weight = weights.getOrDefault(r.name(), 0);
            RevisionRecord next = r.withTraffic(weight, labels.entrySet().stream().filter(e -> e.getValue().equals(r.name())).map(Map.Entry::getKey).toList());
            if (mode == RevisionMode.SINGLE && r.active() && !r.name().equals(keep)) {
                host.remove(r.id());
                next = next.withActive(false);
                stopped = true;
            }
            if (!next.equals(r)) store.save(next);
        }
        return stopped;
    }

    /**
     * {@code POST …/revisions/{name}/activate | deactivate | restart}. Activating starts the revision again (with
     * today's connection settings) and smoke-tests it like a new one; deactivating refuses a revision that has
     * traffic; restarting replaces its processes. Returns the revision as it is afterwards.
     */
    public RevisionRecord act(ResourceId revision, String action, Specs specs) {
        RevisionRecord r = store.get(revision).orElseThrow(() -> TerminalFailure.notFound("RevisionNotFound", "revisionName",
                "revision '" + revision.name() + "' does not exist"));
        ResourceId app = revision.parent();
        switch (action) {
            case "activate" -> activate(app, r, specs);
            case "deactivate" -> deactivate(r);
            case "restart" -> restart(app, r, specs);
            default -> throw TerminalFailure.notFound("InvalidResourceType", "path", "revisions have no action '" + action
                    + "'; use activate, deactivate or restart");
        }
        retarget(app);
        return store.get(revision).orElseThrow();
    }

    private void activate(ResourceId app, RevisionRecord r, Specs specs) {
        if (r.active()) return;
        if (mode(app) == RevisionMode.SINGLE) {
            throw TerminalFailure.badRequest("SingleRevisionMode", RevisionMode.FIELD, "in Single mode only the newest"
                    + " revision runs; set activeRevisionsMode to Multiple to run '" + r.name() + "' beside it");
        }
        RevisionRecord again = RevisionRecord.fresh(r.id(), r.sequence(), r.createdTime(), r.fingerprint(), r.template());
        store.save(again);
        Map<String, Object> properties = resources.get(app).map(StoredResource::properties).orElse(Map.of());
        startAndTest(app, again, specs.of(r.id(), r.template()), mustServe(app, properties, store.list(app)));
    }

    private void deactivate(RevisionRecord r) {
        if (!r.active()) return;
        if (r.trafficWeight() > 0) {
            throw TerminalFailure.conflict("RevisionHasTraffic", "revisionName", "revision '" + r.name() + "' takes "
                    + r.trafficWeight() + " % of the traffic; move it in configuration.ingress.traffic first");
        }
        host.remove(r.id());
        store.save(r.withActive(false));
    }

    private void restart(ResourceId app, RevisionRecord r, Specs specs) {
        if (!r.active()) {
            throw TerminalFailure.conflict("RevisionNotActive", "revisionName", "revision '" + r.name() + "' is not active; activate it");
        }
        host.remove(r.id());
        host.apply(specs.of(r.id(), r.template()));
        String notReady = host.awaitReady(r.id(), Duration.ofSeconds(30), false);
        if (notReady != null) LOG.warn("revision {} restarted but is not ready: {}", r.id(), notReady);
    }

    private RevisionMode mode(ResourceId app) {
        Map<String, Object> configuration = Json.map(resources.get(app).map(StoredResource::properties).orElse(Map.of()).get("configuration"));
        return RevisionMode.read(configuration.get("activeRevisionsMode"));
    }

    /** Stops and forgets every revision of an app that is gone. */
    public void removeAll(ResourceId app) {
        for (RevisionRecord r : store.list(app)) {
            host.remove(r.id());
            store.delete(r.id());
        }
        host.remove(app);
    }
}
