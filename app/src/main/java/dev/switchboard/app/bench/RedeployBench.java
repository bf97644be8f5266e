package dev.switchboard.app.bench;

import dev.switchboard.core.id.ResourceId;
import dev.switchboard.core.linker.ValidationItem;
import dev.switchboard.core.ownership.Managers;
import dev.switchboard.core.store.ConnectionEvent;
import dev.switchboard.core.target.TargetEndpoint;
import dev.switchboard.engine.LinkerService;
import dev.switchboard.engine.resources.FieldOwnership;
import dev.switchboard.server.ServerConfig;
import dev.switchboard.server.SwitchboardServer;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Time from a classic-mode redeploy that wipes a connection's settings to the connection validated again. A container
 * app (a small Python HTTP server behind the ingress) in a resource group tagged for classic full-replace writes has
 * a PostgreSQL connection; each run deploys the app's template again as its deployment's manager, which replaces the
 * app without the connection's settings and starts a revision without them (it serves: the app breaks, as it would
 * on Azure). The clock starts when that write returns. The reconciler, told of the write, finds the settings gone and
 * heals them into a new revision that gets traffic after its smoke test; the clock stops when the heal has been
 * checked (event DriftHealed) and a validation of the connection passes (its login, its grants, and the serving
 * revision's environment). The server's period is an hour: only the change event can heal within the run.
 */
public final class RedeployBench {
    /** Nanoseconds per run: write returned until heal checked, and until validated. */
    public record Result(String description, List<Long> healed, List<Long> validated, List<String> left) { }

    private static final String SERVER_PY = "import os,http.server\n"
            + "class H(http.server.BaseHTTPRequestHandler):\n"
            + "    def do_GET(self):\n"
            + "        self.send_response(200); self.end_headers(); self.wfile.write(b'ok')\n"
            + "    def log_message(self, *a): pass\n"
            + "http.server.HTTPServer(('127.0.0.1', int(os.environ['PORT'])), H).serve_forever()\n";
    private final SwitchboardServer server;
    private final PostgresBench pg;
    private final String marker;

    public RedeployBench(SwitchboardServer server, TargetEndpoint admin, String marker) {
        this.server = server;
        this.pg = new PostgresBench(admin);
        this.marker = marker;
    }

    public Result run(int warmup, int count) throws Exception {
        ResourceId group = ResourceId.resourceGroup(ServerConfig.SUBSCRIPTION, "bench-redeploy-" + marker);
        ResourceId db = ResourceId.parse(group + "/providers/Microsoft.DBforPostgreSQL/flexibleServers/pg/databases/bench_" + marker);
        ResourceId app = ResourceId.parse(group + "/providers/Microsoft.App/containerApps/web");
        ResourceId linker = ResourceId.parse(app + "/providers/Microsoft.ServiceLinker/linkers/db");
        var resources = server.resources();
        resources.put(group, Map.of("location", "local", "tags", Map.of(FieldOwnership.MODE_TAG, FieldOwnership.CLASSIC)), null, "bench");
        List<Long> healed = new ArrayList<>();
        List<Long> validated = new ArrayList<>();
        boolean connected = false;
        try {
            resources.put(db.parent(), Map.of("location", "local", "properties", Map.of()), null, "bench");
            resources.put(db, Map.of("properties", Map.of()), null, "bench");
            redeploy(app);
            BenchConnections.create(server, linker, db, "none");
            connected = true;
            for (int i = 0; i < warmup + count; i++) {
                long[] took = wipeAndHeal(app, linker);
                if (i < warmup) continue;
                healed.add(took[0]);
                validated.add(took[1]);
            }
        } finally {
            if (connected) {
                Optional<LinkerService.Started> started = server.linkers().delete(linker, null, "bench");
                if (started.isPresent()) started.get().completion().get();
            }
            resources.delete(group, null);
        }
        return new Result(pg.describe(), healed, validated, pg.logins(marker));
    }

    private long[] wipeAndHeal(ResourceId app, ResourceId linker) throws Exception {
        long seen = newestEvent(linker);
        redeploy(app);
        long start = System.nanoTime();
        ConnectionEvent outcome = awaitHeal(linker, seen);
        long healed = System.nanoTime() - start;
        if (!ConnectionEvent.DRIFT_HEALED.equals(outcome.kind())) throw new IllegalStateException("not healed: " + outcome.message());
        List<ValidationItem> items = server.linkers().validateNow(linker);
        long validated = System.nanoTime() - start;
        List<String> failed = items.stream().filter(v -> v.result() == ValidationItem.Result.FAILURE).map(ValidationItem::name).toList();
        if (!failed.isEmpty()) throw new IllegalStateException("healed but not valid: " + failed);
        return new long[] {healed, validated};
    }

    /**
     * The reconciler's outcome after {@code seen}: the heal checked, or its failure. The drift it found must be the
     * wiped settings, or the run measured something else.
     */
    private ConnectionEvent awaitHeal(ResourceId linker, long seen) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            List<ConnectionEvent> recent = server.store().events(linker, 10).stream().filter(e -> e.seq() > seen).toList();
            Optional<ConnectionEvent> ended = recent.stream().filter(e -> !ConnectionEvent.DRIFT_DETECTED.equals(e.kind())).findFirst();
            if (ended.isPresent()) {
                if (recent.stream().noneMatch(e -> String.valueOf(e.detail()).contains("SettingsRemoved"))) {
                    throw new IllegalStateException("the redeploy did not wipe the connection's settings: " + recent);
                }
                return ended.get();
            }
            Thread.sleep(2);
        }
        throw new IllegalStateException("no heal within 60 s of the redeploy");
    }

    private long newestEvent(ResourceId linker) {
        return server.store().events(linker, 1).stream().mapToLong(ConnectionEvent::seq).max().orElse(0);
    }

    /** The app's template as its deployment writes it: nothing about the database. */
    private void redeploy(ResourceId app) {
        Map<String, Object> container = Map.of("name", "web", "command", List.of("/usr/bin/python3", "-c", SERVER_PY),
                "env", List.of(Map.of("name", "MODE", "value", "prod")));
        server.resources().put(app, Map.of("location", "local", "identity", Map.of("type", "None"), "properties", Map.of(
                "configuration", Map.of("ingress", Map.of("external", true)),
                "template", Map.of("containers", List.of(container)))), null, "bench",
                new FieldOwnership.Write(Managers.deployment("bench"), false));
    }

    public static void report(Result r, int warmup, PrintWriter out) {
        out.printf("classic-mode redeploy wiped the connection's settings, healed and validated: %d runs after %d warm-up (%s)%n",
                r.healed().size(), warmup, r.description());
        out.printf("%-38s %10s %10s%n", "", "p50 ms", "p99 ms");
        out.printf("%-38s %10.2f %10.2f%n", "redeploy → heal checked (new revision)",
                BenchReport.percentile(r.healed(), 50), BenchReport.percentile(r.healed(), 99));
        out.printf("%-38s %10.2f %10.2f%n", "redeploy → connection validated",
                BenchReport.percentile(r.validated(), 50), BenchReport.percentile(r.validated(), 99));
        out.printf("left on the target: %d%s%n", r.left().size(), r.left().isEmpty() ? "" : " " + r.left());
        out.flush();
    }
}
