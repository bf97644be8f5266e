package dev.switchboard.app;

import picocli.CommandLine.Option;

/** What the scenario benchmarks ({@code bench-drift}, {@code bench-redeploy}) share: how many runs, on which PostgreSQL. */
final class ScenarioBenchOptions {
    @Option(names = {"-n", "--runs"}, defaultValue = "20", description = "Timed runs (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--warmup", defaultValue = "2", description = "Untimed runs first (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--postgres", defaultValue = "127.0.0.1:5432", description = "PostgreSQL to use (default: ${DEFAULT-VALUE}).")
    String postgres;

    @Option(names = "--postgres-user", defaultValue = "postgres", description = "Its administrator (default: ${DEFAULT-VALUE}).")
    String postgresUser;

    /** Null when the counts are usable, else what is wrong with them. */
    String problem() {
        return runs < 1 || warmup < 0 ? "-n must be at least 1 and --warmup not negative" : null;
    }
}
