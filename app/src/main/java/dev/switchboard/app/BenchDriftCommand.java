package dev.switchboard.app;

import dev.switchboard.app.bench.DriftBench;
import dev.switchboard.core.secret.PasswordGenerator;
import dev.switchboard.server.ServerConfig;
import dev.switchboard.server.SwitchboardServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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

    @Mixin
    ScenarioBenchOptions options = new ScenarioBenchOptions();

    @Option(names = "--others", defaultValue = "0",
            description = "Connections that have not drifted, observed in every round too (default: ${DEFAULT-VALUE}).")
    int others;

    BenchDriftCommand(Launch launch, PrintWriter out) {
        this.launch = launch;
        this.out = out;
    }

    @Override
    public Integer call() throws Exception {
        if (options.runs < 1 || options.warmup < 0 || others < 0) {
            out.println("-n must be at least 1, --warmup and --others not negative");
            out.flush();
            return 2;
        }
        Path data = Files.createTempDirectory("switchboard-bench-drift");
        ServerConfig config = launch.serverConfig(data, "127.0.0.1", 0, options.postgres, options.postgresUser, false, false)
                .withReconcilePeriod(java.time.Duration.ZERO);
        DriftBench.Result result;
        try (SwitchboardServer server = SwitchboardServer.start(config)) {
            String marker = new PasswordGenerator(new SecureRandom()).suffix(6);
            result = new DriftBench(server, config.postgres().orElseThrow(), marker).run(options.warmup, options.runs, others);
        } finally {
            BenchCommand.deleteTree(data); // the run's store holds the target's admin secret (encrypted, its key beside it)
        }
        DriftBench.report(result, options.warmup, out);
        return result.left().isEmpty() ? 0 : 1;
    }
}
