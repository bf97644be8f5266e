package dev.switchboard.providers.postgres.embedded;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Stops the server on the data directory of a {@link Layout}: {@code pg_ctl stop -m fast}, else {@code -m immediate}. */
final class StopSequence {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgres.class);

    private final Layout layout;
    private final PgRunner runner;

    StopSequence(Layout layout, PgRunner runner) {
        this.layout = layout;
        this.runner = runner;
    }

    /** {@code port} is only for the log line. */
    void stop(int port) throws IOException {
        Path dataDir = layout.dataDir();
        Duration timeout = layout.timeout();
        if (!Files.exists(dataDir.resolve("postmaster.pid"))) return; // not running
        List<String> stop = List.of(layout.bin("pg_ctl"), "stop", "-D", dataDir.toString(), "-w", "-t", Long.toString(timeout.toSeconds()));
        try {
            runner.run("pg_ctl stop", concat(stop, "-m", "fast"), timeout.plusSeconds(10));
        } catch (IOException fast) {
            if (!Files.exists(dataDir.resolve("postmaster.pid"))) return; // it was gone already
            log.warn("pg_ctl stop -m fast failed, trying -m immediate: {}", fast.getMessage());
            runner.run("pg_ctl stop (immediate)", concat(stop, "-m", "immediate"), timeout.plusSeconds(10));
        }
        log.info("Embedded PostgreSQL on {}:{} stopped", EmbeddedPostgres.HOST, port);
    }

    private static List<String> concat(List<String> a, String... more) {
        List<String> l = new ArrayList<>(a);
        l.addAll(List.of(more));
        return l;
    }
}
