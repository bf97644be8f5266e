package dev.switchboard.providers.local;

import com.sun.net.httpserver.HttpServer;
import dev.switchboard.core.id.ResourceId;
import dev.switchboard.providers.local.IngressProxy.Backends;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The ingress splitting an app's traffic over its revisions by weight: real HTTP servers on loopback, each
 * answering its own name, behind a real {@link IngressProxy}; requests are counted as the client sees them.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class IngressProxyTest {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final int REQUESTS = 1000;

    private final List<AutoCloseable> cleanup = new ArrayList<>();
    /** Requests each backend server received, by its name. */
    private final Map<String, AtomicInteger> served = new ConcurrentHashMap<>();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path work;

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : cleanup.reversed()) c.close();
        http.close();
    }

    @Test
    void eightyTwentySplitLandsWithinTwoPercentAndTheHeaderNamesTheAnsweringRevision() throws Exception {
        IngressProxy proxy = proxy(List.of(new Backends("a", 80, List.of(backend("a"))),
                new Backends("b", 20, List.of(backend("b")))));

        Map<String, Integer> seen = tally(proxy, REQUESTS);

        assertThat(seen.get("200 a")).isBetween(780, 820);
        assertThat(seen.get("200 b")).isBetween(180, 220);
        assertThat(seen.keySet()).containsOnly("200 a", "200 b");
    }

    @Test
    void fiftyThirtyTwentySplitLandsWithinTwoPercentAndWeightZeroGetsNone() throws Exception {
        IngressProxy proxy = proxy(List.of(new Backends("a", 50, List.of(backend("a"), backend("a"))),
                new Backends("b", 30, List.of(backend("b"))), new Backends("failed-smoke", 0, List.of(backend("zero"))),
                new Backends("c", 20, List.of(backend("c")))));

        Map<String, Integer> seen = tally(proxy, REQUESTS);

        assertThat(seen.get("200 a")).isBetween(480, 520);
        assertThat(seen.get("200 b")).isBetween(280, 320);
        assertThat(seen.get("200 c")).isBetween(180, 220);
        assertThat(seen.keySet()).containsOnly("200 a", "200 b", "200 c");
        assertThat(served).doesNotContainKey("zero");
    }

    @Test
    void weightedRevisionsWithoutReadyReplicasAnswer503RatherThanUseTheWeightZeroOne() throws Exception {
        IngressProxy proxy = proxy(List.of(new Backends("starting", 100, List.of()),
                new Backends("failed-smoke", 0, List.of(backend("zero")))));

        HttpResponse<String> response = get(proxy);

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).contains("1");
        assertThat(served).isEmpty();
    }

    @Test
    void aRevisionWhoseOnlyReplicaRefusesConnectionsNeverSpillsIntoAnother() throws Exception {
        IngressProxy proxy = proxy(List.of(new Backends("a", 50, List.of(backend("a"))),
                new Backends("dead", 30, List.of(refusingPort())), new Backends("c", 20, List.of(backend("c")))));

        Map<String, Integer> seen = tally(proxy, REQUESTS);

        assertThat(seen.get("200 a")).isBetween(480, 520);
        assertThat(seen.get("200 c")).isBetween(180, 220);
        assertThat(seen.get("502 dead")).isBetween(280, 320);
        assertThat(seen.keySet()).containsOnly("200 a", "200 c", "502 dead");
        assertThat(served.get("a").get()).isEqualTo(seen.get("200 a"));
        assertThat(served.get("c").get()).isEqualTo(seen.get("200 c"));
    }

    @Test
    void aRefusingReplicaIsRetriedOnAnotherReplicaOfTheSameRevision() throws Exception {
        IngressProxy proxy = proxy(List.of(new Backends("a", 50, List.of(refusingPort(), backend("a1"))),
                new Backends("b", 50, List.of(backend("b")))));

        Map<String, Integer> seen = tally(proxy, 100);

        assertThat(seen).isEqualTo(Map.of("200 a1", 50, "200 b", 50));
    }

    @Test
    void switchingRevisionsWhileClientsCallLosesNoRequest() throws Exception {
        List<Backends> before = List.of(new Backends("a", 80, List.of(backend("a"))),
                new Backends("b", 20, List.of(backend("b"))));
        List<Backends> after = List.of(new Backends("b", 10, List.of(backend("b"))),
                new Backends("c", 90, List.of(backend("c"), backend("c"))));
        IngressProxy proxy = proxy(before);
        List<String> failures = new ArrayList<>();
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<List<String>>> results = new ArrayList<>();
            for (int i = 0; i < 4; i++) results.add(clients.submit(() -> failuresOf(proxy, 200)));
            for (int i = 0; i < 200; i++) {
                proxy.switchTo(i % 2 == 0 ? after : before);
                Thread.sleep(1);
            }
            for (Future<List<String>> r : results) failures.addAll(r.get());
        }
        assertThat(failures).isEmpty();
        assertThat(proxy.groups()).isEqualTo(before);

        proxy.switchTo(after);
        Map<String, Integer> seen = tally(proxy, 100);
        assertThat(seen).isEqualTo(Map.of("200 b", 10, "200 c", 90));
    }

    @Test
    void aFlatPortListIsOneUnnamedRevisionTakingAllTraffic() throws Exception {
        int p1 = backend("p1");
        int p2 = backend("p2");
        IngressProxy proxy = IngressProxy.start(0, List.of(p1, p2));
        cleanup.add(proxy);

        assertThat(tally(proxy, 10)).isEqualTo(Map.of("200 p1", 5, "200 p2", 5));
        assertThat(get(proxy).headers().firstValue(IngressProxy.REVISION_HEADER)).isEmpty();
        assertThat(proxy.groups()).containsExactly(new Backends(null, 100, List.of(p1, p2)));

        int p3 = backend("p3");
        proxy.switchTo(List.of(new Backends("x", 60, List.of(p1)), new Backends("y", 40, List.of(p2, p3))));
        assertThat(proxy.backends()).containsExactly(p1, p2, p3);
        proxy.switchTo(List.<Integer>of());
        assertThat(get(proxy).statusCode()).isEqualTo(503);
    }

    @Test
    void aBackendCannotForgeTheRevisionHeader() throws Exception {
        HttpServer liar = server("liar", Map.of(IngressProxy.REVISION_HEADER, "someone-else"));
        IngressProxy proxy = proxy(List.of(new Backends("real", 100, List.of(liar.getAddress().getPort()))));

        assertThat(get(proxy).headers().allValues(IngressProxy.REVISION_HEADER)).containsExactly("real");
    }

    @Test
    void weightsOutsideZeroToHundredAreRefused() {
        assertThatThrownBy(() -> new Backends("a", 101, List.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("101");
        assertThatThrownBy(() -> new Backends("a", -1, List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void appIngressesRoutesRevisionsOnItsKeptPortAndLeavesAnUnchangedTableAlone() throws Exception {
        ResourceId app = ResourceId.parse("/subscriptions/s/resourceGroups/rg/providers/Microsoft.App/containerApps/web");
        WorkLayout layout = new WorkLayout(work);
        layout.ensureAppDir(app);
        AppIngresses ingresses = new AppIngresses(layout);
        cleanup.add(ingresses);
        List<Backends> halves = List.of(new Backends("a", 50, List.of(backend("a"))),
                new Backends("b", 50, List.of(backend("b"))));

        ingresses.route(app, halves);
        int port = ingresses.port(app);
        assertThat(Files.readString(layout.appDir(app).resolve(AppIngresses.PORT_FILE))).isEqualTo(Integer.toString(port));
        assertThat(body(get(port))).isEqualTo("200 a");
        // The same table again must not restart the round robin (which would send this request to "a" again).
        ingresses.route(app, List.copyOf(halves));
        assertThat(body(get(port))).isEqualTo("200 b");

        ingresses.route(app, List.of(new Backends("b", 100, List.of(backend("b2")))));
        assertThat(body(get(port))).isEqualTo("200 b2");
        assertThat(ingresses.port(app)).isEqualTo(port);
    }

    private IngressProxy proxy(List<Backends> groups) throws IOException {
        IngressProxy proxy = IngressProxy.start(0, groups);
        cleanup.add(proxy);
        return proxy;
    }

    /** A server answering 200 with {@code name}; its port. */
    private int backend(String name) throws IOException {
        return server(name, Map.of()).getAddress().getPort();
    }

    private HttpServer server(String name, Map<String, String> headers) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(LOOPBACK, 0), 64);
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(executor);
        server.createContext("/", exchange -> {
            served.computeIfAbsent(name, n -> new AtomicInteger()).incrementAndGet();
            byte[] body = name.getBytes(StandardCharsets.UTF_8);
            headers.forEach(exchange.getResponseHeaders()::set);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        cleanup.add(executor::close);
        cleanup.add(() -> server.stop(0));
        return server;
    }

    /** A port that refuses connections: bound by a socket that never listens, so no other server can take it. */
    private int refusingPort() throws IOException {
        Socket holder = new Socket();
        holder.bind(new InetSocketAddress(LOOPBACK, 0));
        cleanup.add(holder);
        return holder.getLocalPort();
    }

    /** How often each "status name" came back, where name is the revision header (which must match the body). */
    private Map<String, Integer> tally(IngressProxy proxy, int requests) throws Exception {
        Map<String, Integer> seen = new ConcurrentHashMap<>();
        for (int i = 0; i < requests; i++) seen.merge(body(get(proxy)), 1, Integer::sum);
        return seen;
    }

    /** Requests whose answer was not a 200 from the revision the header names. */
    private List<String> failuresOf(IngressProxy proxy, int requests) throws Exception {
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            HttpResponse<String> response = get(proxy);
            String revision = response.headers().firstValue(IngressProxy.REVISION_HEADER).orElse("?");
            if (response.statusCode() != 200 || !response.body().startsWith(revision)) failures.add(body(response));
        }
        return failures;
    }

    /** "status name": the backend's body on a 200 (checked against the header), else the header's revision. */
    private static String body(HttpResponse<String> response) {
        Optional<String> revision = response.headers().firstValue(IngressProxy.REVISION_HEADER);
        if (response.statusCode() != 200) return response.statusCode() + " " + revision.orElse("-");
        revision.ifPresent(r -> assertThat(response.body()).startsWith(r));
        return "200 " + response.body();
    }

    private HttpResponse<String> get(IngressProxy proxy) throws Exception {
        return get(proxy.port());
    }

    private HttpResponse<String> get(int port) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
