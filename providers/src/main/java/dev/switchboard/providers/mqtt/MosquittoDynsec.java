package dev.switchboard.providers.mqtt;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * A private Mosquitto 2 broker with the dynamic-security plugin, for tests and {@code switchboard bench} (the
 * machine's broker on 1883 has no plugin): a temp directory, a free loopback port, a configuration loading
 * {@code mosquitto_dynamic_security.so}, and an administrator with a random password made by
 * {@code mosquitto_ctrl dynsec init} when that tool exists, else by writing the plugin's JSON directly (same format:
 * PBKDF2-HMAC-SHA512, 101 iterations, base64 salt and hash). Main code, not test support, so that the benchmark
 * can start one; it only starts a child process when called, so the server never does. {@code user <current user>} keeps Mosquitto from
 * dropping root privileges to {@code mosquitto}, which could not read the temp directory. Only the JDK is used, so
 * engine and server tests can use it as is. {@link #close()} stops the broker and deletes the directory; a JVM
 * shutdown hook does the same if a test forgets.
 */
public final class MosquittoDynsec implements AutoCloseable {
    public static final String ADMIN = "sb-admin";
    private static final List<String> PLUGINS = List.of("/usr/lib/x86_64-linux-gnu/mosquitto_dynamic_security.so",
            "/usr/lib/mosquitto_dynamic_security.so", "/usr/local/lib/mosquitto_dynamic_security.so");
    private static final SecureRandom RANDOM = new SecureRandom();
    private final Path dir;
    private final int port;
    private final String password;
    private final Process process;
    private final Thread hook;

    private MosquittoDynsec(Path dir, int port, String password, Process process) {
        this.dir = dir;
        this.port = port;
        this.password = password;
        this.process = process;
        this.hook = new Thread(this::stop, "mosquitto-dynsec-stop");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    public static MosquittoDynsec start() {
        return start(executable("mosquitto_ctrl") != null);
    }

    /** @param useCtrl initialise with {@code mosquitto_ctrl dynsec init} (true) or by writing the JSON (false) */
    public static MosquittoDynsec start(boolean useCtrl) {
        try {
            Path dir = Files.createTempDirectory("sb-mosquitto-");
            String password = "Pw-" + HexFormat.of().formatHex(bytes(12));
            Path dynsec = dir.resolve("dynamic-security.json");
            if (useCtrl) initWithCtrl(dynsec, password); else Files.writeString(dynsec, initialJson(password));
            IOException last = null;
            for (int attempt = 0; attempt < 3; attempt++) {
                int port = freePort();
                try {
                    return new MosquittoDynsec(dir, port, password, launch(dir, port, dynsec));
                } catch (IOException e) {
                    last = e; // another process took the port between probing and binding
                }
            }
            delete(dir);
            throw new IllegalStateException("mosquitto did not start", last);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String host() { return "127.0.0.1"; }
    public int port() { return port; }
    public String admin() { return ADMIN; }
    public String password() { return password; }
    public Path directory() { return dir; }

    /** The broker's log so far (for assertion messages). */
    public String log() {
        try {
            return Files.readString(dir.resolve("mosquitto.log"));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static Process launch(Path dir, int port, Path dynsec) throws IOException {
        Path conf = dir.resolve("mosquitto.conf");
        Files.writeString(conf, String.join("\n",
                "listener " + port + " 127.0.0.1",
                "allow_anonymous false",
                "persistence false",
                "user " + System.getProperty("user.name"),
                "plugin " + plugin(),
                "plugin_opt_config_file " + dynsec,
                ""));
        Path log = dir.resolve("mosquitto.log");
        Process p = new ProcessBuilder(executable("mosquitto"), "-c", conf.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) throw new IOException("mosquitto exited: " + Files.readString(log));
            if (accepts(port) && Files.readString(log).contains("running")) return p;
            sleep(50);
        }
        p.destroyForcibly();
        throw new IOException("mosquitto did not listen on " + port + ": " + Files.readString(log));
    }

    private static void initWithCtrl(Path file, String password) throws IOException {
        Process p = new ProcessBuilder(executable("mosquitto_ctrl"), "dynsec", "init", file.toString(), ADMIN, password)
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0 || !Files.exists(file)) {
                throw new IOException("mosquitto_ctrl dynsec init failed: " + out.replace(password, "***"));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** What {@code mosquitto_ctrl dynsec init} writes: the admin client and an admin role over the plugin's topics. */
    static String initialJson(String password) {
        byte[] salt = bytes(12);
        String acls = Stream.of(
                acl("publishClientSend", "$CONTROL/dynamic-security/#"), acl("publishClientReceive", "$CONTROL/dynamic-security/#"),
                acl("subscribePattern", "$CONTROL/dynamic-security/#"), acl("publishClientReceive", "$SYS/#"),
                acl("subscribePattern", "$SYS/#"), acl("publishClientReceive", "#"), acl("subscribePattern", "#"),
                acl("unsubscribePattern", "#")).reduce((a, b) -> a + "," + b).orElseThrow();
        return "{\"clients\":[{\"username\":\"" + ADMIN + "\",\"textName\":\"Dynsec admin user\",\"password\":\""
                + Base64.getEncoder().encodeToString(pbkdf2(password, salt)) + "\",\"salt\":\""
                + Base64.getEncoder().encodeToString(salt) + "\",\"iterations\":101,\"roles\":[{\"rolename\":\"admin\"}]}],"
                + "\"roles\":[{\"rolename\":\"admin\",\"acls\":[" + acls + "]}],"
                + "\"defaultACLAccess\":{\"publishClientSend\":false,\"publishClientReceive\":true,\"subscribe\":false,\"unsubscribe\":true}}";
    }

    private static String acl(String type, String topic) {
        return "{\"acltype\":\"" + type + "\",\"topic\":\"" + topic + "\",\"allow\":true}";
    }

    private static byte[] pbkdf2(String password, byte[] salt) {
        try {
            PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, 101, 512);
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA512").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String plugin() throws IOException {
        for (String p : PLUGINS) if (Files.isReadable(Path.of(p))) return p;
        throw new IOException("mosquitto_dynamic_security.so not found in " + PLUGINS);
    }

    /**
     * The tool in the usual system directories (sbin too: root's PATH has it, others' may not); null when absent.
     * A fixed list rather than $PATH: this class is main code (the benchmark starts it too), and only entry points
     * read the environment.
     */
    static String executable(String name) {
        for (String d : List.of("/usr/sbin", "/usr/bin", "/usr/local/sbin", "/usr/local/bin")) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, name))) return Path.of(d, name).toString();
        }
        return null;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void stop() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        delete(dir);
    }

    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // The JVM is already shutting down and runs the hook itself.
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // Best effort: a temp directory left behind holds only this run's throwaway broker.
        }
    }
}
