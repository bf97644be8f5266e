package dev.switchboard.app;

import dev.switchboard.app.bench.DriftBench;
import dev.switchboard.core.secret.PasswordGenerator;
import dev.switchboard.server.ServerConfig;
import dev.switchboard.server.SwitchboardServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.concurrent.Callable;

/**
 * {@code bench-drift}: the time to detect and heal a dropped database role, on the PostgreSQL {@code --postgres}
 * names (password from SWITCHBOARD_POSTGRES_PASSWORD). The server's own period is off: the benchmark runs the
 * rounds, so the figure is the work, not the wait for the next round.
 */
@Command(name = "bench-drift", mixinStandardHelpOptions = true,
        description = "Drop a connection's PostgreSQL role by hand N times; print how long a reconciler round takes to find it"
                + " and the heal to bring it back (p50/p99).")
final class BenchDriftCommand implements Callable<Integer> {
    private final Launch launch;
    private final PrintWriter out;

    @Option(names = {"-n", "--runs"}, defaultValue = "20", description = "Timed drops (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--warmup", defaultValue = "2", description = "Untimed drops first (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--others", defaultValue = "0",
            description = "Connections that have not drifted, observed in every round too (default: ${DEFAULT-VALUE}).")
    int others;

    @Option(names = "--postgres", defaultValue = "127.0.0.1:5432", description = "PostgreSQL to use (default: ${DEFAULT-VALUE}).")
    String postgres;

    @Option(names = "--postgres-user", defaultValue = "postgres", description = "Its administrator (default: ${DEFAULT-VALUE}).")
    String postgresUser;

    BenchDriftCommand(Launch launch, PrintWriter out) {
        this.launch = launch;
        this.out = out;
    }

    @Override
    public Integer call() throws Exception {
        if (runs < 1 || warmup < 0 || others < 0) {
            out.println("-n must be at least 1, --warmup and --others not negative");
            out.flush();
            return 2;
        }
        Path data = Files.createTempDirectory("switchboard-bench-drift");
        ServerConfig config = launch.serverConfig(data, "127.0.0.1", 0, postgres, postgresUser, false, false)
                .withReconcilePeriod(java.time.Duration.ZERO);
        DriftBench.Result result;
        try (SwitchboardServer server = SwitchboardServer.start(config)) {
            String marker = new PasswordGenerator(new SecureRandom()).suffix(6);
            result = new DriftBench(server, config.postgres().orElseThrow(), marker).run(warmup, runs, others);
        } finally {
            BenchCommand.deleteTree(data); // the run's store holds the target's admin secret (encrypted, its key beside it)
        }
        DriftBench.report(result, warmup, out);
        return result.left().isEmpty() ? 0 : 1;
    }
}
