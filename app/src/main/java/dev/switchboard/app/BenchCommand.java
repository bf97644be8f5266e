package dev.switchboard.app;

import dev.switchboard.core.id.ResourceId;
import dev.switchboard.core.secret.PasswordGenerator;
import dev.switchboard.core.secret.Secret;
import dev.switchboard.core.store.Operation;
import dev.switchboard.core.target.TargetEndpoint;
import dev.switchboard.engine.LinkerService;
import dev.switchboard.providers.postgres.PostgresStatements;
import dev.switchboard.server.ServerConfig;
import dev.switchboard.server.SwitchboardServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * Measures connection create latency against a real PostgreSQL next to its raw floor: the same SQL statements
 * (create the login, grant least privilege) sent over one JDBC connection with nothing around them. Both run
 * in this process, one after the other, so the ratio compares like with like on this machine.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Create N connections against a local PostgreSQL; print p50/p95 next to the raw JDBC floor and the ratio.")
final class BenchCommand implements Callable<Integer> {
    private final Launch launch;
    private final PrintWriter out;

    @Option(names = {"-n", "--connections"}, defaultValue = "50", description = "Connections to create (default: ${DEFAULT-VALUE}).")
    int count;

    @Option(names = "--warmup", defaultValue = "5", description = "Untimed creates first (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--postgres", defaultValue = "127.0.0.1:5432", description = "PostgreSQL to use (default: ${DEFAULT-VALUE}).")
    String postgres;

    @Option(names = "--postgres-user", defaultValue = "postgres", description = "Its administrator (default: ${DEFAULT-VALUE}).")
    String postgresUser;

    BenchCommand(Launch launch, PrintWriter out) {
        this.launch = launch;
        this.out = out;
    }

    @Override
    public Integer call() throws Exception {
        Path data = Files.createTempDirectory("switchboard-bench");
        ServerConfig config = launch.serverConfig(data, "127.0.0.1", 0, postgres, postgresUser, false, false);
        String suffix = new PasswordGenerator(new SecureRandom()).suffix(6);
        try (SwitchboardServer server = SwitchboardServer.start(config)) {
            BenchFixture fixture = BenchFixture.create(server, suffix);
            try {
                List<List<Long>> series = measure(server, fixture, config.postgres().orElseThrow(), suffix);
                report(series.get(0), series.get(1));
            } finally {
                fixture.delete(server);
            }
        }
        return 0;
    }

    /**
     * Engine and floor creates alternate, so both see the same catalog size (grants and default privileges grow
     * with every login; measuring one series after the other would favour the first).
     */
    private List<List<Long>> measure(SwitchboardServer server, BenchFixture fixture, TargetEndpoint admin, String suffix)
            throws Exception {
        List<Long> engine = new ArrayList<>();
        List<Long> floor = new ArrayList<>();
        PasswordGenerator passwords = new PasswordGenerator(new SecureRandom());
        List<String> floorLogins = new ArrayList<>();
        try {
            for (int i = 0; i < warmup + count; i++) {
                long e = createThroughEngine(server, fixture, i);
                String login = "sb_floor_" + suffix + "_" + i;
                floorLogins.add(login);
                long f = createRaw(admin, fixture.database(), login, passwords.next());
                if (i >= warmup) {
                    engine.add(e);
                    floor.add(f);
                }
            }
        } finally {
            dropFloorLogins(admin, fixture.database(), floorLogins);
        }
        return List.of(engine, floor);
    }

    private static long createThroughEngine(SwitchboardServer server, BenchFixture fixture, int i) throws Exception {
        ResourceId linker = fixture.app().extension("Microsoft.ServiceLinker", "linkers", "bench" + i);
        long start = System.nanoTime();
        LinkerService.Accepted a = server.linkers().createOrUpdate(linker, fixture.app(), fixture.linkerBody(), false, null, "bench");
        Operation done = a.completion().get();
        long took = System.nanoTime() - start;
        if (!Operation.SUCCEEDED.equals(done.status())) throw new IllegalStateException("create failed: " + done.errorMessage());
        return took;
    }

    private static long createRaw(TargetEndpoint admin, String database, String login, Secret password) throws Exception {
        long start = System.nanoTime();
        try (Connection c = DriverManager.getConnection(url(admin, database), admin.adminLogin(), admin.adminPassword().reveal());
             Statement st = c.createStatement()) {
            for (String sql : PostgresStatements.createConnectionLogin(login, password, database, "public", admin.adminLogin())) {
                st.execute(sql);
            }
        }
        return System.nanoTime() - start;
    }

    private static void dropFloorLogins(TargetEndpoint admin, String database, List<String> logins) throws Exception {
        try (Connection c = DriverManager.getConnection(url(admin, database), admin.adminLogin(), admin.adminPassword().reveal());
             Statement st = c.createStatement()) {
            for (String login : logins) {
                for (String sql : PostgresStatements.dropConnectionLogin(login, database, "public", admin.adminLogin())) st.execute(sql);
            }
        }
    }

    private static String url(TargetEndpoint e, String database) {
        return "jdbc:postgresql://" + e.host() + ":" + e.port() + "/" + database;
    }

    private void report(List<Long> engine, List<Long> floor) {
        double e50 = percentile(engine, 50), e95 = percentile(engine, 95), f50 = percentile(floor, 50), f95 = percentile(floor, 95);
        out.printf("connection create, %d runs after %d warm-up (PostgreSQL %s, app restart excluded)%n", count, warmup, postgres);
        out.printf("%-28s %10s %10s%n", "", "p50 ms", "p95 ms");
        out.printf("%-28s %10.2f %10.2f%n", "switchboard (engine)", e50, e95);
        out.printf("%-28s %10.2f %10.2f%n", "raw JDBC floor (same SQL)", f50, f95);
        out.printf("%-28s %10.2f %10.2f%n", "ratio", e50 / f50, e95 / f95);
        out.flush();
    }

    static double percentile(List<Long> nanos, int p) {
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1))) / 1_000_000.0;
    }

    /** The resource group, server, database and app (with nothing to run, so no restart) the bench connects. */
    record BenchFixture(ResourceId group, ResourceId server, ResourceId databaseId, ResourceId app) {
        static BenchFixture create(SwitchboardServer s, String suffix) {
            ResourceId rg = ResourceId.resourceGroup(ServerConfig.SUBSCRIPTION, "bench-" + suffix);
            ResourceId server = ResourceId.parse(rg + "/providers/Microsoft.DBforPostgreSQL/flexibleServers/pg");
            ResourceId db = server.child("databases", "bench_" + suffix);
            ResourceId app = ResourceId.parse(rg + "/providers/Microsoft.App/containerApps/bench-app");
            var resources = s.resources();
            resources.put(rg, Map.of("location", "local"), null, "bench");
            resources.put(server, Map.of("location", "local", "properties", Map.of()), null, "bench");
            resources.put(db, Map.of("properties", Map.of()), null, "bench");
            resources.put(app, Map.of("location", "local", "properties", Map.of()), null, "bench");
            return new BenchFixture(rg, server, db, app);
        }

        String database() {
            return databaseId.name();
        }

        Map<String, Object> linkerBody() {
            return Map.of("properties", Map.of("targetService", Map.of("type", "AzureResource", "id", databaseId.toString()),
                    "authInfo", Map.of("authType", "secret"), "clientType", "java"));
        }

        void delete(SwitchboardServer s) throws Exception {
            for (var linker : s.resources().list(app, "Microsoft.ServiceLinker/linkers")) {
                Optional<LinkerService.Started> started = s.linkers().delete(linker.id(), null, "bench");
                if (started.isPresent()) started.get().completion().get();
            }
            s.resources().delete(group, null);
        }
    }
}
