package dev.switchboard.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.core.secret.Secret;
import dev.switchboard.core.target.TargetEndpoint;
import dev.switchboard.server.leak.LeakRecorder;
import dev.switchboard.server.leak.StoreSecrets;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * A real Switchboard server for a test: in this JVM, on a free loopback port, with its own data directory,
 * adopting the machine's PostgreSQL (trust auth on loopback) unless told otherwise. Every request and answer goes
 * through the leak check's recorder, and the secrets the server holds are recorded when an operation ends and
 * when the server stops (see {@code leak.LeakCheckSession}).
 */
public final class TestServer implements AutoCloseable {
    public static final ObjectMapper JSON = new ObjectMapper();
    public static final String SUB = ServerConfig.SUBSCRIPTION;
    public static final TargetEndpoint LOCAL_PG = new TargetEndpoint("127.0.0.1", 5432, "postgres", Secret.of(""), "postgres");
    private final SwitchboardServer server;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final StoreSecrets secrets;

    private final boolean trackStored;

    private TestServer(SwitchboardServer server) {
        this(server, true);
    }

    private TestServer(SwitchboardServer server, boolean trackStored) {
        this.server = server;
        this.trackStored = trackStored;
        this.secrets = new StoreSecrets(server.dataDirectory().root(), server.store());
        collectStored();
    }

    /**
     * For the fuzzer: what its server stores as passwords are values the fuzzer moved into password fields (any
     * host, key or name it also sends elsewhere, and the machine's PostgreSQL accepts any password), so they are not
     * tracked as secrets; every answer is still scanned for the secrets the other tests track.
     */
    public static TestServer startForFuzzing(Path dataDir) {
        return new TestServer(SwitchboardServer.start(config(dataDir, ServerConfig.ADMIN_SESSION_IDLE)), false);
    }

    private void collectStored() {
        if (trackStored) secrets.collect();
    }

    /** Wraps a server started with a config of the test's own. */
    public static TestServer of(SwitchboardServer server) {
        return new TestServer(server);
    }

    public static TestServer start(Path dataDir) {
        return new TestServer(SwitchboardServer.start(config(dataDir, ServerConfig.ADMIN_SESSION_IDLE)));
    }

    /** A server that logs its administrator sessions out after every call, so each step opens its own connection. */
    public static TestServer startWithoutSessionReuse(Path dataDir) {
        return new TestServer(SwitchboardServer.start(config(dataDir, Duration.ZERO)));
    }

    /** Without session reuse (each step opens its own target connection), calling {@code faults} at every step boundary. */
    public static TestServer start(Path dataDir, dev.switchboard.engine.FaultInjector faults) {
        return new TestServer(SwitchboardServer.start(config(dataDir, Duration.ZERO), faults));
    }

    public static ServerConfig config(Path dataDir, Duration adminSessionIdle) {
        return new ServerConfig(dataDir, "127.0.0.1", 0, Optional.of(LOCAL_PG), false,
                Map.of("PATH", System.getProperty("java.home") + "/bin:/usr/bin:/bin"), false, Clock.systemUTC(), null,
                adminSessionIdle).withTargetRetryPeriod(Duration.ZERO) // tests retry by calling targetReturns() themselves
                .withReconcilePeriod(Duration.ZERO) // and reconcile by calling reconciler().reconcileOnce()
                .withTargetWait(Duration.ZERO); // a missing or unreachable target is refused at once (TargetWaitTest waits)
    }

    public SwitchboardServer server() {
        return server;
    }

    /** A response: status, headers, parsed body (a missing node when empty). */
    public record Answer(int status, HttpResponse<String> raw, JsonNode body) {
        public String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }
    }

    public Answer call(String method, String pathAndQuery, Object body) {
        return call(method, pathAndQuery, body, Map.of("Authorization", "Bearer " + server.token()));
    }

    public Answer call(String method, String pathAndQuery, Object body, Map<String, String> headers) {
        return send(method, pathAndQuery, body, headers, true);
    }

    /**
     * A request whose body holds no secret to guard: the fuzzer's mutated bodies move any value (a host, a key name)
     * into a password field, so their "passwords" would be found, innocently, everywhere. The answer is still scanned.
     */
    public Answer callMutated(String method, String pathAndQuery, String body) {
        return send(method, pathAndQuery, body, Map.of("Authorization", "Bearer " + server.token()), false);
    }

    private Answer send(String method, String pathAndQuery, Object body, Map<String, String> headers, boolean bodySecrets) {
        try {
            String payload = body == null ? null : body instanceof String s ? s : JSON.writeValueAsString(body);
            URI uri = pathAndQuery.startsWith("http") ? URI.create(pathAndQuery) : URI.create(server.url() + pathAndQuery);
            HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                    .method(method, payload == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(payload));
            headers.forEach(b::header);
            if (payload != null) b.header("Content-Type", "application/json");
            if (bodySecrets) LeakRecorder.request(method, uri, payload);
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            LeakRecorder.response(method, uri, r.statusCode(), r.headers().map().toString(), r.body());
            // Exports answer YAML or text: only a JSON answer is parsed (raw().body() has every answer as sent).
            boolean json = r.headers().firstValue("Content-Type").map(t -> t.contains("json")).orElse(true);
            JsonNode parsed = r.body() == null || r.body().isBlank() || !json ? JSON.missingNode() : JSON.readTree(r.body());
            return new Answer(r.statusCode(), r, parsed);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Follows Azure-AsyncOperation until the operation ends; returns the final status body. */
    public JsonNode await(Answer accepted) {
        String url = accepted.header("Azure-AsyncOperation");
        if (url == null) throw new AssertionError("no Azure-AsyncOperation header: " + accepted.status() + " " + accepted.body());
        long deadline = System.currentTimeMillis() + 120_000;
        while (System.currentTimeMillis() < deadline) {
            JsonNode status = call("GET", url, null).body();
            if (!"InProgress".equals(status.path("status").asText())) {
                collectStored();
                return status;
            }
            sleep(50);
        }
        throw new AssertionError("operation did not finish: " + url);
    }

    /** Follows Location until the result is ready (validation reports). */
    public Answer result(Answer accepted) {
        String url = accepted.header("Location");
        long deadline = System.currentTimeMillis() + 120_000;
        while (System.currentTimeMillis() < deadline) {
            Answer a = call("GET", url, null);
            if (a.status() != 202) {
                collectStored();
                return a;
            }
            sleep(50);
        }
        throw new AssertionError("no result at " + url);
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        try (secrets) {
            collectStored();
        } finally {
            server.close();
        }
    }
}
