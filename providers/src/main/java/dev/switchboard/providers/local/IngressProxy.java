package dev.switchboard.providers.local;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.BindException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An app's stable front door: an HTTP/1.1 reverse proxy on a loopback port that stays the same while the app's
 * processes come and go. The backends are grouped by revision, each with a traffic weight: a request picks a
 * revision by smooth weighted round robin, then that revision's ready replicas in turn. Each request goes to a
 * backend that is current when it arrives, so moving the app to new processes between two requests loses none;
 * {@link #drain} waits for the requests an old backend still serves before that backend is stopped.
 */
public final class IngressProxy implements AutoCloseable {

    /**
     * One revision's share of the traffic: {@code weight} percent (0..100) over its ready replicas' {@code ports}.
     * A revision with weight 0 (say, one that failed its smoke test) gets no request at all.
     */
    public record Backends(String name, int weight, List<Integer> ports) {
        public Backends {
            if (weight < 0 || weight > 100) throw new IllegalArgumentException("weight must be 0..100, was " + weight);
            ports = List.copyOf(ports);
        }

        /** All traffic to {@code ports}, with no revision name (the app has a single revision). */
        static Backends all(List<Integer> ports) {
            return new Backends(null, 100, ports);
        }
    }

    /** Names the revision that answered, so users (and tests) can see how the traffic split. */
    static final String REVISION_HEADER = "X-Switchboard-Revision";
    /** Headers that describe one hop, that the JDK client sets itself, or that only the proxy may set. */
    private static final Set<String> NOT_FORWARDED = Set.of("connection", "keep-alive", "proxy-authenticate",
            "proxy-authorization", "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade", "host",
            "content-length", "expect", "date", REVISION_HEADER.toLowerCase(Locale.ROOT));
    private static final Duration BACKEND_TIMEOUT = Duration.ofSeconds(60);
    /** How long a request that no replica accepted may be picked again from switched tables before its 502. */
    static final Duration REPICK_WINDOW = Duration.ofSeconds(2);
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private final HttpServer server;
    private final ExecutorService executor;
    private final HttpClient client;
    private final Map<Integer, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    private volatile Routing routing;

    private IngressProxy(HttpServer server, ExecutorService executor, Collection<Backends> groups) {
        this.server = server;
        this.executor = executor;
        this.routing = new Routing(groups);
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(executor)
                .connectTimeout(Duration.ofSeconds(5)).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** Listens on {@code preferredPort} when it is free (it was this app's before), else on any free port. */
    public static IngressProxy start(int preferredPort, List<Integer> backends) throws IOException {
        return start(preferredPort, List.of(Backends.all(backends)));
    }

    /** As above, with the traffic split over {@code groups} by weight from the first request on. */
    static IngressProxy start(int preferredPort, Collection<Backends> groups) throws IOException {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(LOOPBACK, Math.max(preferredPort, 0)), 128);
        } catch (BindException e) {
            server = HttpServer.create(new InetSocketAddress(LOOPBACK, 0), 128);
        }
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        IngressProxy proxy = new IngressProxy(server, executor, groups);
        server.setExecutor(executor);
        server.createContext("/", proxy::handle);
        server.start();
        return proxy;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** All groups' ports, in group order. */
    List<Integer> backends() {
        return routing.ports;
    }

    public List<Backends> groups() {
        return routing.groups;
    }

    /** Requests from now on go to {@code ports} in turn; those already running finish where they are. */
    void switchTo(List<Integer> ports) {
        switchTo(List.of(Backends.all(ports)));
    }

    /**
     * Requests from now on are split over {@code groups} by weight; those already running finish where they are.
     * A {@link Collection}, not a {@code List}: a second {@code switchTo(List<...>)} would have the same erasure.
     */
    void switchTo(Collection<Backends> groups) {
        routing = new Routing(groups);
    }

    /** Waits until no request runs on {@code port} any more; false when {@code timeout} passed first. */
    boolean drain(int port, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        AtomicInteger n = inFlight.get(port);
        while (n != null && n.get() > 0) {
            if (System.nanoTime() > deadline) return false;
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    private void handle(HttpExchange exchange) {
        try (exchange) {
            // Caught inside the try: the 502 must be written before the exchange closes, else the client sees a
            // dropped connection (and the JDK client silently retries a GET, possibly onto another revision).
            try {
                forwardPicked(exchange);
            } catch (IOException e) {
                badGateway(exchange, "the app is not answering: " + e.getClass().getSimpleName());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                badGateway(exchange, "interrupted");
            }
        }
    }

    /**
     * Picks a revision and forwards. When no replica of it accepts the connection and the table was switched since
     * the pick, the request (which reached no app) is picked again from the new table: a request that picked the old
     * revision just before a rollout switched away from it and stopped it goes to the new one instead of failing. A
     * revision that refuses while the table stands keeps its share of failures: its weight is not spilled.
     */
    private void forwardPicked(HttpExchange exchange) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + REPICK_WINDOW.toNanos();
        while (true) {
            Routing table = routing;
            Choice choice = table.pick();
            if (choice == null) {
                unavailable(exchange);
                return;
            }
            String name = choice.group().name();
            if (name != null && !name.isBlank()) exchange.getResponseHeaders().set(REVISION_HEADER, name);
            try {
                forwardWithin(exchange, choice.group().ports(), choice.first());
                return;
            } catch (ConnectException e) {
                if (routing == table || System.nanoTime() > deadline) throw e;
            }
        }
    }

    /** Forwards to {@code ports} from index {@code first} on, trying the next one while nothing accepts. */
    private void forwardWithin(HttpExchange exchange, List<Integer> ports, int first)
            throws IOException, InterruptedException {
        for (int attempt = 0; ; attempt++) {
            try {
                forwardCounted(exchange, ports.get((first + attempt) % ports.size()));
                return;
            } catch (ConnectException e) {
                // Nothing reached that process (it has just died): another replica of the same revision may
                // take the request. Never another revision: its weight says how much traffic it may get.
                if (attempt + 1 >= ports.size()) throw e;
            }
        }
    }

    private void forwardCounted(HttpExchange exchange, int target) throws IOException, InterruptedException {
        AtomicInteger counter = inFlight.computeIfAbsent(target, p -> new AtomicInteger());
        counter.incrementAndGet();
        try {
            forward(exchange, target);
        } finally {
            counter.decrementAndGet();
        }
    }

    private void forward(HttpExchange exchange, int target) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(backendUri(exchange, target)).timeout(BACKEND_TIMEOUT)
                .method(exchange.getRequestMethod(), body(exchange));
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT))) values.forEach(v -> request.header(name, v));
        });
        String host = exchange.getRequestHeaders().getFirst("Host");
        if (host != null) request.header("X-Forwarded-Host", host);
        request.header("X-Forwarded-For", exchange.getRemoteAddress().getAddress().getHostAddress());
        HttpResponse<InputStream> response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        respond(exchange, response);
    }

    private static URI backendUri(HttpExchange exchange, int target) {
        URI uri = exchange.getRequestURI();
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        return URI.create("http://127.0.0.1:" + target + path + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
    }

    private static HttpRequest.BodyPublisher body(HttpExchange exchange) {
        String length = exchange.getRequestHeaders().getFirst("Content-Length");
        boolean chunked = exchange.getRequestHeaders().containsKey("Transfer-Encoding");
        if (!chunked && (length == null || length.strip().equals("0"))) return HttpRequest.BodyPublishers.noBody();
        return HttpRequest.BodyPublishers.ofInputStream(exchange::getRequestBody);
    }

    private static void respond(HttpExchange exchange, HttpResponse<InputStream> response) throws IOException {
        response.headers().map().forEach((name, values) -> {
            if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
                exchange.getResponseHeaders().put(name, List.copyOf(values));
            }
        });
        int status = response.statusCode();
        boolean noBody = exchange.getRequestMethod().equalsIgnoreCase("HEAD") || status == 204 || status == 304
                || status < 200;
        long length = response.headers().firstValueAsLong("Content-Length").orElse(0);
        try (InputStream in = response.body()) {
            if (noBody) {
                exchange.sendResponseHeaders(status, -1);
                return;
            }
            exchange.sendResponseHeaders(status, length == 0 && response.headers().firstValue("Content-Length").isPresent() ? -1 : length);
            try (OutputStream out = exchange.getResponseBody()) {
                in.transferTo(out);
            }
        }
    }

    /** No process is ready to take the request (all are starting, or their readiness probes fail). */
    private static void unavailable(HttpExchange exchange) {
        try (exchange) {
            byte[] body = "no ready process\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Retry-After", "1");
            exchange.sendResponseHeaders(503, body.length);
            exchange.getResponseBody().write(body);
        } catch (IOException | RuntimeException ignored) {
            // the client went away
        }
    }

    private static void badGateway(HttpExchange exchange, String why) {
        try {
            byte[] body = ("bad gateway: " + why + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(502, body.length);
            exchange.getResponseBody().write(body);
        } catch (IOException | RuntimeException ignored) {
            // the response was already started: the client sees the connection close instead
        }
    }

    /** The revision a request goes to and the index of the replica it tries first. */
    private record Choice(Backends group, int first) {
    }

    /**
     * One routing table, replaced whole on a switch. Picks a revision by smooth weighted round robin (as nginx):
     * deterministic, so over every {@code total} requests each revision gets exactly its weight, and spread out
     * rather than in runs. The state is a few ints, so one short synchronized section per request is cheap.
     */
    private static final class Routing {
        final List<Backends> groups;
        final List<Integer> ports;
        private final Backends[] eligible;
        private final int[] current;
        private final int[] nextPort;
        private final int total;

        Routing(Collection<Backends> groups) {
            this.groups = List.copyOf(groups);
            this.ports = this.groups.stream().flatMap(g -> g.ports().stream()).toList();
            // Only revisions with weight and a ready replica: the rest get no traffic (the client gets a 503 instead).
            this.eligible = this.groups.stream().filter(g -> g.weight() > 0 && !g.ports().isEmpty())
                    .toArray(Backends[]::new);
            this.current = new int[eligible.length];
            this.nextPort = new int[eligible.length];
            int sum = 0;
            for (Backends g : eligible) sum += g.weight();
            this.total = sum;
        }

        /** Null when no revision may take the request. */
        synchronized Choice pick() {
            if (total == 0) return null;
            int best = 0;
            for (int i = 0; i < eligible.length; i++) {
                current[i] += eligible[i].weight();
                if (current[i] > current[best]) best = i;
            }
            current[best] -= total;
            int first = nextPort[best];
            nextPort[best] = (first + 1) % eligible[best].ports().size();
            return new Choice(eligible[best], first);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
