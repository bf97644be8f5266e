package dev.switchboard.providers.rabbitmq;

import dev.switchboard.core.json.JsonText;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import dev.switchboard.core.secret.Secret;
import dev.switchboard.core.target.TargetEndpoint;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The machine's RabbitMQ (127.0.0.1:5672, guest/guest, which may log in from loopback only) and helpers that talk to
 * its management API directly, independently of the provider. {@link #ensureManagement} enables the management
 * plugin through {@code bin/lib/rabbitmq-management.sh} when port 15672 is closed, so a fresh machine needs no manual
 * step. Every test run uses names starting with its own random prefix; {@link #deleteEverything} removes them all.
 */
final class RabbitTestSupport {
    static final String HOST = "127.0.0.1";
    static final int PORT = 5672;
    static final int MANAGEMENT_PORT = 15672;
    static final String ADMIN_PASSWORD = "guest";
    static final TargetEndpoint ADMIN = new TargetEndpoint(HOST, PORT, "guest", Secret.of(ADMIN_PASSWORD), "/",
            Map.of("managementPort", String.valueOf(MANAGEMENT_PORT)));
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private RabbitTestSupport() {
    }

    static synchronized void ensureManagement() throws IOException, InterruptedException {
        if (listening(MANAGEMENT_PORT)) return;
        Path script = Path.of(System.getProperty("switchboard.repoRoot", "."), "bin", "lib", "rabbitmq-management.sh");
        Process p = new ProcessBuilder("bash", script.toString(), String.valueOf(MANAGEMENT_PORT), "90")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.INHERIT).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("%s finished", script).isTrue();
        assertThat(p.exitValue()).as("%s exit code", script).isZero();
        assertThat(listening(MANAGEMENT_PORT)).as("management API listening").isTrue();
    }

    static boolean listening(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(HOST, port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** A fresh prefix such as {@code sbt_k3x9q2ab}. */
    static String prefix() {
        StringBuilder sb = new StringBuilder("sbt_");
        ThreadLocalRandom r = ThreadLocalRandom.current();
        for (int i = 0; i < 8; i++) sb.append("abcdefghijklmnopqrstuvwxyz0123456789".charAt(r.nextInt(36)));
        return sb.toString();
    }

    record Answer(int status, String body) { }

    static Answer call(String method, String path, String user, String password, String json) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://" + HOST + ":" + MANAGEMENT_PORT + path))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), r.body());
    }

    static Answer admin(String method, String path, String json) throws IOException, InterruptedException {
        return call(method, path, "guest", ADMIN_PASSWORD, json);
    }

    static List<Map<String, Object>> list(String path) throws IOException, InterruptedException {
        Answer a = admin("GET", path, null);
        assertThat(a.status()).as("GET %s", path).isEqualTo(200);
        return JsonText.parseObjects(a.body());
    }

    static Set<String> userNames(String prefix) throws IOException, InterruptedException {
        return names(list("/api/users"), prefix);
    }

    static Set<String> vhostNames(String prefix) throws IOException, InterruptedException {
        return names(list("/api/vhosts"), prefix);
    }

    /** Every permission entry (vhost, user, configure, write, read) whose user or vhost contains {@code prefix}. */
    static List<Map<String, Object>> permissions(String prefix) throws IOException, InterruptedException {
        return list("/api/permissions").stream().filter(p -> String.valueOf(p.get("user")).contains(prefix)
                || String.valueOf(p.get("vhost")).contains(prefix)).toList();
    }

    /** Names containing the prefix anywhere (hostile names put it in the middle too). */
    private static Set<String> names(List<Map<String, Object>> rows, String prefix) {
        Set<String> out = new TreeSet<>();
        for (Map<String, Object> row : rows) {
            String name = String.valueOf(row.get("name"));
            if (name.contains(prefix)) out.add(name);
        }
        return out;
    }

    static void deleteEverything(String prefix) throws IOException, InterruptedException {
        for (String user : userNames(prefix)) admin("DELETE", "/api/users/" + ManagementApi.segment(user), null);
        for (String vhost : vhostNames(prefix)) admin("DELETE", "/api/vhosts/" + ManagementApi.segment(vhost), null);
    }

    static Connection amqp(String user, String password, String vhost) throws IOException, TimeoutException {
        ConnectionFactory f = new ConnectionFactory();
        f.setHost(HOST);
        f.setPort(PORT);
        f.setUsername(user);
        f.setPassword(password);
        f.setVirtualHost(vhost);
        f.setAutomaticRecoveryEnabled(false);
        f.setConnectionTimeout(3000);
        return f.newConnection("switchboard-test");
    }
}
