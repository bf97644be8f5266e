package dev.switchboard.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.server.leak.LeakRecorder;
import dev.switchboard.server.leak.StoreSecrets;
import dev.switchboard.store.SqlStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kills a real Switchboard process at step boundaries of a connection's create, update, rotation and delete (the process halts
 * as under SIGKILL, right after the journal line), restarts it on the same data directory, and checks the real
 * PostgreSQL and the real app: a create is rolled back (no login left, the app has no half-projected settings),
 * a delete is finished, and the journal is empty.
 */
class CrashMatrixTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String SUFFIX = UUID.randomUUID().toString().substring(0, 6);
    static final String RG = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/crash-" + SUFFIX;
    static final String SERVER = RG + "/providers/Microsoft.DBforPostgreSQL/flexibleServers/pg";
    static final String DB = SERVER + "/databases/sbcrash_" + SUFFIX;
    static final String APP = RG + "/providers/Microsoft.App/containerApps/health";
    static final String RV = "?api-version=2024-03-01";
    static final String LV = "?api-version=2024-04-01";
    static Path data;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void fixtures() throws Exception {
        data = Files.createTempDirectory("sb-crash");
        try (Running sb = Running.start(null)) {
            sb.call("PUT", RG + RV, Map.of("location", "local"));
            sb.call("PUT", SERVER + RV, Map.of("properties", Map.of()));
            sb.call("PUT", DB + RV, Map.of("properties", Map.of()));
            String jar = System.getProperty("switchboard.repoRoot") + "/examples/health-app/target/health-app.jar";
            sb.call("PUT", APP + RV, Map.of("properties", Map.of("template", Map.of("containers", List.of(Map.of("name", "health",
                    "command", List.of(Launch.currentJava(), "-jar", jar)))))));
        }
    }

    @AfterAll
    static void cleanUp() throws Exception {
        try (Running sb = Running.start(null)) {
            sb.call("DELETE", RG + RV, null);
        }
        assertThat(roles("sb_")).noneMatch(r -> r.contains(SUFFIX));
        assertThat(databaseExists()).isFalse();
        try (var paths = Files.walk(data)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }

    @ParameterizedTest(name = "create killed at {0}")
    @ValueSource(strings = {"EnsureLogin:STARTED", "EnsureLogin:DONE", "GrantAccess:STARTED", "GrantAccess:DONE",
            "ProjectConfiguration:STARTED", "ProjectConfiguration:DONE"})
    void anInterruptedCreateIsRolledBack(String killPoint) throws Exception {
        String name = "c" + killPoint.replaceAll("[^A-Za-z]", "").toLowerCase() + SUFFIX;
        String linker = APP + "/providers/Microsoft.ServiceLinker/linkers/" + name;
        try (Running doomed = Running.start(killPoint)) {
            doomed.call("PUT", linker + LV, linkerBody());
            assertThat(doomed.process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(doomed.process.exitValue()).isEqualTo(137);
        }
        try (Running again = Running.start(null)) {
            JsonNode state = again.call("GET", linker + LV, null).body();
            assertThat(state.at("/properties/provisioningState").asText()).isEqualTo("Failed");
            assertThat(roles("sb_" + name)).isEmpty();
            JsonNode health = again.health();
            assertThat(health.path("status").asText()).as(health.toString()).isEqualTo("no-connections");
            assertThat(again.call("DELETE", linker + LV, null).status()).isIn(200, 202, 204);
        }
        assertThat(journalSize()).isZero();
    }

    @ParameterizedTest(name = "update killed at {0}")
    @ValueSource(strings = {"EnsureLogin:STARTED", "EnsureLogin:DONE", "ProjectConfiguration:STARTED", "ProjectConfiguration:DONE"})
    void anInterruptedUpdateIsRolledBackToThePreviousConnection(String killPoint) throws Exception {
        String name = "u" + killPoint.replaceAll("[^A-Za-z]", "").toLowerCase() + SUFFIX;
        String linker = APP + "/providers/Microsoft.ServiceLinker/linkers/" + name;
        try (Running sb = Running.start(null)) {
            sb.awaitOperation(sb.call("PUT", linker + LV, linkerBody()));
        }
        try (Running doomed = Running.start(killPoint)) {
            // A new password and another client type: EnsureLogin (password) and ProjectConfiguration (settings) run.
            doomed.call("PATCH", linker + LV, Map.of("properties", Map.of("clientType", "none", "authInfo", Map.of("authType",
                    "secret", "secretInfo", Map.of("secretType", "rawValue", "value", "N3w-" + SUFFIX)))));
            assertThat(doomed.process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(doomed.process.exitValue()).isEqualTo(137);
        }
        try (Running again = Running.start(null)) {
            assertThat(again.call("GET", linker + LV, null).body().at("/properties/provisioningState").asText()).isEqualTo("Failed");
            assertThat(roles("sb_" + name)).as("the login predates the update: it stays").hasSize(1);
            JsonNode health = again.health();
            assertThat(health.path("status").asText()).as(health.toString()).isEqualTo("connected");
            assertThat(health.at("/connections/0/shape").asText()).as("the java (JDBC) settings are back").isEqualTo("jdbc");
            JsonNode validation = again.validate(linker);
            assertThat(validation.at("/properties/isConnectionAvailable").asBoolean()).as(validation.toString()).isTrue();
            again.awaitOperation(again.call("DELETE", linker + LV, null));
        }
        assertThat(journalSize()).isZero();
        assertThat(roles("sb_" + name)).isEmpty();
    }

    @ParameterizedTest(name = "delete killed at {0}")
    @ValueSource(strings = {"RemoveConfiguration:DONE", "RevokeAccess:STARTED", "RevokeAccess:DONE", "DropLogin:DONE"})
    void anInterruptedDeleteIsFinished(String killPoint) throws Exception {
        String name = "d" + killPoint.replaceAll("[^A-Za-z]", "").toLowerCase() + SUFFIX;
        String linker = APP + "/providers/Microsoft.ServiceLinker/linkers/" + name;
        try (Running sb = Running.start(null)) {
            sb.awaitOperation(sb.call("PUT", linker + LV, linkerBody()));
            assertThat(sb.health().path("status").asText()).isEqualTo("connected");
        }
        assertThat(roles("sb_" + name)).hasSize(1);
        try (Running doomed = Running.start(killPoint)) {
            doomed.call("DELETE", linker + LV, null);
            assertThat(doomed.process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }
        try (Running again = Running.start(null)) {
            assertThat(again.call("GET", linker + LV, null).status()).isEqualTo(404);
            assertThat(roles("sb_" + name)).isEmpty();
            assertThat(again.health().path("status").asText()).isEqualTo("no-connections");
        }
        assertThat(journalSize()).isZero();
    }

    /**
     * A rotation commits when its connection is confirmed on the new login: killed before that, it is undone (the
     * old login serves, the new one is gone); killed after, it is finished (the old login is gone).
     */
    @ParameterizedTest(name = "rotation killed at {0}")
    @ValueSource(strings = {"EnsureLogin:STARTED", "EnsureLogin:DONE", "GrantAccess:STARTED", "GrantAccess:DONE",
            "ProjectConfiguration:STARTED", "ProjectConfiguration:DONE", "ConfirmConnection:STARTED", "ConfirmConnection:DONE",
            "RevokeAccess:STARTED", "RevokeAccess:DONE", "DropLogin:STARTED", "DropLogin:DONE"})
    void anInterruptedRotationIsUndoneBeforeItsConfirmationAndFinishedAfter(String killPoint) throws Exception {
        String name = "r" + killPoint.replaceAll("[^A-Za-z]", "").toLowerCase() + SUFFIX;
        String linker = APP + "/providers/Microsoft.ServiceLinker/linkers/" + name;
        boolean committed = killPoint.equals("ConfirmConnection:DONE") || killPoint.startsWith("RevokeAccess")
                || killPoint.startsWith("DropLogin");
        String old;
        try (Running sb = Running.start(null)) {
            sb.awaitOperation(sb.call("PUT", linker + LV, linkerBody()));
            old = sb.call("GET", linker + LV, null).body().at("/properties/authInfo/name").asText();
        }
        try (Running doomed = Running.start(killPoint)) {
            doomed.call("POST", linker + "/rotate" + LV, null);
            assertThat(doomed.process.waitFor(90, TimeUnit.SECONDS)).isTrue();
            assertThat(doomed.process.exitValue()).isEqualTo(137);
        }
        try (Running again = Running.start(null)) {
            JsonNode state = again.call("GET", linker + LV, null).body();
            String login = state.at("/properties/authInfo/name").asText();
            assertThat(roles("sb_" + name)).as("exactly one login is left").containsExactly(login);
            assertThat(login.equals(old)).as("the old login is the one left").isEqualTo(!committed);
            assertThat(state.at("/properties/provisioningState").asText()).isEqualTo(committed ? "Succeeded" : "Failed");
            JsonNode health = again.health();
            assertThat(health.path("status").asText()).as(health.toString()).isEqualTo("connected");
            assertThat(health.at("/connections/0/user").asText()).isEqualTo(login);
            JsonNode validation = again.validate(linker);
            assertThat(validation.at("/properties/isConnectionAvailable").asBoolean()).as(validation.toString()).isTrue();
            again.awaitOperation(again.call("DELETE", linker + LV, null));
        }
        assertThat(journalSize()).isZero();
        assertThat(roles("sb_" + name)).isEmpty();
    }

    static Map<String, Object> linkerBody() {
        return Map.of("properties", Map.of("targetService", Map.of("type", "AzureResource", "id", DB),
                "authInfo", Map.of("authType", "secret"), "clientType", "java"));
    }

    static int journalSize() {
        try (SqlStore store = new SqlStore(data.resolve("switchboard.db"))) {
            return store.journalSize();
        }
    }

    static List<String> roles(String prefix) throws Exception {
        try (var c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "");
             var ps = c.prepareStatement("SELECT rolname FROM pg_roles WHERE starts_with(rolname, ?)")) {
            ps.setString(1, prefix);
            List<String> out = new java.util.ArrayList<>();
            try (var rs = ps.executeQuery()) {
                while (rs.next()) out.add(rs.getString(1));
            }
            return out;
        }
    }

    static boolean databaseExists() throws Exception {
        try (var c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "");
             var rs = c.createStatement().executeQuery("SELECT 1 FROM pg_database WHERE datname = 'sbcrash_" + SUFFIX + "'")) {
            return rs.next();
        }
    }

    /**
     * A Switchboard server in its own JVM, as `switchboard serve` runs it. Its requests and answers go to the leak
     * check's recorder; when it has ended, its log and the secrets its data directory holds do too.
     */
    record Running(Process process, String url, String token, String haltAt) implements AutoCloseable {
        record Answer(int status, JsonNode body, HttpResponse<String> raw) { }

        static Running start(String haltAt) throws Exception {
            Files.deleteIfExists(data.resolve("server.json"));
            ProcessBuilder pb = new ProcessBuilder(Launch.currentJava(), "-cp", System.getProperty("java.class.path"),
                    Main.class.getName(), "serve", "--port", "0", "--data-dir", data.toString(), "--postgres", "127.0.0.1:5432")
                    .redirectErrorStream(true).redirectOutput(data.resolve("server.log").toFile());
            pb.environment().put("SWITCHBOARD_HOME", System.getProperty("switchboard.repoRoot"));
            if (haltAt != null) pb.environment().put("SWITCHBOARD_HALT_AT", haltAt);
            Process p = pb.start();
            Path info = data.resolve("server.json");
            for (int i = 0; i < 600 && !Files.exists(info); i++) {
                if (!p.isAlive()) throw new AssertionError("server died: " + Files.readString(data.resolve("server.log")));
                Thread.sleep(50);
            }
            String url = JSON.readTree(info.toFile()).path("url").asText();
            return new Running(p, url, Files.readString(data.resolve("token")).trim(), haltAt);
        }

        Answer call(String method, String path, Object body) throws Exception {
            URI uri = URI.create(path.startsWith("http") ? path : url + path);
            String payload = body == null ? null : JSON.writeValueAsString(body);
            HttpRequest.Builder b = HttpRequest.newBuilder(uri)
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .method(method, payload == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(payload));
            LeakRecorder.request(method, uri, payload);
            try {
                HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
                LeakRecorder.response(method, uri, r.statusCode(), r.headers().map().toString(), r.body());
                return new Answer(r.statusCode(), r.body().isBlank() ? JSON.missingNode() : JSON.readTree(r.body()), r);
            } catch (java.io.IOException e) {
                return new Answer(-1, JSON.missingNode(), null); // the process halted mid-request, as intended
            }
        }

        void awaitOperation(Answer accepted) throws Exception {
            String status = accepted.raw().headers().firstValue("Azure-AsyncOperation").orElseThrow();
            for (int i = 0; i < 1200; i++) {
                String s = call("GET", status, null).body().path("status").asText();
                if (!s.equals("InProgress")) {
                    assertThat(s).isEqualTo("Succeeded");
                    return;
                }
                Thread.sleep(50);
            }
            throw new AssertionError("operation did not finish");
        }

        JsonNode validate(String linker) throws Exception {
            Answer accepted = call("POST", linker + "/validateLinker" + LV, null);
            String location = accepted.raw().headers().firstValue("Location").orElseThrow();
            for (int i = 0; i < 600; i++) {
                Answer a = call("GET", location, null);
                if (a.status() != 202) return a.body();
                Thread.sleep(50);
            }
            throw new AssertionError("no validation report");
        }

        JsonNode health() throws Exception {
            String last = "";
            for (int i = 0; i < 150; i++) {
                String fqdn = call("GET", APP + RV, null).body().at("/properties/latestRevisionFqdn").asText();
                try {
                    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://" + fqdn + "/health")).build(),
                            HttpResponse.BodyHandlers.ofString());
                    last = r.body();
                    JsonNode h = JSON.readTree(r.body());
                    if (!h.path("status").asText().isEmpty()) return h;
                } catch (Exception e) {
                    last = e.toString();
                }
                Thread.sleep(200);
            }
            throw new AssertionError("app never answered: " + last);
        }

        @Override
        public void close() throws Exception {
            if (process.isAlive()) {
                process.destroy();
                if (!process.waitFor(30, TimeUnit.SECONDS)) process.destroyForcibly();
            }
            process.waitFor(30, TimeUnit.SECONDS);
            LeakRecorder.processLog(data.resolve("server.log"), "server " + process.pid() + (haltAt == null ? "" : ", halting at " + haltAt));
            try (SqlStore store = new SqlStore(data.resolve("switchboard.db")); StoreSecrets secrets = new StoreSecrets(data, store)) {
                secrets.collect();
            }
        }
    }
}
