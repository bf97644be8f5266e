package dev.switchboard.app;

import dev.switchboard.app.bench.BenchReport;
import dev.switchboard.app.bench.BenchRun;
import dev.switchboard.app.bench.BenchTarget;
import dev.switchboard.app.bench.BenchTargets;
import dev.switchboard.core.secret.PasswordGenerator;
import dev.switchboard.server.ServerConfig;
import dev.switchboard.server.SwitchboardServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

/**
 * Measures connection create latency against each kind of target next to its raw floor: the same admin work done
 * directly with the provider's client library, nothing around it (see {@link BenchTarget}). Both series run in this
 * process, alternating, so the ratio compares like with like on this machine. Passwords of the given servers come
 * from the environment (never a command line): SWITCHBOARD_POSTGRES_PASSWORD, SWITCHBOARD_MYSQL_PASSWORD,
 * SWITCHBOARD_REDIS_PASSWORD (unset: no AUTH), SWITCHBOARD_RABBITMQ_PASSWORD (default guest).
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Create N connections per target; print engine p50/p95 next to the raw floor and the ratio.")
final class BenchCommand implements java.util.concurrent.Callable<Integer> {
    private final Launch launch;
    private final PrintWriter out;

    @Option(names = {"-n", "--connections"}, defaultValue = "50", description = "Connections to create per target (default: ${DEFAULT-VALUE}).")
    int count;

    @Option(names = "--warmup", defaultValue = "5", description = "Untimed creates first (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = {"-t", "--target"}, defaultValue = "postgres",
            description = "postgres, mysql, redis, rabbitmq, mqtt, nats, kafka or all (default: ${DEFAULT-VALUE}).")
    String target;

    @Option(names = "--postgres", defaultValue = "127.0.0.1:5432", description = "PostgreSQL to use (default: ${DEFAULT-VALUE}).")
    String postgres;

    @Option(names = "--postgres-user", defaultValue = "postgres", description = "Its administrator (default: ${DEFAULT-VALUE}).")
    String postgresUser;

    @Option(names = "--mysql", defaultValue = "127.0.0.1:3306", description = "MySQL/MariaDB to use (default: ${DEFAULT-VALUE}).")
    String mysql;

    @Option(names = "--mysql-user", defaultValue = "root", description = "Its administrator (default: ${DEFAULT-VALUE}).")
    String mysqlUser;

    @Option(names = "--redis", defaultValue = "127.0.0.1:6379", description = "Redis to use (default: ${DEFAULT-VALUE}).")
    String redis;

    @Option(names = "--redis-user", defaultValue = "default", description = "Its administrator (default: ${DEFAULT-VALUE}).")
    String redisUser;

    @Option(names = "--rabbitmq", defaultValue = "127.0.0.1:5672", description = "RabbitMQ to use (default: ${DEFAULT-VALUE}).")
    String rabbitmq;

    @Option(names = "--rabbitmq-user", defaultValue = "guest", description = "Its administrator (default: ${DEFAULT-VALUE}).")
    String rabbitmqUser;

    @Option(names = "--rabbitmq-management-port", defaultValue = "15672", description = "Its management API (default: ${DEFAULT-VALUE}).")
    int rabbitmqManagementPort;

    BenchCommand(Launch launch, PrintWriter out) {
        this.launch = launch;
        this.out = out;
    }

    @Override
    public Integer call() throws Exception {
        List<String> names = target.equals("all") ? BenchTargets.NAMES : List.of(target);
        if (!BenchTargets.NAMES.containsAll(names)) {
            out.println("unknown target " + target + "; one of " + BenchTargets.NAMES + " or all");
            out.flush();
            return 2;
        }
        Path data = Files.createTempDirectory("switchboard-bench");
        ServerConfig config = launch.serverConfig(data, "127.0.0.1", 0, postgres, postgresUser, false, false);
        SecureRandom random = new SecureRandom();
        BenchTargets targets = new BenchTargets(servers(config), random);
        List<BenchRun.Result> results = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        try (SwitchboardServer server = SwitchboardServer.start(config)) {
            BenchRun run = new BenchRun(server, new PasswordGenerator(random), warmup, count);
            for (String name : names) measure(targets, run, name, results, skipped);
        } finally {
            deleteTree(data); // the run's store holds the targets' admin secrets (encrypted, with its key beside it)
        }
        BenchReport report = new BenchReport(out);
        if (names.size() > 1) report.table(results, skipped, warmup);
        else if (results.isEmpty()) out.println(skipped.get(0));
        else report.single(results.get(0), warmup);
        out.flush();
        boolean clean = results.stream().allMatch(r -> r.left().isEmpty());
        return clean && (names.size() > 1 || !results.isEmpty()) ? 0 : 1;
    }

    /** One target; with several, one that cannot start or fails is reported and the others still run. */
    private void measure(BenchTargets targets, BenchRun run, String name, List<BenchRun.Result> results, List<String> skipped) {
        try (BenchTarget t = targets.open(name)) {
            results.add(run.run(t));
        } catch (BenchTargets.Unavailable e) {
            skipped.add(name + ": skipped: " + e.getMessage());
        } catch (Exception e) {
            skipped.add(name + ": failed: " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    static void deleteTree(Path dir) throws java.io.IOException {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }

    private BenchTargets.Servers servers(ServerConfig config) {
        var env = launch.environment();
        return new BenchTargets.Servers(config.postgres().orElseThrow(),
                BenchTargets.endpoint(mysql, 3306, mysqlUser, env.getOrDefault("SWITCHBOARD_MYSQL_PASSWORD", "")),
                BenchTargets.endpoint(redis, 6379, redisUser, env.get("SWITCHBOARD_REDIS_PASSWORD")),
                BenchTargets.endpoint(rabbitmq, 5672, rabbitmqUser, env.getOrDefault("SWITCHBOARD_RABBITMQ_PASSWORD", "guest")),
                rabbitmqManagementPort);
    }
}
