package dev.switchboard.app;

import dev.switchboard.app.bench.IngressBench;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** {@code bench-ingress}: the latency the app host's ingress adds to a request on loopback. */
@Command(name = "bench-ingress", mixinStandardHelpOptions = true,
        description = "Send N GETs to a small HTTP app directly and through the app host's ingress; print both and the difference.")
final class BenchIngressCommand implements Callable<Integer> {
    private final PrintWriter out;

    @Option(names = {"-n", "--requests"}, defaultValue = "2000", description = "Timed requests each way (default: ${DEFAULT-VALUE}).")
    int requests;

    @Option(names = "--warmup", defaultValue = "500", description = "Untimed requests each way first (default: ${DEFAULT-VALUE}).")
    int warmup;

    BenchIngressCommand(PrintWriter out) {
        this.out = out;
    }

    @Override
    public Integer call() throws Exception {
        if (requests < 1 || warmup < 0) {
            out.println("-n must be at least 1 and --warmup not negative");
            return 2;
        }
        IngressBench.report(IngressBench.run(requests, warmup), out);
        return 0;
    }
}
