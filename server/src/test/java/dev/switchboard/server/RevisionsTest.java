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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 4: container-app revisions over the API, with real processes (the example health app) and a real
 * PostgreSQL connection. Every change of what an app runs is a new revision; it gets traffic only after its smoke
 * test; Single mode replaces, Multiple mode splits by weight; a bad revision never gets a request.
 */
class RevisionsTest {
    static final String SUFFIX = ApiChecks.suffix();
    static final String RG = "/subscriptions/" + TestServer.SUB + "/resourceGroups/rev-" + SUFFIX;
    static final String SERVER = RG + "/providers/Microsoft.DBforPostgreSQL/flexibleServers/pg";
    static final String DB = SERVER + "/databases/sbrev_" + SUFFIX;
    static final String APPS = RG + "/providers/Microsoft.App/containerApps/";
    static final String V = "?api-version=2024-04-01";
    static final String RV = "?api-version=2024-03-01";
    static final String JAR = System.getProperty("switchboard.repoRoot") + "/examples/health-app/target/health-app.jar";

    @TempDir
    static Path data;
    static TestServer sb;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() {
        sb = TestServer.start(data);
        sb.call("PUT", RG + RV, Map.of("location", "local"));
    }

    @AfterAll
    static void stop() throws Exception {
        sb.call("DELETE", RG + RV, null);
        sb.close();
        assertThat(LocalPostgres.rolesLike("sb_rv" + SUFFIX)).isEmpty();
        assertThat(ApiChecks.sweepLocalPostgres("sbrev_" + SUFFIX)).as("left on PostgreSQL").isEmpty();
    }

    static Map<String, Object> app(String mode, String suffix, String version, List<Map<String, Object>> traffic) {
        Map<String, Object> ingress = new LinkedHashMap<>(Map.of("external", true));
        if (traffic != null) ingress.put("traffic", traffic);
        Map<String, Object> template = new LinkedHashMap<>();
        if (suffix != null) template.put("revisionSuffix", suffix);
        template.put("containers", List.of(Map.of("name", "web", "command",
                List.of(ProcessHandle.current().info().command().orElseThrow(), "-Dmarker=" + SUFFIX, "-jar", JAR),
                "env", List.of(Map.of("name", "VERSION", "value", version)))));
        return Map.of("location", "local", "properties", Map.of("configuration",
                Map.of("activeRevisionsMode", mode, "ingress", ingress), "template", template));
    }

    private JsonNode revisions(String app) {
        return sb.call("GET", app + "/revisions" + RV, null).body().path("value");
    }

    private static JsonNode named(JsonNode revisions, String name) {
        for (JsonNode r : revisions) if (r.path("name").asText().equals(name)) return r;
        throw new AssertionError("no revision " + name + " in " + revisions);
    }

    private URI front(String app) {
        return URI.create("http://" + sb.call("GET", app + RV, null).body().at("/properties/latestRevisionFqdn").asText() + "/");
    }

    /** Which revision answered each of {@code n} requests (by the ingress's header); failures under "failed:<status>". */
    private Map<String, Integer> answers(URI uri, int n) throws Exception {
        Map<String, Integer> out = new HashMap<>();
        for (int i = 0; i < n; i++) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
            String key = r.statusCode() == 200 ? r.headers().firstValue("X-Switchboard-Revision").orElse("?") : "failed:" + r.statusCode();
            out.merge(key, 1, Integer::sum);
        }
        return out;
    }

    @Test
    void singleModeMovesAllTrafficToTheNewRevisionAndStopsTheOldWithoutAFailedRequest() throws Exception {
        String app = APPS + "single" + SUFFIX;
        assertThat(sb.call("PUT", app + RV, app("Single", null, "1", null)).status()).isEqualTo(201);
        JsonNode first = revisions(app);
        assertThat(first).hasSize(1);
        String v1 = first.get(0).path("name").asText();
        assertThat(v1).startsWith("single" + SUFFIX + "--");
        JsonNode p1 = first.get(0).path("properties");
        assertThat(p1.path("active").asBoolean()).isTrue();
        assertThat(p1.path("trafficWeight").asInt()).isEqualTo(100);
        assertThat(p1.path("healthState").asText()).isEqualTo("Healthy");
        assertThat(p1.path("runningState").asText()).isEqualTo("Running");
        assertThat(p1.path("replicas").asInt()).isEqualTo(1);
        assertThat(first.get(0).has("switchboard")).as("internal digest not shown").isFalse();

        URI uri = front(app);
        Load load = Load.start(http, uri);
        assertThat(sb.call("PUT", app + RV, app("Single", null, "2", null)).status()).isEqualTo(200);
        JsonNode both = revisions(app);
        assertThat(both).hasSize(2);
        String v2 = both.get(0).path("name").asText().equals(v1) ? both.get(1).path("name").asText() : both.get(0).path("name").asText();
        for (int i = 0; i < 100 && !load.seen.containsKey(v2); i++) Thread.sleep(100);
        load.stop();
        assertThat(load.failures).as("requests that failed during the rollout").isEmpty();
        assertThat(load.seen).as("requests answered by each revision while the load ran").containsKeys(v1, v2);
        assertThat(named(both, v2).at("/properties/trafficWeight").asInt()).isEqualTo(100);
        assertThat(named(both, v1).at("/properties/active").asBoolean()).isFalse();
        assertThat(named(both, v1).at("/properties/runningState").asText()).isEqualTo("Stopped");
        assertThat(answers(uri, 20)).containsOnlyKeys(v2);
        assertThat(sb.call("PUT", app + RV, app("Single", null, "2", null)).status()).as("same template again").isEqualTo(200);
        assertThat(revisions(app)).as("no new revision for the same spec").hasSize(2);
    }

    @Test
    void multipleModeSplitsByWeightAndABadRevisionNeverGetsARequest() throws Exception {
        String app = APPS + "multi" + SUFFIX;
        String blue = "multi" + SUFFIX + "--blue";
        String green = "multi" + SUFFIX + "--green";
        assertThat(sb.call("PUT", app + RV, app("Multiple", "blue", "1", null)).status()).isEqualTo(201);
        List<Map<String, Object>> split = List.of(Map.of("revisionName", blue, "weight", 20, "label", "stable"),
                Map.of("latestRevision", true, "weight", 80));
        assertThat(sb.call("PUT", app + RV, app("Multiple", "green", "2", split)).status()).isEqualTo(200);
        JsonNode revisions = revisions(app);
        assertThat(named(revisions, blue).at("/properties/trafficWeight").asInt()).isEqualTo(20);
        assertThat(named(revisions, blue).at("/properties/labels/0").asText()).isEqualTo("stable");
        assertThat(named(revisions, green).at("/properties/trafficWeight").asInt()).isEqualTo(80);
        assertThat(named(revisions, blue).at("/properties/active").asBoolean()).isTrue();

        Map<String, Integer> counts = answers(front(app), 1000);
        assertThat(counts).containsOnlyKeys(blue, green);
        assertThat(counts.get(blue)).isBetween(170, 230);
        assertThat(counts.get(green)).isBetween(770, 830);

        // A revision whose process crashes fails its smoke test: 409, marked failed, and traffic stays as it was.
        Map<String, Object> crashing = app("Multiple", "red", "3", List.of(Map.of("latestRevision", true, "weight", 100)));
        @SuppressWarnings("unchecked")
        Map<String, Object> t = (Map<String, Object>) ((Map<String, Object>) crashing.get("properties")).get("template");
        t.put("containers", List.of(Map.of("name", "web", "command", List.of("/bin/sh", "-c", "echo boom; exit 3"))));
        TestServer.Answer refused = sb.call("PUT", app + RV, crashing);
        assertThat(refused.status()).as(refused.raw().body()).isEqualTo(409);
        assertThat(refused.body().at("/error/code").asText()).isEqualTo("AppNotReady");
        assertThat(refused.body().at("/error/message").asText()).contains("multi" + SUFFIX + "--red", "exited with code 3");
        JsonNode red = named(revisions(app), "multi" + SUFFIX + "--red");
        assertThat(red.at("/properties/provisioningState").asText()).isEqualTo("Failed");
        assertThat(red.at("/properties/healthState").asText()).isEqualTo("Unhealthy");
        assertThat(red.at("/properties/provisioningError").asText()).contains("exited with code 3");
        assertThat(red.at("/properties/trafficWeight").asInt()).isZero();
        assertThat(answers(front(app), 200)).containsOnlyKeys(blue, green);
        assertThat(FaultChecks.auditOutcomes(sb, "--red")).anyMatch(e -> e.contains("exited with code 3"));
    }

    @Test
    void trafficThatCannotBeHonouredIsA400AndChangesNothing() {
        String app = APPS + "bad" + SUFFIX;
        assertThat(sb.call("PUT", app + RV, app("Multiple", "one", "1", null)).status()).isEqualTo(201);
        String etag = sb.call("GET", app + RV, null).header("ETag");
        TestServer.Answer sum = sb.call("PUT", app + RV, app("Multiple", "two", "2", List.of(
                Map.of("revisionName", "bad" + SUFFIX + "--one", "weight", 50), Map.of("latestRevision", true, "weight", 40))));
        assertThat(sum.status()).isEqualTo(400);
        assertThat(sum.body().at("/error/code").asText()).isEqualTo("InvalidTrafficWeights");
        TestServer.Answer unknown = sb.call("PUT", app + RV, app("Multiple", "two", "2", List.of(
                Map.of("revisionName", "bad" + SUFFIX + "--nope", "weight", 100))));
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.body().at("/error/code").asText()).isEqualTo("RevisionNotFound");
        assertThat(unknown.body().at("/error/target").asText()).isEqualTo("properties.configuration.ingress.traffic[0].revisionName");
        TestServer.Answer mode = sb.call("PUT", app + RV, app("Several", "two", "2", null));
        assertThat(mode.status()).isEqualTo(400);
        assertThat(revisions(app)).hasSize(1);
        assertThat(sb.call("GET", app + RV, null).header("ETag")).isEqualTo(etag);
        assertThat(sb.call("PUT", app + "/revisions/bad" + SUFFIX + "--one" + RV, Map.of("properties", Map.of())).status()).isEqualTo(405);
    }

    @Test
    void aConnectionReachesItsRevisionBeforeItStartsAndOneThatNoLongerLogsInStopsTheNextRevision() throws Exception {
        String app = APPS + "conn" + SUFFIX;
        sb.call("PUT", SERVER + RV, Map.of("location", "local", "properties", Map.of()));
        sb.call("PUT", DB + RV, Map.of("properties", Map.of()));
        assertThat(sb.call("PUT", app + RV, app("Single", null, "1", null)).status()).isEqualTo(201);
        String linker = app + "/providers/Microsoft.ServiceLinker/linkers/rv" + SUFFIX;
        JsonNode created = sb.await(sb.call("PUT", linker + V, Map.of("properties", Map.of("targetService",
                Map.of("type", "AzureResource", "id", DB), "authInfo", Map.of("authType", "secret"), "clientType", "java"))));
        assertThat(created.path("status").asText()).as(created.toString()).isEqualTo("Succeeded");
        JsonNode revisions = revisions(app);
        assertThat(revisions).as("one new revision for the connection, no restart after").hasSize(2);
        var serving = sb.server().apps().serving(dev.switchboard.core.id.ResourceId.parse(app)).orElseThrow();
        var replica = sb.server().appHost().observe(serving.id()).orElseThrow().primary();
        // /proc/<pid>/environ is what the process was started with: the settings were there before it ran.
        assertThat(replica.liveEnvironment()).containsKey("AZURE_POSTGRESQL_CONNECTIONSTRING");
        String login = sb.call("GET", linker + V, null).body().at("/properties/authInfo/name").asText();

        LocalPostgres.execute("sbrev_" + SUFFIX, "DROP OWNED BY \"" + login + "\"");
        LocalPostgres.execute("postgres", "DROP OWNED BY \"" + login + "\"");
        LocalPostgres.execute("postgres", "DROP ROLE \"" + login + "\"");
        TestServer.Answer refused = sb.call("PUT", app + RV, app("Single", null, "2", null));
        assertThat(refused.status()).as(refused.raw().body()).isEqualTo(409);
        assertThat(refused.body().at("/error/code").asText()).isEqualTo("RevisionSmokeTestFailed");
        assertThat(refused.body().at("/error/message").asText()).contains("rv" + SUFFIX, serving.name());
        assertThat(sb.server().apps().serving(dev.switchboard.core.id.ResourceId.parse(app)).orElseThrow().name()).isEqualTo(serving.name());
        assertThat(answers(front(app), 20)).containsOnlyKeys(serving.name());
        assertThat(FaultChecks.auditOutcomes(sb, "/linkers/rv" + SUFFIX)).anyMatch(e -> e.contains("failed its smoke test on this connection"));
        sb.await(sb.call("DELETE", linker + V, null));
    }

    @Test
    void revisionsCanBeDeactivatedActivatedAndRestarted() throws Exception {
        String app = APPS + "act" + SUFFIX;
        String one = app + "/revisions/act" + SUFFIX + "--one";
        String two = app + "/revisions/act" + SUFFIX + "--two";
        assertThat(sb.call("PUT", app + RV, app("Multiple", "one", "1", null)).status()).isEqualTo(201);
        assertThat(sb.call("PUT", app + RV, app("Multiple", "two", "2", List.of(Map.of("latestRevision", true, "weight", 100)))).status()).isEqualTo(200);
        TestServer.Answer busy = sb.call("POST", two + "/deactivate" + RV, null);
        assertThat(busy.status()).isEqualTo(409);
        assertThat(busy.body().at("/error/code").asText()).isEqualTo("RevisionHasTraffic");

        JsonNode off = sb.call("POST", one + "/deactivate" + RV, null).body();
        assertThat(off.at("/properties/active").asBoolean()).isFalse();
        assertThat(off.at("/properties/runningState").asText()).isEqualTo("Stopped");
        JsonNode on = sb.call("POST", one + "/activate" + RV, null).body();
        assertThat(on.at("/properties/active").asBoolean()).as(on.toString()).isTrue();
        assertThat(on.at("/properties/healthState").asText()).isEqualTo("Healthy");
        assertThat(on.at("/properties/trafficWeight").asInt()).isZero();

        long before = sb.server().appHost().observe(dev.switchboard.core.id.ResourceId.parse(two)).orElseThrow().primary().pid();
        assertThat(sb.call("POST", two + "/restart" + RV, null).status()).isEqualTo(200);
        long after = sb.server().appHost().observe(dev.switchboard.core.id.ResourceId.parse(two)).orElseThrow().primary().pid();
        assertThat(after).isNotEqualTo(before);
        assertThat(sb.call("POST", two + "/explode" + RV, null).status()).isEqualTo(404);
        assertThat(sb.call("POST", app + "/revisions/act" + SUFFIX + "--none/activate" + RV, null).status()).isEqualTo(404);
    }

    /** Clients calling the app in a loop, counting what failed. */
    static final class Load {
        final List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger ok = new AtomicInteger();
        final Map<String, Integer> seen = new ConcurrentHashMap<>();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final List<Thread> threads = new ArrayList<>();

        static Load start(HttpClient http, URI uri) {
            Load load = new Load();
            for (int i = 0; i < 3; i++) load.threads.add(Thread.ofVirtual().start(() -> load.loop(http, uri)));
            return load;
        }

        private void loop(HttpClient http, URI uri) {
            while (running.get()) {
                try {
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() == 200) ok.incrementAndGet();
                    else failures.add(r.statusCode() + " " + r.body());
                    r.headers().firstValue("X-Switchboard-Revision").ifPresent(name -> seen.merge(name, 1, Integer::sum));
                } catch (Exception e) {
                    failures.add(e.toString());
                }
            }
        }

        void stop() throws InterruptedException {
            running.set(false);
            for (Thread t : threads) t.join();
        }
    }
}
