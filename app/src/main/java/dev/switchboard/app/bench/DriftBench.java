package dev.switchboard.app.bench;

import dev.switchboard.core.id.ResourceId;
import dev.switchboard.core.store.ConnectionEvent;
import dev.switchboard.core.target.TargetEndpoint;
import dev.switchboard.engine.LinkerService;
import dev.switchboard.engine.Reconciler;
import dev.switchboard.server.ServerConfig;
import dev.switchboard.server.SwitchboardServer;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Time to detect and heal a dropped database role: a PostgreSQL connection whose role is dropped by hand (DROP OWNED
 * and DROP ROLE, as an administrator would), then one reconciler round finds it (detect) and the heal it starts
 * re-creates the role and is checked (heal). {@code others} connections that have not drifted are observed in every
 * round too, as they would be on a busy server. The leader's period comes on top: a round starts every
 * {@code reconcilePeriod} (30 s by default), so drift waits up to that long before a round sees it.
 */
public final class DriftBench {
    /** Nanoseconds per run: from the round's start until the heal started, and the heal until it was checked. */
    public record Result(String description, int others, List<Long> detect, List<Long> heal, List<String> left) { }

    private final SwitchboardServer server;
    private final TargetEndpoint admin;
    private final PostgresBench pg;
    private final String marker;

    public DriftBench(SwitchboardServer server, TargetEndpoint admin, String marker) {
        this.server = server;
        this.admin = admin;
        this.pg = new PostgresBench(admin);
        this.marker = marker;
    }

    public Result run(int warmup, int count, int others) throws Exception {
        ResourceId group = ResourceId.resourceGroup(ServerConfig.SUBSCRIPTION, "bench-drift-" + marker);
        ResourceId db = ResourceId.parse(group + "/providers/Microsoft.DBforPostgreSQL/flexibleServers/pg/databases/bench_" + marker);
        var resources = server.resources();
        resources.put(group, Map.of("location", "local"), null, "bench");
        List<Long> detect = new ArrayList<>();
        List<Long> heal = new ArrayList<>();
        List<ResourceId> connectors = new ArrayList<>();
        try {
            resources.put(db.parent(), Map.of("location", "local", "properties", Map.of()), null, "bench");
            resources.put(db, Map.of("properties", Map.of()), null, "bench");
            ResourceId connector = ResourceId.parse(group + "/providers/Microsoft.ServiceLinker/locations/local/connectors/d" + marker);
            String role = create(connector, db, connectors);
            for (int i = 0; i < others; i++) create(ResourceId.parse(connector + "o" + i), db, connectors);
            for (int i = 0; i < warmup + count; i++) {
                dropByHand(db.name(), role);
                long[] took = detectAndHeal(connector, role);
                if (i < warmup) continue;
                detect.add(took[0]);
                heal.add(took[1]);
            }
        } finally {
            for (ResourceId c : connectors) {
                Optional<LinkerService.Started> started = server.linkers().delete(c, null, "bench");
                if (started.isPresent()) started.get().completion().get();
            }
            resources.delete(group, null);
        }
        return new Result("PostgreSQL " + admin.host() + ":" + admin.port(), others, detect, heal, roles());
    }

    /**
     * The round starts the heal as soon as it finds the drift and goes on observing the other connections, so the
     * two overlap: the heal's own time is what the reconciler measured from its start to its check (the event's
     * {@code tookMs}), and detection is the rest of the time from the round's start to the checked heal.
     */
    private long[] detectAndHeal(ResourceId connector, String role) throws Exception {
        long start = System.nanoTime();
        Reconciler.Finding finding = server.reconciler().reconcileOnce().stream().filter(f -> f.linker().sameAs(connector))
                .findFirst().orElseThrow(() -> new IllegalStateException("the dropped role was not found by the round"));
        ConnectionEvent outcome = finding.heal().orElseThrow().get(60, TimeUnit.SECONDS);
        long total = System.nanoTime() - start;
        if (!ConnectionEvent.DRIFT_HEALED.equals(outcome.kind()) || !roles().contains(role)) {
            throw new IllegalStateException("not healed: " + outcome.message());
        }
        long heal = Math.min(total, TimeUnit.MILLISECONDS.toNanos(((Number) outcome.detail().get("tookMs")).longValue()));
        return new long[] {total - heal, heal};
    }

    private String create(ResourceId connector, ResourceId db, List<ResourceId> created) throws Exception {
        created.add(connector);
        BenchConnections.create(server, connector, db, "none");
        return server.store().footprint(connector).orElseThrow().login();
    }

    /** What an administrator does to remove a role: its privileges in the database that has some, then the role. */
    private void dropByHand(String database, String role) throws SQLException {
        String quoted = "\"" + role.replace("\"", "\"\"") + "\"";
        try (Connection c = connect(database); Statement st = c.createStatement()) {
            st.execute("DROP OWNED BY " + quoted);
        }
        try (Connection c = connect("postgres"); Statement st = c.createStatement()) {
            st.execute("DROP OWNED BY " + quoted);
            st.execute("DROP ROLE " + quoted);
        }
    }

    private List<String> roles() throws Exception {
        return pg.logins(marker);
    }

    private Connection connect(String db) throws SQLException {
        return pg.connect(db);
    }

    public static void report(Result r, int warmup, PrintWriter out) {
        out.printf("dropped database role, detected and healed: %d runs after %d warm-up (%s, %d other connection(s) per round)%n",
                r.detect().size(), warmup, r.description(), r.others());
        out.printf("%-31s %10s %10s%n", "", "p50 ms", "p99 ms");
        List<Long> total = new ArrayList<>();
        for (int i = 0; i < r.detect().size(); i++) total.add(r.detect().get(i) + r.heal().get(i));
        row(out, "detect (until the heal starts)", r.detect());
        row(out, "heal (apply again, checked)", r.heal());
        row(out, "detect + heal", total);
        out.printf("left on the target: %d%s%n", r.left().size(), r.left().isEmpty() ? "" : " " + r.left());
        out.flush();
    }

    private static void row(PrintWriter out, String name, List<Long> nanos) {
        out.printf("%-31s %10.2f %10.2f%n", name, BenchReport.percentile(nanos, 50), BenchReport.percentile(nanos, 99));
    }
}
