package dev.switchboard.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Rotating a connection while clients keep calling its app: the example app checks its PostgreSQL login on every
 * request, four client loops call it through its ingress, the connection is rotated twice, and not one request
 * fails. Afterwards only the newest login exists, with the same least privilege.
 */
class RotationTest {
    static final String SUFFIX = UUID.randomUUID().toString().substring(0, 6);
    static final String RG = "/subscriptions/" + TestServer.SUB + "/resourceGroups/rot-" + SUFFIX;
    static final String SERVER = RG + "/providers/Microsoft.DBforPostgreSQL/flexibleServers/pg";
    static final String DB = SERVER + "/databases/sbrot_" + SUFFIX;
    static final String APP = RG + "/providers/Microsoft.App/containerApps/health";
    static final String LINKER = APP + "/providers/Microsoft.ServiceLinker/linkers/rot" + SUFFIX;
    static final String V = "?api-version=2024-04-01";
    static final String RV = "?api-version=2024-03-01";

    @TempDir
    static Path data;
    static TestServer sb;

    @BeforeAll
    static void start() {
        sb = TestServer.start(data);
        sb.call("PUT", RG + RV, Map.of("location", "local"));
        sb.call("PUT", SERVER + RV, Map.of("location", "local", "properties", Map.of()));
        sb.call("PUT", DB + RV, Map.of("properties", Map.of()));
        String jar = System.getProperty("switchboard.repoRoot") + "/examples/health-app/target/health-app.jar";
        sb.call("PUT", APP + RV, Map.of("location", "local", "properties", Map.of("template", Map.of("containers",
                List.of(Map.of("name", "health", "command", List.of(ProcessHandle.current().info().command().orElseThrow(), "-jar", jar)))))));
    }

    @AfterAll
    static void stop() throws Exception {
        if (sb == null) return;
        TestServer.Answer a = sb.call("DELETE", LINKER + V, null);
        if (a.status() == 202) sb.await(a);
        sb.call("DELETE", RG + RV, null);
        sb.close();
        assertThat(LocalPostgres.rolesLike("sb_rot" + SUFFIX)).isEmpty();
        assertThat(LocalPostgres.rolesLike("sb_sched" + SUFFIX)).isEmpty();
    }

    @Test
    void rotatingTwiceUnderLoadFailsNoRequestAndLeavesOnlyTheNewestLogin() throws Exception {
        TestServer.Answer put = sb.call("PUT", LINKER + V, Map.of("properties", Map.of("targetService",
                Map.of("type", "AzureResource", "id", DB), "authInfo", Map.of("authType", "secret"), "clientType", "java")));
        assertThat(sb.await(put).path("status").asText()).isEqualTo("Succeeded");
        String first = login();
        URI health = URI.create("http://" + sb.call("GET", APP + RV, null).body().at("/properties/latestRevisionFqdn").asText() + "/health");
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> users(http, health).equals(Set.of(first)));

        Load load = Load.start(http, health);
        List<String> logins = new ArrayList<>(List.of(first));
        for (int i = 0; i < 2; i++) {
            TestServer.Answer rotate = sb.call("POST", LINKER + "/rotate" + V, null);
            assertThat(rotate.status()).as(rotate.raw().body()).isEqualTo(202);
            JsonNode done = sb.await(rotate);
            assertThat(done.path("status").asText()).as(done.toString()).isEqualTo("Succeeded");
            logins.add(login());
        }
        load.stop();

        assertThat(load.failures).as("requests that failed during two rotations").isEmpty();
        assertThat(load.ok.get()).isGreaterThan(20);
        assertThat(load.users).as("the app answered on every login in turn").containsAll(logins);
        assertThat(logins).doesNotHaveDuplicates();
        assertThat(LocalPostgres.rolesLike("sb_rot" + SUFFIX)).containsExactly(logins.get(2));
        assertThat(LocalPostgres.roleFlags(logins.get(2))).isEqualTo("0001");
        JsonNode linker = sb.call("GET", LINKER + V, null).body();
        assertThat(linker.at("/properties/provisioningState").asText()).isEqualTo("Succeeded");
        assertThat(linker.at("/properties/rotation/lastRotatedAt").asText()).isNotEmpty();
        JsonNode report = sb.result(sb.call("POST", LINKER + "/validateLinker" + V, null)).body();
        assertThat(report.at("/properties/isConnectionAvailable").asBoolean()).as(report.toString()).isTrue();
    }

    @Test
    void aScheduledConnectionIsRotatedOnceItsPeriodHasPassed() throws Exception {
        String linker = APP + "/providers/Microsoft.ServiceLinker/linkers/sched" + SUFFIX;
        Map<String, Object> properties = Map.of("targetService", Map.of("type", "AzureResource", "id", DB),
                "authInfo", Map.of("authType", "secret"), "rotation", Map.of("every", "PT1H"));
        assertThat(sb.await(sb.call("PUT", linker + V, Map.of("properties", properties))).path("status").asText()).isEqualTo("Succeeded");
        String before = sb.call("GET", linker + V, null).body().at("/properties/authInfo/name").asText();

        assertThat(sb.server().rotations().rotateDue(java.time.Instant.now())).as("not due yet").isEmpty();
        List<dev.switchboard.engine.LinkerService.Started> started =
                sb.server().rotations().rotateDue(java.time.Instant.now().plus(Duration.ofMinutes(61)));
        assertThat(started).hasSize(1);
        assertThat(started.get(0).completion().get(60, java.util.concurrent.TimeUnit.SECONDS).errorCode()).isNull();

        JsonNode after = sb.call("GET", linker + V, null).body();
        assertThat(after.at("/properties/authInfo/name").asText()).isNotEqualTo(before);
        assertThat(after.at("/properties/rotation/every").asText()).isEqualTo("PT1H");
        java.time.Instant last = java.time.Instant.parse(after.at("/properties/rotation/lastRotatedAt").asText());
        assertThat(sb.server().rotations().rotateDue(last.plus(Duration.ofMinutes(59)))).as("counted from the rotation").isEmpty();
        assertThat(LocalPostgres.roleExists(before)).isFalse();

        // A write that keeps the schedule keeps the time of the last rotation; a client cannot set it.
        Map<String, Object> rewrite = new java.util.LinkedHashMap<>(properties);
        rewrite.put("rotation", Map.of("every", "PT2H", "lastRotatedAt", "2000-01-01T00:00:00Z"));
        sb.await(sb.call("PUT", linker + V, Map.of("properties", rewrite)));
        assertThat(sb.call("GET", linker + V, null).body().at("/properties/rotation/lastRotatedAt").asText()).isEqualTo(last.toString());
        sb.await(sb.call("DELETE", linker + V, null));
    }

    @Test
    void aScheduleShorterThanAnHourOrNotADurationIsRefused() throws Exception {
        String linker = APP + "/providers/Microsoft.ServiceLinker/linkers/badsched" + SUFFIX;
        for (String every : List.of("PT5M", "monthly")) {
            TestServer.Answer answer = sb.call("PUT", linker + V, Map.of("properties", Map.of("targetService",
                    Map.of("type", "AzureResource", "id", DB), "authInfo", Map.of("authType", "secret"), "rotation", Map.of("every", every))));
            assertThat(answer.status()).isEqualTo(400);
            assertThat(answer.body().at("/error/target").asText()).isEqualTo("properties.rotation.every");
        }
        assertThat(sb.call("GET", linker + V, null).status()).isEqualTo(404);
        assertThat(LocalPostgres.rolesLike("sb_badsched" + SUFFIX)).isEmpty();
    }

    @Test
    void aConnectionThatDoesNotExistCannotBeRotated() {
        TestServer.Answer answer = sb.call("POST", APP + "/providers/Microsoft.ServiceLinker/linkers/nope" + SUFFIX + "/rotate" + V, null);
        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.body().at("/error/code").asText()).isEqualTo("ResourceNotFound");
    }

    private static String login() {
        return sb.call("GET", LINKER + V, null).body().at("/properties/authInfo/name").asText();
    }

    private static Set<String> users(HttpClient http, URI health) throws Exception {
        JsonNode body = TestServer.JSON.readTree(http.send(HttpRequest.newBuilder(health).build(), HttpResponse.BodyHandlers.ofString()).body());
        return Set.copyOf(body.path("connections").findValuesAsText("user"));
    }

    /** Four client loops calling the app's health endpoint until stopped; every non-"connected" answer is a failure. */
    private static final class Load {
        final AtomicInteger ok = new AtomicInteger();
        final List<String> failures = Collections.synchronizedList(new ArrayList<>());
        final Set<String> users = ConcurrentHashMap.newKeySet();
        final AtomicBoolean stop = new AtomicBoolean();
        final List<Thread> threads = new ArrayList<>();

        static Load start(HttpClient http, URI health) {
            Load load = new Load();
            for (int i = 0; i < 4; i++) load.threads.add(Thread.ofVirtual().start(() -> load.loop(http, health)));
            return load;
        }

        private void loop(HttpClient http, URI health) {
            while (!stop.get()) {
                try {
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(10)).build(),
                            HttpResponse.BodyHandlers.ofString());
                    JsonNode body = TestServer.JSON.readTree(r.body());
                    if (r.statusCode() == 200 && body.path("status").asText().equals("connected")) {
                        ok.incrementAndGet();
                        users.addAll(body.path("connections").findValuesAsText("user"));
                    } else {
                        failures.add(r.statusCode() + " " + r.body());
                    }
                } catch (Exception e) {
                    failures.add(e.toString());
                }
            }
        }

        void stop() throws InterruptedException {
            stop.set(true);
            for (Thread t : threads) t.join();
        }
    }
}
