package dev.switchboard.providers.nats;

import dev.switchboard.core.secret.Secret;
import dev.switchboard.core.target.TargetEndpoint;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A nats-server of a test's own: a temp directory with {@code nats.conf} (listening on 127.0.0.1 and a free port,
 * writing {@code nats.pid}, including {@code authorization.conf}, which starts empty, so the server starts without
 * authorization until Switchboard takes the file over), started as a child process and stopped by {@link #close}.
 * The machine's own server on 4222 is never touched. Self-contained so engine tests can use it too, and main code
 * so that {@code switchboard bench} can start one (the machine's server has no authorization file).
 */
public final class NatsTestServer implements AutoCloseable {
    public static final Path BINARY = Path.of(System.getProperty("switchboard.natsServer", "/usr/sbin/nats-server"));
    public static final String ADMIN = "sbt_admin";
    private final Path dir;
    private final Process process;
    private final int port;
    private final String adminPassword;

    private NatsTestServer(Path dir, Process process, int port, String adminPassword) {
        this.dir = dir;
        this.process = process;
        this.port = port;
        this.adminPassword = adminPassword;
    }

    public static NatsTestServer start() {
        try {
            Path dir = Files.createTempDirectory("sbt-nats-");
            int port = freePort();
            Files.writeString(dir.resolve("authorization.conf"), "");
            Files.writeString(dir.resolve("nats.conf"), "listen: 127.0.0.1:" + port + "\n"
                    + "pid_file: \"" + dir.resolve("nats.pid") + "\"\n"
                    + "include ./authorization.conf\n", StandardCharsets.UTF_8);
            Process p = new ProcessBuilder(BINARY.toString(), "-c", dir.resolve("nats.conf").toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("nats.log").toFile()).start();
            byte[] pw = new byte[12];
            new SecureRandom().nextBytes(pw);
            NatsTestServer server = new NatsTestServer(dir, p, port, "adm-" + HexFormat.of().formatHex(pw));
            server.awaitReady();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitReady() throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) throw new IOException("nats-server exited: " + log());
            if (Files.exists(pidFile()) && accepts()) return;
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
        }
        close();
        throw new IOException("nats-server did not start within 10 s: " + log());
    }

    private boolean accepts() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    public String host() { return "127.0.0.1"; }
    public int port() { return port; }
    public Path dir() { return dir; }
    public Path authorizationFile() { return dir.resolve("authorization.conf"); }
    public Path pidFile() { return dir.resolve("nats.pid"); }
    public String adminLogin() { return ADMIN; }
    public Secret adminPassword() { return Secret.of(adminPassword); }
    public long pid() { return process.pid(); }

    /** The endpoint a registered server resource of this server resolves to. */
    public TargetEndpoint endpoint() {
        return endpoint(adminPassword());
    }

    public TargetEndpoint endpoint(Secret password) {
        return new TargetEndpoint(host(), port, ADMIN, password, null,
                Map.of("authorizationFile", authorizationFile().toString(), "pidFile", pidFile().toString()));
    }

    public String log() {
        try {
            return Files.readString(dir.resolve("nats.log"));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    public String authorizationText() {
        try {
            return Files.readString(authorizationFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
            // a temp directory left behind is harmless
        }
    }
}
