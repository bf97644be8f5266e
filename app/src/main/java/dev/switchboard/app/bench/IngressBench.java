package dev.switchboard.app.bench;

import com.sun.net.httpserver.HttpServer;
import dev.switchboard.providers.local.IngressProxy;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * What the app host's ingress adds to a request: the same GET sent to a small HTTP app directly and through an
 * {@link IngressProxy} in front of it, alternating, over one keep-alive client each, on loopback.
 */
public final class IngressBench {
    private IngressBench() { }

    /** Direct and proxied round trips, in nanoseconds, after {@code warmup} untimed pairs. */
    public record Result(List<Long> direct, List<Long> proxied) { }

    public static Result run(int requests, int warmup) throws IOException, InterruptedException {
        byte[] body = "{\"status\":\"ok\"}".getBytes(StandardCharsets.UTF_8);
        HttpServer app = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
        app.setExecutor(threads);
        app.createContext("/", exchange -> {
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        app.start();
        try (IngressProxy proxy = IngressProxy.start(0, List.of(app.getAddress().getPort()))) {
            HttpClient directClient = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            HttpClient proxiedClient = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            URI direct = URI.create("http://127.0.0.1:" + app.getAddress().getPort() + "/health");
            URI proxied = URI.create("http://127.0.0.1:" + proxy.port() + "/health");
            Result r = new Result(new ArrayList<>(), new ArrayList<>());
            for (int i = 0; i < warmup + requests; i++) {
                long d = time(directClient, direct);
                long p = time(proxiedClient, proxied);
                if (i >= warmup) {
                    r.direct().add(d);
                    r.proxied().add(p);
                }
            }
            return r;
        } finally {
            app.stop(0);
            threads.shutdownNow();
        }
    }

    private static long time(HttpClient client, URI uri) throws IOException, InterruptedException {
        long start = System.nanoTime();
        HttpResponse<byte[]> response = client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofByteArray());
        long took = System.nanoTime() - start;
        if (response.statusCode() != 200) throw new IOException("HTTP " + response.statusCode() + " from " + uri);
        return took;
    }

    public static void report(Result r, PrintWriter out) {
        double d50 = BenchReport.percentile(r.direct(), 50);
        double p50 = BenchReport.percentile(r.proxied(), 50);
        out.printf("%-22s %10s %10s%n", "", "p50 ms", "p95 ms");
        out.printf("%-22s %10.3f %10.3f%n", "direct to the app", d50, BenchReport.percentile(r.direct(), 95));
        out.printf("%-22s %10.3f %10.3f%n", "through the ingress", p50, BenchReport.percentile(r.proxied(), 95));
        out.printf("added by the ingress: %.3f ms p50 (%d requests each)%n", p50 - d50, r.direct().size());
        out.flush();
    }
}
