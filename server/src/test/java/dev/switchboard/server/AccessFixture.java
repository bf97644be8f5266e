package dev.switchboard.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.server.leak.Tee;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real server for the access-control tests: tokens minted through the API, every answer recorded (to check that
 * no token value appears anywhere but in the answer that created it) and the server's log captured (slf4j-simple
 * writes to whatever {@code System.err} is at the time, so a tee installed before the server starts sees it all).
 */
final class AccessFixture implements AutoCloseable {
    static final String SUB = TestServer.SUB;
    static final String TOKENS = "/providers/Switchboard.Access/tokens";
    static final String TV = "?api-version=2024-04-01";

    record Recorded(String request, int status, String headers, String body, boolean creation) { }

    final TestServer sb;
    /** Token values by token name, including "bootstrap". */
    final Map<String, String> tokens = Collections.synchronizedMap(new LinkedHashMap<>());
    private final List<Recorded> answers = Collections.synchronizedList(new ArrayList<>());
    private final PrintStream originalErr = System.err;
    private final ByteArrayOutputStream log = new ByteArrayOutputStream();

    AccessFixture(Path data) {
        System.setErr(new PrintStream(new Tee(originalErr, log), true, StandardCharsets.UTF_8));
        sb = TestServer.start(data);
        tokens.put("bootstrap", sb.server().token());
    }

    String admin() {
        return sb.server().token();
    }

    /** Creates a token as the bootstrap Owner; returns its value. */
    String mint(String name, String role, String scope) {
        return mintAs(admin(), name, role, scope);
    }

    String mintAs(String creator, String name, String role, String scope) {
        TestServer.Answer a = send(creator, "PUT", TOKENS + "/" + name + TV, tokenBody(role, scope), true);
        assertThat(a.status()).as("minting %s: %s", name, a.raw().body()).isEqualTo(201);
        String value = a.body().at("/properties/token").asText();
        tokens.put(name, value);
        return value;
    }

    static Map<String, Object> tokenBody(String role, String scope) {
        Map<String, Object> p = new LinkedHashMap<>();
        if (role != null) p.put("role", role);
        if (scope != null) p.put("scope", scope);
        return Map.of("properties", p);
    }

    /** A request with {@code token}, recorded. */
    TestServer.Answer as(String token, String method, String path, Object body) {
        return send(token, method, path, body, false);
    }

    /** A request that may create a token: its answer may show that token's value (and only that one). */
    TestServer.Answer creating(String token, String method, String path, Object body) {
        return send(token, method, path, body, true);
    }

    TestServer.Answer admin(String method, String path, Object body) {
        return as(admin(), method, path, body);
    }

    private TestServer.Answer send(String token, String method, String path, Object body, boolean creation) {
        TestServer.Answer a = sb.call(method, path, body, Map.of("Authorization", "Bearer " + token));
        answers.add(new Recorded(method + " " + path, a.status(), a.raw().headers().map().toString(),
                a.raw().body() == null ? "" : a.raw().body(), creation));
        return a;
    }

    /** Follows Azure-AsyncOperation as {@code token} until the operation ends. */
    JsonNode await(String token, TestServer.Answer accepted) {
        String url = accepted.header("Azure-AsyncOperation");
        assertThat(url).as("Azure-AsyncOperation of %s", accepted.raw().body()).isNotNull();
        for (long deadline = System.currentTimeMillis() + 60_000; System.currentTimeMillis() < deadline; TestServer.sleep(20)) {
            JsonNode status = as(token, "GET", url, null).body();
            if (!"InProgress".equals(status.path("status").asText())) return status;
        }
        throw new AssertionError("operation did not finish: " + url);
    }

    /** Follows Location as {@code token} until the result is there. */
    TestServer.Answer result(String token, TestServer.Answer accepted) {
        String url = accepted.header("Location");
        for (long deadline = System.currentTimeMillis() + 60_000; System.currentTimeMillis() < deadline; TestServer.sleep(20)) {
            TestServer.Answer a = as(token, "GET", url, null);
            if (a.status() != 202) return a;
        }
        throw new AssertionError("no result at " + url);
    }

    /**
     * No token value in any recorded answer (status, headers, body) but the one that created it, nor in the log.
     * A creation answer shows exactly one value: its own.
     */
    void assertNoTokenLeaked() {
        List<Recorded> all;
        synchronized (answers) {
            all = List.copyOf(answers);
        }
        assertThat(all).as("recorded answers").isNotEmpty();
        Map<String, String> values = Map.copyOf(tokens);
        for (Recorded r : all) {
            String text = r.status() + " " + r.headers() + " " + r.body();
            long shown = values.values().stream().filter(text::contains).count();
            assertThat(shown).as("token values in the answer to %s: %s", r.request(), r.body()).isLessThanOrEqualTo(r.creation() ? 1 : 0);
        }
        String logged = log.toString(StandardCharsets.UTF_8);
        assertThat(logged).as("the captured log (else this check proves nothing)").contains("created by 'bootstrap'");
        for (Map.Entry<String, String> t : values.entrySet()) {
            assertThat(logged).as("the server's log shows the value of token %s", t.getKey()).doesNotContain(t.getValue());
            assertThat(logged).as("the server's log shows the secret of token %s", t.getKey())
                    .doesNotContain(t.getValue().substring(t.getValue().lastIndexOf('.') + 1));
        }
    }

    /** A test class's clean-up, which may fail. */
    interface Cleanup {
        void run() throws Exception;
    }

    /** Runs {@code cleanup}, checks that no token leaked, and stops the server and the log capture whatever happens. */
    void finish(Cleanup cleanup) throws Exception {
        try {
            cleanup.run();
            assertNoTokenLeaked();
        } finally {
            close();
        }
    }

    @Override
    public void close() {
        try {
            sb.close();
        } finally {
            System.setErr(originalErr);
        }
    }
}
