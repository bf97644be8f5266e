package dev.switchboard.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Replicas, probes, logs and crash loops of container apps through the HTTP API, on real processes. */
class AppHostApiTest {
    static final String SUFFIX = UUID.randomUUID().toString().substring(0, 6);
    static final String RG = "/subscriptions/" + TestServer.SUB + "/resourceGroups/host-" + SUFFIX;
    static final String APPS = RG + "/providers/Microsoft.App/containerApps/";
    static final String RV = "?api-version=2024-03-01";

    @TempDir
    static Path data;
    static TestServer sb;

    @BeforeAll
    static void start() {
        sb = TestServer.start(data);
        sb.call("PUT", RG + RV, Map.of("location", "local"));
    }

    @AfterAll
    static void stop() {
        if (sb == null) return;
        sb.call("DELETE", RG + RV, null);
        sb.close();
    }

    @Test
    void eachReplicaIsAProcessAndTheLogsOfEveryOneCanBeRead() {
        String app = APPS + "printer";
        Map<String, Object> container = Map.of("name", "web", "command", List.of("/bin/sh", "-c", "echo hello from $PORT; exec sleep 300"));
        TestServer.Answer put = sb.call("PUT", app + RV, Map.of("location", "local", "properties", Map.of("template",
                Map.of("containers", List.of(container), "scale", Map.of("minReplicas", 2, "maxReplicas", 3)))));
        assertThat(put.status()).as(put.raw().body()).isEqualTo(201);

        JsonNode logs = await().atMost(Duration.ofSeconds(20)).until(() -> sb.call("GET", app + "/logs" + RV + "&tail=10", null).body(),
                b -> b.path("value").size() == 2);
        List<String> lines = new java.util.ArrayList<>();
        logs.path("value").forEach(l -> lines.add(l.asText()));
        assertThat(lines).allMatch(l -> l.matches("\\[web(#1)?] hello from \\d+"));
        JsonNode second = sb.call("GET", app + "/logs" + RV + "&container=web%231", null).body();
        assertThat(second.path("value")).hasSize(1);
        assertThat(sb.server().apps().observe(dev.switchboard.core.id.ResourceId.parse(app)).orElseThrow().replicas()).hasSize(2);

        assertThat(sb.call("GET", app + "/logs" + RV + "&tail=0", null).status()).isEqualTo(400);
        assertThat(sb.call("GET", APPS + "nope/logs" + RV, null).status()).isEqualTo(404);
    }

    @Test
    void badScaleAndProbesAreRefusedNamingTheFieldAndNothingRuns() {
        String app = APPS + "bad";
        Map<String, Object> container = Map.of("name", "web", "command", List.of("/bin/sh", "-c", "exec sleep 300"));
        List<Map<String, Object>> cases = List.of(
                Map.of("containers", List.of(container), "scale", Map.of("minReplicas", 40)),
                Map.of("containers", List.of(container), "scale", Map.of("minReplicas", 3, "maxReplicas", 2)),
                Map.of("containers", List.of(withProbe(container, Map.of("type", "Sometimes", "tcpSocket", Map.of("port", 80))))),
                Map.of("containers", List.of(withProbe(container, Map.of("type", "Readiness")))),
                Map.of("containers", List.of(withProbe(container, Map.of("type", "Liveness", "httpGet", Map.of("path", "no-slash"))))),
                Map.of("containers", List.of(withProbe(container, Map.of("type", "Liveness", "tcpSocket", Map.of("port", 80), "periodSeconds", 0)))));
        List<String> targets = List.of("properties.template.scale.minReplicas", "properties.template.scale.minReplicas",
                "properties.template.containers[0].probes[0].type", "properties.template.containers[0].probes[0]",
                "properties.template.containers[0].probes[0].httpGet.path", "properties.template.containers[0].probes[0].periodSeconds");
        for (int i = 0; i < cases.size(); i++) {
            TestServer.Answer a = sb.call("PUT", app + RV, Map.of("location", "local", "properties", Map.of("template", cases.get(i))));
            assertThat(a.status()).as(a.raw().body()).isEqualTo(400);
            assertThat(a.body().at("/error/target").asText()).isEqualTo(targets.get(i));
        }
        assertThat(sb.call("GET", app + RV, null).status()).isEqualTo(404);
        assertThat(sb.server().apps().observe(dev.switchboard.core.id.ResourceId.parse(app))).isEmpty();
    }

    @Test
    void getShowsCrashLoopBackOffWithEachReplicasRestartsAndNoEnvironment() {
        String app = APPS + "crasher";
        Map<String, Object> crash = Map.of("name", "crash", "command", List.of("/bin/sh", "-c", "echo boom; exit 3"));
        Map<String, Object> steady = Map.of("name", "steady", "command", List.of("/bin/sh", "-c", "exec sleep 300"),
                "env", List.of(Map.of("name", "TOKEN", "value", "env-value-" + SUFFIX)));
        TestServer.Answer put = sb.call("PUT", app + RV, Map.of("location", "local",
                "properties", Map.of("template", Map.of("containers", List.of(crash, steady)))));
        assertThat(put.status()).as(put.raw().body()).isIn(200, 201);

        TestServer.Answer got = await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                .until(() -> sb.call("GET", app + RV, null),
                        a -> a.body().at("/properties/runningStatus").asText().equals("CrashLoopBackOff"));
        JsonNode replicas = got.body().at("/properties/replicaStatus");
        assertThat(replicas).hasSize(2);
        JsonNode first = replicas.get(0);
        assertThat(first.path("name").asText()).isEqualTo("crash");
        assertThat(first.path("state").asText()).isEqualTo("CrashLoopBackOff");
        assertThat(first.path("restartCount").asInt()).isGreaterThanOrEqualTo(2);
        assertThat(first.path("lastError").asText()).contains("exited with code 3");
        assertThat(Instant.parse(first.path("nextRestartAt").asText())).isAfter(Instant.now());
        JsonNode second = replicas.get(1);
        assertThat(second.path("name").asText()).isEqualTo("steady");
        assertThat(second.path("state").asText()).as("never listens, so Starting until the start timeout").isIn("Starting", "Running");
        assertThat(second.path("restartCount").asInt()).isZero();
        assertThat(second.path("nextRestartAt").isNull()).isTrue();
        List<String> fields = new java.util.ArrayList<>();
        second.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactly("name", "state", "restartCount", "lastError", "nextRestartAt");
        assertThat(replicas.toString()).as("the live environment is never shown").doesNotContain("env-value-" + SUFFIX);

        assertThat(sb.call("DELETE", app + RV, null).status()).isIn(200, 202, 204);
    }

    private static Map<String, Object> withProbe(Map<String, Object> container, Map<String, Object> probe) {
        Map<String, Object> c = new java.util.LinkedHashMap<>(container);
        c.put("probes", List.of(probe));
        return c;
    }
}
