package dev.switchboard.providers.local;

import dev.switchboard.core.compute.AppSpec;
import dev.switchboard.core.compute.ContainerSpec;
import dev.switchboard.core.compute.Probe;
import dev.switchboard.core.failure.TerminalFailure;
import dev.switchboard.core.id.ResourceId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Probes and replicas against a real Java HTTP app whose health the test controls: readiness decides whether the ingress sends
 * it requests, a failing liveness probe restarts it, and a new spec whose readiness never passes is refused while
 * the old processes keep serving.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ProbesTest {

    private static final String RUN = "sbprobes-" + UUID.randomUUID().toString().substring(0, 8);
    private static final Map<String, String> BASE_ENV = Map.of("PATH", "/usr/local/bin:/usr/bin:/bin", "LANG", "C.UTF-8");

    @TempDir
    Path work;

    private final List<LocalAppHost> hosts = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private Path source;

    @BeforeEach
    void writeApp() throws Exception {
        source = work.resolve("HealthServer.java");
        Files.writeString(source, """
                import com.sun.net.httpserver.HttpServer;
                import java.net.InetAddress;
                import java.net.InetSocketAddress;
                import java.nio.file.Files;
                import java.nio.file.Path;

                public class HealthServer {
                    public static void main(String[] args) throws Exception {
                        int port = Integer.parseInt(System.getenv("PORT"));
                        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
                        server.createContext("/", exchange -> {
                            String path = exchange.getRequestURI().getPath();
                            int status = 200;
                            if (path.equals("/ready")) status = Files.exists(Path.of(System.getenv("READY_FILE"))) ? 200 : 503;
                            if (path.equals("/live")) status = Integer.parseInt(System.getenv().getOrDefault("LIVE_STATUS", "200"));
                            byte[] body = (path.equals("/port") ? System.getenv("PORT") : path + " " + status).getBytes();
                            exchange.sendResponseHeaders(status, body.length);
                            exchange.getResponseBody().write(body);
                            exchange.close();
                        });
                        server.start();
                    }
                }
                """);
    }

    @AfterEach
    void cleanUp() {
        hosts.forEach(LocalAppHost::close);
        for (long pid : LocalAppHostTest.processesWith(RUN)) ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    }

    @Test
    void theIngressSendsRequestsOnlyWhileTheReadinessProbePasses() throws Exception {
        Path readyFile = work.resolve("ready");
        LocalAppHost host = host();
        ResourceId id = app("ready");
        host.apply(spec(id, Map.of("READY_FILE", readyFile.toString()), List.of(probe(Probe.Type.READINESS, "/ready", 0))));
        int ingress = await().atMost(Duration.ofSeconds(20)).until(() -> host.observe(id).orElseThrow().ingressPort(), p -> p > 0);

        Thread.sleep(2500); // several probe periods: the app listens, but is not ready
        assertThat(status(ingress)).isEqualTo(503);

        Files.writeString(readyFile, "yes");
        await().atMost(Duration.ofSeconds(10)).until(() -> status(ingress) == 200);

        Files.delete(readyFile);
        await().atMost(Duration.ofSeconds(10)).until(() -> status(ingress) == 503);
    }

    @Test
    void aFailingLivenessProbeRestartsTheProcessAndSaysWhy() {
        LocalAppHost host = host();
        ResourceId id = app("live");
        host.apply(spec(id, Map.of("READY_FILE", "/nonexistent", "LIVE_STATUS", "500"), List.of(probe(Probe.Type.LIVENESS, "/live", 0))));
        long first = await().atMost(Duration.ofSeconds(20)).until(() -> host.observe(id).orElseThrow().primary().pid(), p -> p > 0);

        String error = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> host.observe(id).orElseThrow().primary().lastError(), e -> e != null && e.contains("liveness"));
        assertThat(error).contains("liveness probe failed 2 times in a row").contains("GET /live").contains("HTTP 500");
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            var r = host.observe(id).orElseThrow().primary();
            return r.alive() && r.pid() != first;
        });
    }

    @Test
    void aNewSpecWhoseReadinessNeverPassesIsRefusedAndTheOldProcessKeepsServing() throws Exception {
        Path readyFile = work.resolve("ready-old");
        Files.writeString(readyFile, "yes");
        LocalAppHost host = host();
        ResourceId id = app("rollout");
        host.apply(spec(id, Map.of("READY_FILE", readyFile.toString()), List.of(probe(Probe.Type.READINESS, "/ready", 0))));
        int ingress = await().atMost(Duration.ofSeconds(20)).until(() -> host.observe(id).orElseThrow().ingressPort(), p -> p > 0);
        await().atMost(Duration.ofSeconds(20)).until(() -> status(ingress) == 200);
        long pid = host.observe(id).orElseThrow().primary().pid();

        // The new spec probes a port nothing listens on.
        AppSpec broken = spec(id, Map.of("READY_FILE", readyFile.toString(), "V", "2"), List.of(probe(Probe.Type.READINESS, "/ready", 1)));
        assertThatThrownBy(() -> host.apply(broken)).isInstanceOfSatisfying(TerminalFailure.class, f -> {
            assertThat(f.code()).isEqualTo("AppNotReady");
            assertThat(f.getMessage()).contains("readiness probe failed").contains("on port 1");
        });
        assertThat(status(ingress)).isEqualTo(200);
        assertThat(host.observe(id).orElseThrow().primary().pid()).isEqualTo(pid);
        assertThat(LocalAppHostTest.processesWith(RUN)).containsExactly(pid);
    }

    @Test
    void replicasAreProcessesOfTheirOwnThatTheIngressTakesInTurnAndAReplicaThatDiesIsLeftOut() throws Exception {
        LocalAppHost host = host();
        ResourceId id = app("replicas");
        AppSpec spec = new AppSpec(id, spec(id, Map.of("READY_FILE", "/nonexistent"), List.of()).containers(), 3);
        host.apply(spec);
        await().atMost(Duration.ofSeconds(30)).until(() -> host.observe(id).orElseThrow().state() == dev.switchboard.core.compute.AppObservation.State.RUNNING);
        var o = host.observe(id).orElseThrow();
        assertThat(o.replicas()).extracting(r -> r.container()).containsExactly("web", "web#1", "web#2");
        assertThat(o.replicas()).extracting(r -> r.port()).doesNotHaveDuplicates();
        int ingress = o.ingressPort();
        await().atMost(Duration.ofSeconds(10)).until(() -> countByPort(ingress, 3).size() == 3);
        Map<String, Integer> spread = countByPort(ingress, 30);
        assertThat(spread.values()).as(spread.toString()).allMatch(n -> n == 10);

        ProcessHandle.of(o.replicas().get(1).pid()).orElseThrow().destroyForcibly();
        for (int i = 0; i < 30; i++) assertThat(status(ingress)).as("request %d after a replica died", i).isEqualTo(200);
        assertThat(LocalAppHostTest.processesWith(RUN)).hasSizeBetween(2, 3);
    }

    private Map<String, Integer> countByPort(int ingress, int requests) throws Exception {
        Map<String, Integer> out = new java.util.TreeMap<>();
        for (int i = 0; i < requests; i++) {
            String port = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ingress + "/port")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            out.merge(port, 1, Integer::sum);
        }
        return out;
    }

    private static Probe probe(Probe.Type type, String path, int port) {
        return new Probe(type, path, port, 0, 1, 2, 1);
    }

    private int status(int port) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private AppSpec spec(ResourceId id, Map<String, String> env, List<Probe> probes) {
        String java = ProcessHandle.current().info().command().orElseThrow();
        return new AppSpec(id, List.of(new ContainerSpec("web", List.of(java),
                List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx64m", "-Dmarker=" + RUN, source.toString()),
                new HashMap<>(env), Map.of(), probes)));
    }

    private LocalAppHost host() {
        LocalAppHost host = new LocalAppHost(work.resolve("apps"), Clock.systemUTC(), Duration.ofSeconds(30), BASE_ENV);
        hosts.add(host);
        return host;
    }

    private static ResourceId app(String name) {
        return ResourceId.parse("/subscriptions/sub1/resourceGroups/rg1/providers/Microsoft.App/containerApps/" + name);
    }
}
