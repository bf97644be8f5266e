package dev.switchboard.providers.postgres.embedded;

import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the PostgreSQL programs of a {@link Layout} (as {@link RunAs} when root), appending their output to its log. */
final class PgRunner {

    private static final long LOG_ROTATE_BYTES = 10L * 1024 * 1024;
    private static final int LOG_TAIL_LINES = 25;

    private final Layout layout;
    private final Path logFile;

    PgRunner(Layout layout) {
        this.layout = layout;
        this.logFile = layout.logFile();
    }

    /** Runs a program; fails with the tail of its output when it fails or outlasts {@code limit}. */
    void run(String step, List<String> args, Duration limit) throws IOException {
        List<String> cmd = new ArrayList<>();
        if (layout.runAs() != null) cmd.addAll(layout.runAs().prefix());
        cmd.addAll(args);
        Files.writeString(logFile, "---- " + Instant.now() + " " + step + ": " + String.join(" ", args) + System.lineSeparator(),
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        long from = Files.size(logFile);
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .directory(layout.rootDir().toFile()) // a cwd the unprivileged user can enter
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                // a file, not a pipe: pg_ctl start leaves the server holding its stdout, and the server's log goes here
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("PG")); // PGDATA, PGPORT… of the caller must not leak in
        pb.environment().put("LC_ALL", "C");
        Process p = pb.start();
        try {
            if (!p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new IOException(step + " did not finish within " + limit.toSeconds() + " s" + tail(from));
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException(step + " interrupted", e);
        }
        if (p.exitValue() != 0) throw new IOException(step + " failed with exit code " + p.exitValue() + tail(from));
    }

    void rotateLog() throws IOException {
        if (Files.exists(logFile) && Files.size(logFile) > LOG_ROTATE_BYTES)
            Files.move(logFile, logFile.resolveSibling(logFile.getFileName() + ".1"), StandardCopyOption.REPLACE_EXISTING);
    }

    private String tail(long from) {
        try (FileChannel ch = FileChannel.open(logFile, StandardOpenOption.READ)) {
            long size = ch.size();
            long start = Math.max(from, size - 64 * 1024);
            ByteBuffer buf = ByteBuffer.allocate((int) Math.max(0, size - start));
            ch.read(buf, start);
            List<String> lines = new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8).lines().toList();
            return "; last lines of " + logFile + ":" + System.lineSeparator()
                    + String.join(System.lineSeparator(), lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
        } catch (IOException e) {
            return "; see " + logFile;
        }
    }
}
