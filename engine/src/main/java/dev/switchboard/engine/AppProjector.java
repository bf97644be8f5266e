package dev.switchboard.engine;

import dev.switchboard.core.compute.AppHost;
import dev.switchboard.core.compute.AppSpec;
import dev.switchboard.core.compute.ContainerSpec;
import dev.switchboard.core.compute.Probe;
import dev.switchboard.core.config.ConfigItem;
import dev.switchboard.core.failure.TerminalFailure;
import dev.switchboard.core.id.ResourceId;
import dev.switchboard.core.ownership.ConnectionFields;
import dev.switchboard.core.plan.ConfigurationDelivery;
import dev.switchboard.core.secret.Secret;
import dev.switchboard.core.store.Footprint;
import dev.switchboard.core.store.StoredResource;
import dev.switchboard.core.target.ApplyResult;
import dev.switchboard.core.compute.revision.RevisionMode;
import dev.switchboard.core.compute.revision.RevisionNames;
import dev.switchboard.core.compute.revision.TrafficRule;
import dev.switchboard.core.compute.revision.TrafficRules;
import dev.switchboard.engine.revisions.AppRuntime;
import dev.switchboard.engine.revisions.RevisionRecord;
import dev.switchboard.engine.revisions.RevisionRollout;
import dev.switchboard.engine.revisions.RevisionStore;
import java.util.HashSet;
import java.util.Set;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.UnaryOperator;

/**
 * Builds what an app runs with: the settings its resource holds (each owned by whoever wrote it, a connection's
 * with the connection's resolved value) plus every connection's binding files, and hands it to the app host, which
 * restarts the app only when this differs from what runs.
 */
public final class AppProjector {
    public static final String APP_SECRET = "app:%s:secret:%s";

    private final Stores stores;
    private final AppHost host;
    private final Map<String, ReentrantLock> turns = new ConcurrentHashMap<>();
    private final ConnectionValues values;
    private final RevisionRollout revisions;
    private final RevisionStore revisionStore;

    public AppProjector(Stores stores, AppHost host, ConnectionValues values, RevisionRollout revisions, RevisionStore revisionStore) {
        this.stores = stores;
        this.host = host;
        this.values = values;
        this.revisions = revisions;
        this.revisionStore = revisionStore;
    }

    public static boolean isApp(ResourceId id) {
        String t = id.fullType().toLowerCase();
        return t.equals("microsoft.app/containerapps") || t.equals("microsoft.web/sites");
    }

    /**
     * Brings the running app in line with the store; NOOP for an app with nothing to run. Calls for one app take
     * turns and each reads the store once it has its turn, so connections changed at once on one app cost one or
     * two handovers, not one each: a call that finds its change already running is a NOOP.
     */
    public ApplyResult project(ResourceId app) {
        return inTurn(app, () -> projectNow(app));
    }

    /** Runs {@code work} while no other change of {@code app}'s processes runs (revision actions take turns too). */
    public <T> T inTurn(ResourceId app, java.util.function.Supplier<T> work) {
        ReentrantLock lock = turns.computeIfAbsent(app.key(), k -> new ReentrantLock());
        lock.lock();
        try {
            return work.get();
        } finally {
            lock.unlock();
        }
    }

    /** Stops whatever runs for an app that is gone (a container app's revisions too). */
    public void remove(ResourceId app) {
        inTurn(app, () -> {
            if (AppRuntime.hasRevisions(app)) revisions.removeAll(app);
            else host.remove(app);
            return null;
        });
    }

    /** A revision action ({@code activate}, {@code deactivate}, {@code restart}), in the app's turn. */
    public RevisionRecord revisionAction(ResourceId revision, String action) {
        ResourceId app = revision.parent();
        return inTurn(app, () -> {
            Map<String, Object> properties = stores.resources().get(app).map(StoredResource::properties).orElse(Map.of());
            return revisions.act(revision, action, (rev, template) -> spec(app, rev, withTemplate(properties, template)));
        });
    }

    private ApplyResult projectNow(ResourceId app) {
        Optional<StoredResource> stored = stores.resources().get(app);
        // An app with nothing to run needs no connection secrets decrypted (that is one per connection, every time).
        if (stored.isEmpty() || containers(app, stored.get().properties(), Delivered.of(Map.of()), ref -> "").isEmpty()) {
            remove(app);
            return ApplyResult.NOOP;
        }
        Map<String, Object> properties = stored.get().properties();
        AppSpec desired = spec(app, app, properties);
        if (!AppRuntime.hasRevisions(app)) return host.apply(desired);
        return revisions.rollOut(app, properties, desired, (revision, template) -> spec(app, revision, withTemplate(properties, template)));
    }

    /** What {@code properties} run, with today's connection settings, under {@code runAs} (the app, or a revision). */
    private AppSpec spec(ResourceId app, ResourceId runAs, Map<String, Object> properties) {
        List<ContainerSpec> containers = containers(app, properties, Delivered.of(values.of(app)), ref -> storedSecret(app, ref));
        return new AppSpec(runAs, containers, replicas(app, properties));
    }

    private static Map<String, Object> withTemplate(Map<String, Object> properties, Map<String, Object> template) {
        Map<String, Object> out = new LinkedHashMap<>(properties);
        out.put("template", template);
        return out;
    }

    /**
     * Refuses app properties that could not run, before anything is stored. Secret values do not matter for
     * that, so references resolve to empty strings here.
     */
    public void check(ResourceId app, Map<String, Object> properties) {
        List<ContainerSpec> containers = containers(app, properties, Delivered.of(Map.of()), ref -> "");
        int replicas = replicas(app, properties);
        if (AppRuntime.hasRevisions(app)) checkRevisions(app, properties);
        if (!containers.isEmpty()) host.check(new AppSpec(app, containers, replicas));
    }

    /** The mode, the suffix and the traffic rules; a rule may name an existing revision or the one this creates. */
    private void checkRevisions(ResourceId app, Map<String, Object> properties) {
        Map<String, Object> configuration = Json.map(properties.get("configuration"));
        RevisionMode.read(configuration.get("activeRevisionsMode"));
        List<TrafficRule> rules = TrafficRules.read(configuration);
        String suffix = RevisionNames.requestedSuffix(app.name(), Json.map(properties.get("template")).get("revisionSuffix"));
        Set<String> known = new HashSet<>();
        revisionStore.list(app).forEach(r -> known.add(r.name()));
        if (suffix != null) known.add(RevisionNames.name(app.name(), suffix));
        TrafficRules.checkNames(rules, known);
    }

    /**
     * A connection's resolved configuration split by where it goes: environment variables, and service binding files
     * (path {@code <binding>/<entry>} to content; see {@link ConfigurationDelivery}).
     */
    record Delivered(Map<String, String> env, Map<String, String> files) {
        static Delivered of(Map<String, String> resolved) {
            Map<String, String> env = new LinkedHashMap<>();
            Map<String, String> files = new LinkedHashMap<>();
            resolved.forEach((name, value) -> {
                if (ConfigurationDelivery.isBindingFile(name)) files.put(ConfigurationDelivery.bindingFile(name), value);
                else env.put(name, value);
            });
            return new Delivered(env, files);
        }
    }

    /** See {@link ConnectionValues#resolve}. */
    public Map<String, String> resolve(List<ConfigItem> items, String passwordSecret) {
        return values.resolve(items, passwordSecret);
    }

    private List<ContainerSpec> containers(ResourceId app, Map<String, Object> p, Delivered connections,
                                           UnaryOperator<String> secrets) {
        if (app.fullType().equalsIgnoreCase("Microsoft.Web/sites")) return siteContainer(p, connections);
        List<ContainerSpec> out = new ArrayList<>();
        int targetPort = targetPort(p);
        List<Map<String, Object>> containers = Json.list(Json.map(p.get("template")).get("containers"));
        for (int i = 0; i < containers.size(); i++) {
            Map<String, Object> c = containers.get(i);
            Map<String, String> env = new LinkedHashMap<>();
            for (Map<String, Object> e : Json.list(c.get("env"))) env.put(Json.str(e.get("name")), envValue(e, connections, secrets));
            List<String> command = Json.strings(c.get("command"));
            if (command.isEmpty()) continue;
            List<Probe> probes = ContainerProbes.read(c.get("probes"), targetPort, "properties.template.containers[" + i + "].probes");
            out.add(new ContainerSpec(Json.str(c.get("name")), command, Json.strings(c.get("args")), env, connections.files(), probes));
        }
        return out;
    }

    /**
     * How many copies of the app run: {@code template.scale.minReplicas} (0 to 30; at most {@code maxReplicas}).
     * There is no scaling on load here, so the minimum is what runs, and at least one: a local app is never scaled
     * to zero.
     */
    static int replicas(ResourceId app, Map<String, Object> p) {
        if (app.fullType().equalsIgnoreCase("Microsoft.Web/sites")) return 1;
        Map<String, Object> scale = Json.map(Json.map(p.get("template")).get("scale"));
        int min = count(scale.get("minReplicas"), "properties.template.scale.minReplicas", 0);
        int max = count(scale.get("maxReplicas"), "properties.template.scale.maxReplicas", Math.max(min, 10));
        if (min > max) {
            throw TerminalFailure.invalidField("properties.template.scale.minReplicas", "must not exceed maxReplicas (" + max + ")");
        }
        return Math.max(1, min);
    }

    private static int count(Object raw, String field, int fallback) {
        if (raw == null) return fallback;
        if (!(raw instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue()) || n.intValue() < 0
                || n.intValue() > AppSpec.MAX_REPLICAS) {
            throw TerminalFailure.invalidField(field, "must be a whole number from 0 to " + AppSpec.MAX_REPLICAS);
        }
        return n.intValue();
    }

    /** The port the app says it listens on ({@code configuration.ingress.targetPort}); 0 when it says none. */
    private static int targetPort(Map<String, Object> p) {
        Object port = Json.map(Json.map(p.get("configuration")).get("ingress")).get("targetPort");
        return port instanceof Number n ? n.intValue() : 0;
    }

    private List<ContainerSpec> siteContainer(Map<String, Object> p, Delivered connections) {
        Map<String, Object> siteConfig = Json.map(p.get("siteConfig"));
        String commandLine = Json.str(siteConfig.get("appCommandLine"));
        if (commandLine == null || commandLine.isBlank()) return List.of();
        Map<String, String> env = new LinkedHashMap<>();
        for (Map<String, Object> s : Json.list(siteConfig.get("appSettings"))) {
            String name = Json.str(s.get("name"));
            env.put(name, connections.env().containsKey(name) ? connections.env().get(name) : Json.str(s.get("value")));
        }
        return List.of(new ContainerSpec("site", List.of("/bin/sh", "-c", commandLine), List.of(), env, connections.files()));
    }

    /**
     * A setting a connection projects gets the connection's value, whoever's entry names it (the connection writes
     * its entries into the resource; one the resource lacks, because a classic-mode template wiped it, is not given
     * until healed). A reference to a connection's secret whose connection is gone resolves to nothing.
     */
    private static String envValue(Map<String, Object> e, Delivered connections, UnaryOperator<String> secrets) {
        String name = Json.str(e.get("name"));
        if (connections.env().containsKey(name)) return connections.env().get(name);
        String secretRef = Json.str(e.get("secretRef"));
        if (secretRef == null) return Json.str(e.get("value")) == null ? "" : Json.str(e.get("value"));
        return secrets.apply(secretRef);
    }

    /** A connection's secret whose connection is gone (its entry not yet released) gives nothing rather than failing. */
    private String storedSecret(ResourceId app, String ref) {
        Optional<Secret> stored = stores.secrets().get(APP_SECRET.formatted(app.key(), ref));
        if (stored.isEmpty() && ref.startsWith(ConnectionFields.SECRET_PREFIX)) return "";
        return stored.map(Secret::reveal)
                .orElseThrow(() -> TerminalFailure.badRequest("SecretRefNotFound", "properties.template.containers.env",
                        "an env entry refers to secret '" + ref + "' which configuration.secrets does not define"));
    }
}
