package dev.switchboard.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 6: three Switchboard processes on one PostgreSQL store. Any answers the API (a follower forwards writes to
 * the leader); exactly one leads (elected through a lease in the store) and runs the apps and the journal. The
 * leader halted in the middle of creating a connection: another takes over within seconds and undoes it from the
 * journal (no login left). The next leader killed with SIGKILL while an app runs: another takes over, adopts the
 * app's process (one process, same port) and serves connections.
 */
class ReplicasTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String SUFFIX = UUID.randomUUID().toString().substring(0, 6);
    static final String STORE_DB = "sbrep_" + SUFFIX;
    static final String RG = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rep-" + SUFFIX;
    static final String SERVER = RG + "/providers/Microsoft.DBforPostgreSQL/flexibleServers/pg";
    static final String DB = SERVER + "/databases/sbrepdb_" + SUFFIX;
    static final String APP = RG + "/providers/Microsoft.App/containerApps/health";
    static final String RV = "?api-version=2024-03-01";
    static final String LV = "?api-version=2024-04-01";
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path dir;
    final List<Replica> replicas = new ArrayList<>();

    record Replica(String name, Process process, String url, String token) {
        JsonNode call(String method, String path, Object body) throws Exception {
            return answer(method, path, body).body();
        }

        Answer answer(String method, String path, Object body) throws Exception {
            URI uri = URI.create(path.startsWith("http") ? path : url + path);
            String payload = body == null ? null : JSON.writeValueAsString(body);
            HttpRequest r = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(120))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .method(method, payload == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(payload)).build();
            HttpResponse<String> response = HTTP.send(r, HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body().isBlank() ? JSON.missingNode() : JSON.readTree(response.body()), response);
        }

        /** The leader this replica names in its answers ("none" while there is none). */
        String leader() throws Exception {
            return answer("GET", "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups" + RV, null)
                    .raw().headers().firstValue("X-Switchboard-Leader").orElse("none");
        }

        boolean leads() throws Exception {
            return process.isAlive() && leader().equals(url);
        }
    }

    record Answer(int status, JsonNode body, HttpResponse<String> raw) { }

    private Replica start(String name, String haltAt) throws Exception {
        Path data = dir.resolve(name);
        Files.createDirectories(data);
        ProcessBuilder pb = new ProcessBuilder(Launch.currentJava(), "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "serve", "--port", "0", "--data-dir", data.toString(), "--postgres", "127.0.0.1:5432",
                "--store", "postgresql://postgres@127.0.0.1:5432/" + STORE_DB, "--shared-dir", dir.resolve("shared").toString(),
                "--replica", name).redirectErrorStream(true).redirectOutput(data.resolve("server.log").toFile());
        pb.environment().put("SWITCHBOARD_HOME", System.getProperty("switchboard.repoRoot"));
        if (haltAt != null) pb.environment().put("SWITCHBOARD_HALT_AT", haltAt);
        Process p = pb.start();
        Path info = data.resolve("server.json");
        for (int i = 0; i < 600 && !Files.exists(info); i++) {
            if (!p.isAlive()) throw new AssertionError("replica " + name + " died: " + Files.readString(data.resolve("server.log")));
            Thread.sleep(50);
        }
        String url = JSON.readTree(info.toFile()).path("url").asText();
        Replica r = new Replica(name, p, url, Files.readString(dir.resolve("shared/token")).trim());
        replicas.add(r);
        return r;
    }

    private static Connection admin(String db) throws Exception {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/" + db, "postgres", "");
    }

    private static List<String> roles(String prefix) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = admin("postgres"); var ps = c.prepareStatement("SELECT rolname FROM pg_roles WHERE starts_with(rolname, ?)")) {
            ps.setString(1, prefix);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(rs.getString(1));
            }
        }
        return out;
    }

    /** Waits for exactly one live replica to lead, all live ones naming it; returns it and how long it took. */
    private Replica awaitLeader(long timeoutMillis) throws Exception {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (System.currentTimeMillis() < deadline) {
            List<Replica> live = replicas.stream().filter(r -> r.process().isAlive()).toList();
            List<Replica> leading = new ArrayList<>();
            boolean agreed = true;
            for (Replica r : live) {
                if (r.leads()) leading.add(r);
                agreed &= !r.leader().equals("none");
            }
            if (leading.size() == 1 && agreed) return leading.get(0);
            assertThat(leading.size()).as("replicas leading at once").isLessThanOrEqualTo(1);
            Thread.sleep(200);
        }
        throw new AssertionError("no leader within " + timeoutMillis + " ms");
    }

    private static String await(Replica via, Answer accepted) throws Exception {
        String status = accepted.raw().headers().firstValue("Azure-AsyncOperation").orElseThrow(() ->
                new AssertionError(accepted.status() + " " + accepted.body()));
        for (int i = 0; i < 600; i++) {
            JsonNode s;
            try {
                s = via.call("GET", status.replaceFirst("^https?://[^/]+", ""), null);
            } catch (java.io.IOException e) {
                s = JSON.missingNode();
            }
            String text = s.path("status").asText();
            if (!text.isEmpty() && !text.equals("InProgress")) return text;
            Thread.sleep(200);
        }
        throw new AssertionError("operation did not finish");
    }

    private static Map<String, Object> connection() {
        return Map.of("properties", Map.of("targetService", Map.of("type", "AzureResource", "id", DB),
                "authInfo", Map.of("authType", "secret"), "clientType", "java"));
    }

    @Test
    void anyReplicaServesOneLeadsAndAnotherTakesOverTheJournalAndTheApps() throws Exception {
        try (Connection c = admin("postgres")) {
            c.createStatement().execute("CREATE DATABASE " + STORE_DB);
        }
        // The first replica leads, and halts (as if killed) once the first connection's grant is made.
        Replica first = start("r1", "GrantAccess:DONE");
        assertThat(awaitLeader(20_000)).isEqualTo(first);
        Replica second = start("r2", null);
        Replica third = start("r3", null);
        assertThat(awaitLeader(20_000)).as("still the first").isEqualTo(first);

        // Writes sent to a follower are forwarded to the leader; reads are answered by any replica.
        assertThat(third.answer("PUT", RG + RV, Map.of("location", "local")).status()).isEqualTo(201);
        assertThat(second.answer("PUT", SERVER + RV, Map.of("location", "local", "properties", Map.of())).status()).isEqualTo(201);
        assertThat(third.answer("PUT", DB + RV, Map.of("properties", Map.of())).status()).isEqualTo(201);
        for (Replica r : replicas) assertThat(r.answer("GET", DB + RV, null).status()).isEqualTo(200);

        String linker = APP + "/providers/Microsoft.ServiceLinker/linkers/halt" + SUFFIX;
        String db = APP + "/providers/Microsoft.ServiceLinker/linkers/db" + SUFFIX;
        String jar = System.getProperty("switchboard.repoRoot") + "/examples/health-app/target/health-app.jar";
        assertThat(second.answer("PUT", APP + RV, Map.of("location", "local", "properties", Map.of(
                "configuration", Map.of("ingress", Map.of("external", true)),
                "template", Map.of("containers", List.of(Map.of("name", "health", "command",
                        List.of(Launch.currentJava(), "-Dmarker=rep" + SUFFIX, "-jar", jar))))))).status()).isEqualTo(201);
        Answer halted = second.answer("PUT", linker + LV, connection());
        assertThat(halted.status()).as(halted.body().toString()).isIn(200, 201);
        first.process().waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(first.process().isAlive()).as("the leader halted mid-operation").isFalse();
        long lost = System.currentTimeMillis();
        Replica next = awaitLeader(20_000);
        long takeover = System.currentTimeMillis() - lost;
        assertThat(takeover).as("takeover after the leader died (ms)").isLessThan(15_000);
        System.out.println("ReplicasTest: a new leader " + takeover + " ms after the first one halted");
        assertThat(await(next, halted)).as("the new leader undid the interrupted create").isIn("Failed", "Canceled");
        assertThat(roles("sb_halt" + SUFFIX)).as("no login left behind").isEmpty();

        // The new leader runs the app; a connection created through the other replica reaches it.
        Replica follower = next == second ? third : second;
        Answer created = follower.answer("PUT", db + LV, connection());
        assertThat(await(follower, created)).isEqualTo("Succeeded");
        String front = follower.call("GET", APP + RV, null).at("/properties/latestRevisionFqdn").asText();
        assertThat(health(front)).contains("\"connected\"");
        long appPid = appProcesses().get(0);

        // SIGKILL of that leader: the last replica takes over, adopts the app's process and keeps its address.
        next.process().destroyForcibly().waitFor();
        long killed = System.currentTimeMillis();
        Replica last = awaitLeader(20_000);
        System.out.println("ReplicasTest: a new leader " + (System.currentTimeMillis() - killed) + " ms after SIGKILL of the second");
        assertThat(last).isEqualTo(follower);
        long deadline = System.currentTimeMillis() + 20_000;
        String answer = "";
        while (System.currentTimeMillis() < deadline && !answer.contains("\"connected\"")) {
            answer = health(front);
            Thread.sleep(200);
        }
        assertThat(answer).as("the app answers on its address again").contains("\"connected\"");
        assertThat(appProcesses()).as("the app's process, adopted, not duplicated").containsExactly(appPid);
        assertThat(await(last, last.answer("DELETE", db + LV, null))).isEqualTo("Succeeded");
        Answer gone = last.answer("DELETE", linker + LV, null);
        if (gone.status() == 202) await(last, gone);
        assertThat(last.answer("DELETE", RG + RV, null).status()).isIn(200, 202, 204);
        assertThat(appProcesses()).as("the app stopped with its group").isEmpty();
        assertThat(roles("sb_db" + SUFFIX)).isEmpty();
    }

    private static String health(String front) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://" + front + "/health")).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (Exception e) {
            return e.toString();
        }
    }

    private static List<Long> appProcesses() {
        return ProcessHandle.allProcesses().filter(p -> p.info().arguments()
                .map(a -> List.of(a).contains("-Dmarker=rep" + SUFFIX)).orElse(false)).map(ProcessHandle::pid).toList();
    }

    @AfterEach
    void stop() throws Exception {
        for (Replica r : replicas) {
            r.process().destroy();
            if (!r.process().waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) r.process().destroyForcibly().waitFor();
        }
        appProcesses().forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
        for (String role : roles("sb_")) {
            if (!role.contains(SUFFIX)) continue;
            try (Connection c = admin("sbrepdb_" + SUFFIX)) {
                c.createStatement().execute("DROP OWNED BY \"" + role + "\"");
            } catch (java.sql.SQLException ignored) {
                // the database may be gone already
            }
            try (Connection c = admin("postgres")) {
                c.createStatement().execute("DROP OWNED BY \"" + role + "\"");
                c.createStatement().execute("DROP ROLE \"" + role + "\"");
            }
        }
        try (Connection c = admin("postgres")) {
            c.createStatement().execute("DROP DATABASE IF EXISTS sbrepdb_" + SUFFIX + " WITH (FORCE)");
            c.createStatement().execute("DROP DATABASE IF EXISTS " + STORE_DB + " WITH (FORCE)");
        }
    }
}
