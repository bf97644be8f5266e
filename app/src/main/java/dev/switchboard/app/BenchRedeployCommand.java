package dev.switchboard.app;

import dev.switchboard.app.bench.RedeployBench;
import dev.switchboard.core.secret.PasswordGenerator;
import dev.switchboard.server.ServerConfig;
import dev.switchboard.server.SwitchboardServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * {@code bench-redeploy}: the time from a classic-mode redeploy wiping a connection's settings to the connection
 * validated again, on the PostgreSQL {@code --postgres} names. The server's reconcile period is an hour, so what heals
 * is the reconciler's change event, not its period.
 */
@Command(name = "bench-redeploy", mixinStandardHelpOptions = true,
        description = "Deploy an app's template again N times in a classic-mode resource group (wiping its connection's"
                + " settings); print how long until the reconciler has healed them and the connection validates (p50/p99).")
final class BenchRedeployCommand implements Callable<Integer> {
    private final Launch launch;
    private final PrintWriter out;

    @Mixin
    ScenarioBenchOptions options = new ScenarioBenchOptions();

    BenchRedeployCommand(Launch launch, PrintWriter out) {
        this.launch = launch;
        this.out = out;
    }

    @Override
    public Integer call() throws Exception {
        if (options.problem() != null) {
            out.println(options.problem());
            out.flush();
            return 2;
        }
        Path data = Files.createTempDirectory("switchboard-bench-redeploy");
        ServerConfig config = launch.serverConfig(data, "127.0.0.1", 0, options.postgres, options.postgresUser, false, false)
                .withReconcilePeriod(Duration.ofHours(1));
        RedeployBench.Result result;
        try (SwitchboardServer server = SwitchboardServer.start(config)) {
            String marker = new PasswordGenerator(new SecureRandom()).suffix(6);
            result = new RedeployBench(server, config.postgres().orElseThrow(), marker).run(options.warmup, options.runs);
        } finally {
            BenchCommand.deleteTree(data);
        }
        RedeployBench.report(result, options.warmup, out);
        return result.left().isEmpty() ? 0 : 1;
    }
}
