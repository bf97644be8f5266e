package dev.switchboard.providers.local;

import dev.switchboard.core.compute.AppObservation;
import dev.switchboard.core.compute.AppObservation.State;
import dev.switchboard.core.compute.AppSpec;
import dev.switchboard.core.compute.ContainerSpec;
import dev.switchboard.core.failure.TerminalFailure;
import dev.switchboard.core.id.ResourceId;
import dev.switchboard.core.target.ApplyResult;
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
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Replacing a serving app's processes through its ingress: a real Java HTTP app answers with one of its
 * environment variables, clients keep calling the ingress while the spec changes, and not one request fails.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HandoverTest {

    private static final String RUN = "sbhandover-" + UUID.randomUUID().toString().substring(0, 8);
    private static final Map<String, String> BASE_ENV = Map.of("PATH", "/usr/local/bin:/usr/bin:/bin", "LANG", "C.UTF-8");

    @TempDir
    Path work;

    private final List<LocalAppHost> hosts = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private Path source;

    @BeforeEach
    void writeApp() throws Exception {
        source = work.resolve("EchoServer.java");
        Files.writeString(source, """
                import com.sun.net.httpserver.HttpServer;
                import java.net.InetAddress;
                import java.net.InetSocketAddress;
                import java.nio.charset.StandardCharsets;

                public class EchoServer {
                    public static void main(String[] args) throws Exception {
                        if ("crash".equals(System.getenv("MODE"))) System.exit(3);
                        int port = Integer.parseInt(System.getenv("PORT"));
                        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
                        server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4));
                        server.createContext("/", exchange -> {
                            byte[] body = String.valueOf(System.getenv("GREETING")).getBytes(StandardCharsets.UTF_8);
                            exchange.sendResponseHeaders(200, body.length);
                            exchange.getResponseBody().write(body);
                            exchange.close();
                        });
                        server.start();
                        Runtime.getRuntime().addShutdownHook(new Thread(() -> server.stop(0)));
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
    void clientsOfTheIngressSeeNoFailureWhileTheSpecChangesThreeTimes() throws Exception {
        LocalAppHost host = host();
        ResourceId id = app("rolling");
        host.apply(spec(id, "v0", Map.of()));
        int ingress = awaitServing(host, id, "v0");

        Set<String> seen = ConcurrentHashMap.newKeySet();
        AtomicInteger ok = new AtomicInteger();
        List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> clients = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            clients.add(Thread.ofVirtual().start(() -> {
                while (!stop.get()) {
                    try {
                        HttpResponse<String> r = get(ingress);
                        if (r.statusCode() == 200) {
                            ok.incrementAndGet();
                            seen.add(r.body());
                        } else {
                            failures.add(r.statusCode() + " " + r.body());
                        }
                    } catch (Exception e) {
                        failures.add(e.toString());
                    }
                }
            }));
        }
        for (String version : List.of("v1", "v2", "v3")) {
            assertThat(host.apply(spec(id, version, Map.of()))).isEqualTo(ApplyResult.UPDATED);
            assertThat(get(ingress).body()).isEqualTo(version);
        }
        stop.set(true);
        for (Thread t : clients) t.join();

        assertThat(failures).as("requests that failed during three handovers").isEmpty();
        assertThat(ok.get()).isGreaterThan(100);
        assertThat(seen).containsExactlyInAnyOrder("v0", "v1", "v2", "v3");
        assertThat(host.observe(id).orElseThrow().ingressPort()).isEqualTo(ingress);
        assertThat(LocalAppHostTest.processesWith(RUN)).as("only the last spec's process runs").hasSize(1);
    }

    @Test
    void aNewSpecThatCrashesIsRefusedAndTheOldProcessKeepsServing() throws Exception {
        LocalAppHost host = host();
        ResourceId id = app("crashing");
        host.apply(spec(id, "good", Map.of()));
        int ingress = awaitServing(host, id, "good");
        long pid = host.observe(id).orElseThrow().primary().pid();

        assertThatThrownBy(() -> host.apply(spec(id, "bad", Map.of("MODE", "crash"))))
                .isInstanceOfSatisfying(TerminalFailure.class, f -> {
                    assertThat(f.status()).isEqualTo(409);
                    assertThat(f.code()).isEqualTo("AppNotReady");
                    assertThat(f.getMessage()).contains("exited with code 3").contains("previous processes keep serving");
                });

        assertThat(get(ingress).body()).isEqualTo("good");
        assertThat(host.observe(id).orElseThrow().primary().pid()).isEqualTo(pid);
        assertThat(LocalAppHostTest.processesWith(RUN)).containsExactly(pid);
    }

    @Test
    void aRestartedHostAdoptsTheAppAndAnswersOnTheSameIngressPort() throws Exception {
        LocalAppHost first = host();
        first.setLeaveRunning(true);
        ResourceId id = app("adopted");
        AppSpec spec = spec(id, "same", Map.of());
        first.apply(spec);
        int ingress = awaitServing(first, id, "same");
        first.close();

        LocalAppHost second = host();
        assertThat(second.adopt(spec)).isEqualTo(ApplyResult.NOOP);
        assertThat(second.observe(id).orElseThrow().ingressPort()).isEqualTo(ingress);
        assertThat(get(ingress).body()).isEqualTo("same");
        assertThat(LocalAppHostTest.processesWith(RUN)).hasSize(1);
    }

    private int awaitServing(LocalAppHost host, ResourceId id, String body) {
        AppObservation o = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> host.observe(id).orElseThrow(), x -> x.state() == State.RUNNING && x.ingressPort() > 0);
        await().atMost(Duration.ofSeconds(10)).until(() -> body.equals(get(o.ingressPort()).body()));
        return o.ingressPort();
    }

    private HttpResponse<String> get(int port) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private AppSpec spec(ResourceId id, String greeting, Map<String, String> extra) {
        Map<String, String> env = new java.util.HashMap<>(extra);
        env.put("GREETING", greeting);
        String java = ProcessHandle.current().info().command().orElseThrow();
        return new AppSpec(id, List.of(new ContainerSpec("web", List.of(java),
                List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx64m", "-Dmarker=" + RUN, source.toString()), env)));
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
