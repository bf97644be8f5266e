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
 * processes come and go. Requests take the ready replicas in turn. Each request goes to a backend that is current
 * when it arrives, so moving the app to
 * new processes between two requests loses none; {@link #drain} waits for the requests an old backend still
 * serves before that backend is stopped.
 */
public final class IngressProxy implements AutoCloseable {

    /** Headers that describe one hop, or that the JDK client sets itself. */
    private static final Set<String> NOT_FORWARDED = Set.of("connection", "keep-alive", "proxy-authenticate",
            "proxy-authorization", "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade", "host",
            "content-length", "expect", "date");
    private static final Duration BACKEND_TIMEOUT = Duration.ofSeconds(60);
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private final HttpServer server;
    private final ExecutorService executor;
    private final HttpClient client;
    private final Map<Integer, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    private volatile List<Integer> backends;
    private final AtomicInteger next = new AtomicInteger();

    private IngressProxy(HttpServer server, ExecutorService executor, List<Integer> backends) {
        this.server = server;
        this.executor = executor;
        this.backends = List.copyOf(backends);
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(executor)
                .connectTimeout(Duration.ofSeconds(5)).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** Listens on {@code preferredPort} when it is free (it was this app's before), else on any free port. */
    public static IngressProxy start(int preferredPort, List<Integer> backends) throws IOException {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(LOOPBACK, Math.max(preferredPort, 0)), 128);
        } catch (BindException e) {
            server = HttpServer.create(new InetSocketAddress(LOOPBACK, 0), 128);
        }
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        IngressProxy proxy = new IngressProxy(server, executor, backends);
        server.setExecutor(executor);
        server.createContext("/", proxy::handle);
        server.start();
        return proxy;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    List<Integer> backends() {
        return backends;
    }

    /** Requests from now on go to {@code ports} in turn; those already running finish where they are. */
    void switchTo(List<Integer> ports) {
        backends = List.copyOf(ports);
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
        List<Integer> now = backends;
        if (now.isEmpty()) {
            unavailable(exchange);
            return;
        }
        int first = Math.floorMod(next.getAndIncrement(), now.size());
        try (exchange) {
            for (int attempt = 0; ; attempt++) {
                try {
                    forwardCounted(exchange, now.get((first + attempt) % now.size()));
                    return;
                } catch (ConnectException e) {
                    // Nothing reached that process (it has just died): another replica may take the request.
                    if (attempt + 1 >= now.size()) throw e;
                }
            }
        } catch (IOException e) {
            badGateway(exchange, "the app is not answering: " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            badGateway(exchange, "interrupted");
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

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
