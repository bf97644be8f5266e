package dev.switchboard.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A tiny stand-in for the remote Switchboard REST API: records every request and answers canned
 * ARM responses per {@code METHOD path}. A route's replies are used in order; the last repeats.
 */
final class FakeArm implements AutoCloseable {

  record Request(
      String method,
      String path,
      String query,
      String rawQuery,
      Map<String, List<String>> headers,
      String body) {
    JsonNode json() {
      return Json.parseOrNull(body);
    }

    String header(String name) {
      for (var e : headers.entrySet()) {
        if (e.getKey().equalsIgnoreCase(name)) {
          return e.getValue().getFirst();
        }
      }
      return null;
    }

    @Override
    public String toString() {
      return method + " " + path;
    }
  }

  record Reply(int status, String body, Map<String, String> headers) {
    static Reply of(int status, String body, String... headerPairs) {
      Map<String, String> h = new LinkedHashMap<>();
      for (int i = 0; i + 1 < headerPairs.length; i += 2) {
        h.put(headerPairs[i], headerPairs[i + 1]);
      }
      return new Reply(status, body, h);
    }
  }

  private final HttpServer server;
  private final List<Request> requests = new ArrayList<>();
  private final Map<String, Deque<Reply>> routes = new LinkedHashMap<>();

  FakeArm() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/", this::handle);
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  synchronized FakeArm on(String method, String path, Reply... replies) {
    routes.put(method + " " + path, new ArrayDeque<>(List.of(replies)));
    return this;
  }

  synchronized List<Request> requests() {
    return List.copyOf(requests);
  }

  synchronized List<String> calls() {
    return requests.stream().map(Request::toString).toList();
  }

  private void handle(HttpExchange ex) throws IOException {
    String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    Request req =
        new Request(
            ex.getRequestMethod(),
            ex.getRequestURI().getPath(),
            ex.getRequestURI().getQuery(),
            ex.getRequestURI().getRawQuery(),
            Map.copyOf(ex.getRequestHeaders()),
            body);
    Reply reply;
    synchronized (this) {
      requests.add(req);
      Deque<Reply> q = routes.get(req.method() + " " + req.path());
      if (q == null || q.isEmpty()) {
        reply =
            Reply.of(
                404,
                "{\"error\":{\"code\":\"NotFound\",\"message\":\"no route for "
                    + req.method()
                    + " "
                    + req.path()
                    + "\"}}");
      } else {
        reply = q.size() > 1 ? q.removeFirst() : q.getFirst();
      }
    }
    reply.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v.replace("{url}", url())));
    byte[] bytes =
        reply.body() == null
            ? new byte[0]
            : reply.body().replace("{url}", url()).getBytes(StandardCharsets.UTF_8);
    if (bytes.length > 0) {
      ex.getResponseHeaders().add("Content-Type", "application/json");
    }
    ex.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
    try (OutputStream os = ex.getResponseBody()) {
      os.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
