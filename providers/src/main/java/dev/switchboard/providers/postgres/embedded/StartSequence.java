package dev.switchboard.providers.postgres.embedded;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URL;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

import static dev.switchboard.providers.postgres.embedded.EmbeddedPostgres.HOST;

/**
 * Starts the server of a {@link Layout}: under the start lock, extracts the binaries, then adopts the server already
 * running on the data directory, or creates the cluster if needed, writes the configuration and runs pg_ctl start.
 */
final class StartSequence {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgres.class);
    private static final Map<Path, ReentrantLock> JVM_LOCKS = new ConcurrentHashMap<>();

    /** How the start ended: the port the server listens on, and whether it was running already. */
    record Started(int port, boolean adopted) {}

    private final Layout layout;
    private final PgRunner runner;
    private final ClusterFiles files;

    StartSequence(Layout layout, PgRunner runner) {
        this.layout = layout;
        this.runner = runner;
        this.files = new ClusterFiles(layout, runner);
    }

    /** {@code port} 0 picks a free port; an adopted server keeps the port it listens on. */
    Started run(URL archive, int port, String password) throws IOException {
        Path rootDir = layout.rootDir();
        ReentrantLock jvmLock = JVM_LOCKS.computeIfAbsent(rootDir, k -> new ReentrantLock());
        jvmLock.lock();
        try {
            files.prepareDirs();
        } catch (IOException | RuntimeException e) {
            jvmLock.unlock();
            throw e;
        }
        try (FileChannel ch = FileChannel.open(rootDir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = ch.lock()) {
            Binaries.extract(archive, layout.installDir());
            Optional<PostmasterPid.Live> running = PostmasterPid.liveServerOn(layout.dataDir());
            return running.isPresent() ? adopt(running.get(), port) : startServer(port, password);
        } finally {
            jvmLock.unlock();
        }
    }

    private Started startServer(int requestedPort, String password) throws IOException {
        runner.rotateLog();
        if (!files.clusterExists()) files.initdb(password);
        else files.checkMajorVersion();
        int port = requestedPort == 0 ? freePort() : requestedPort;
        files.writeConfig(port, files.socketDir());
        Duration timeout = layout.timeout();
        runner.run("pg_ctl start", List.of(layout.bin("pg_ctl"), "start", "-D", layout.dataDir().toString(), "-w",
                "-t", Long.toString(timeout.toSeconds())), timeout.plusSeconds(10));
        log.info("Embedded PostgreSQL {} started on {}:{} (data {})", layout.version(), HOST, port, layout.dataDir());
        return new Started(port, false);
    }

    private Started adopt(PostmasterPid.Live running, int requestedPort) throws IOException {
        int pid = running.pid();
        int port = running.port();
        if (requestedPort != 0 && requestedPort != port)
            log.warn("Embedded PostgreSQL already runs on {} (pid {}), not on the requested port {}; adopting it",
                    port, pid, requestedPort);
        Instant deadline = Instant.now().plus(layout.timeout());
        while (!accepts(port)) {
            if (Instant.now().isAfter(deadline))
                throw new IOException("Adopted PostgreSQL (pid " + pid + ") does not accept connections on " + HOST + ":" + port);
            sleep(100);
        }
        log.info("Adopted running embedded PostgreSQL (pid {}) on {}:{} (data {})", pid, HOST, port, layout.dataDir());
        return new Started(port, true);
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
}
