package dev.switchboard.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Talks HTTP to the Switchboard server: bearer token, api-version, ARM error envelope. */
final class ArmClient implements AutoCloseable {
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

  private final ServerInfo server;
  private final HttpClient http;
  private final PrintWriter debug;

  ArmClient(ServerInfo server, PrintWriter debug) {
    this.server = server;
    this.debug = debug;
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(CONNECT_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  ServerInfo server() {
    return server;
  }

  /**
   * The URI of an ARM path on this server with {@code ?api-version=} and further query
   * parameters given as key, value pairs (values are percent-encoded, keys are taken as they are).
   */
  URI uri(String path, String apiVersion, String... extraQuery) {
    StringBuilder query = new StringBuilder("api-version=").append(encode(apiVersion));
    for (int i = 0; i + 1 < extraQuery.length; i += 2) {
      query.append('&').append(extraQuery[i]).append('=').append(encode(extraQuery[i + 1]));
    }
    String p = path.startsWith("/") ? path : "/" + path;
    String encodedPath;
    try {
      encodedPath = new URI(null, null, p, null).getRawPath();
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("invalid path: " + path, e);
    }
    return URI.create(server.url() + encodedPath + "?" + query);
  }

  /** An absolute URL given by the server (status URL, nextLink), or a path relative to it. */
  URI resolve(String url) {
    if (url.startsWith("/")) {
      return URI.create(server.url() + url);
    }
    return URI.create(url);
  }

  /**
   * A URL the server handed out while answering {@code origin} (status URL, Location, nextLink),
   * with the origin's {@code api-version} added when the URL carries none.
   */
  URI follow(String url, URI origin) {
    URI u = resolve(url);
    String query = u.getRawQuery();
    if (query != null && query.matches("(^|.*&)api-version=.*")) {
      return u;
    }
    String originQuery = origin == null ? null : origin.getRawQuery();
    if (originQuery == null) {
      return u;
    }
    for (String part : originQuery.split("&")) {
      if (part.startsWith("api-version=")) {
        String s = u.toString();
        int hash = s.indexOf('#');
        String fragment = hash >= 0 ? s.substring(hash) : "";
        String base = hash >= 0 ? s.substring(0, hash) : s;
        return URI.create(base + (query == null ? "?" : "&") + part + fragment);
      }
    }
    return u;
  }

  /** Sends a request; any non-2xx answer becomes a one-line {@link CliException}. */
  ArmResponse call(String method, URI uri, JsonNode body)
      throws CliException, InterruptedException {
    ArmResponse r = exchange(method, uri, body);
    if (!r.ok()) {
      throw failure(r);
    }
    return r;
  }

  ArmResponse get(URI uri) throws CliException, InterruptedException {
    return call("GET", uri, null);
  }

  /** Sends a request and returns whatever the server answered. */
  ArmResponse exchange(String method, URI uri, JsonNode body)
      throws CliException, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(uri)
            .timeout(REQUEST_TIMEOUT)
            .header("Authorization", "Bearer " + server.token())
            .header("Accept", "application/json")
            .header("User-Agent", "switchboard-cli");
    if (body != null) {
      b.header("Content-Type", "application/json");
      b.method(method, HttpRequest.BodyPublishers.ofString(Json.compact(body)));
    } else {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    }
    if (debug != null) {
      debug.println("> " + method + " " + uri + (body == null ? "" : " " + Json.compact(masked(body))));
      debug.flush();
    }
    HttpResponse<String> resp;
    try {
      resp = http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw transportFailure(uri, e);
    }
    if (debug != null) {
      JsonNode answer = Json.parseOrNull(resp.body());
      debug.println(
          "< " + resp.statusCode() + " " + (answer == null ? resp.body() : Json.compact(masked(answer))));
      debug.flush();
    }
    return new ArmResponse(
        uri, resp.statusCode(), resp.headers(), resp.body(), Json.parseOrNull(resp.body()));
  }

  private CliException transportFailure(URI uri, IOException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ConnectException
          || t instanceof HttpConnectTimeoutException
          || t instanceof UnresolvedAddressException
          || t instanceof java.net.UnknownHostException) {
        return ServerInfo.noServer(server.url());
      }
    }
    if (e instanceof HttpTimeoutException) {
      return CliException.of(
          "Timeout",
          "no answer from " + server.url() + " within " + REQUEST_TIMEOUT.toSeconds() + " s");
    }
    String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return new CliException(
        "error: cannot talk to the Switchboard server at " + server.url() + ": " + msg);
  }

  /** The one-line error for a non-2xx answer. */
  CliException failure(ArmResponse r) {
    JsonNode body = r.body();
    JsonNode error = body.has("error") ? body.get("error") : body;
    String code = Json.text(error, "code");
    String message = Json.text(error, "message");
    String line;
    if (code != null) {
      line = "error: " + code + ": " + CliException.oneLine(message == null ? "" : message);
    } else if (r.status() == 401) {
      line = "error: Unauthorized: the server at " + server.url() + " rejected the token";
    } else {
      String text = CliException.oneLine(r.text());
      if (text.length() > 200) {
        text = text.substring(0, 200) + "...";
      }
      line = "error: HTTP " + r.status() + ": " + (text.isEmpty() ? r.uri().getPath() : text);
    }
    if (r.status() == 401) {
      line += " (token " + server.tokenSource() + ")";
    }
    return new CliException(line);
  }

  /**
   * The body with secret values hidden, for debug output: a connection's password and a new
   * access token (the one answer that shows it).
   */
  private static JsonNode masked(JsonNode body) {
    JsonNode copy = body.deepCopy();
    JsonNode secretInfo = copy.path("properties").path("authInfo").path("secretInfo");
    if (secretInfo.isObject() && secretInfo.has("value")) {
      ((com.fasterxml.jackson.databind.node.ObjectNode) secretInfo).put("value", "***");
    }
    JsonNode properties = copy.path("properties");
    if (properties.isObject() && properties.has("token")) {
      ((com.fasterxml.jackson.databind.node.ObjectNode) properties).put("token", "***");
    }
    return copy;
  }

  @Override
  public void close() {
    http.close();
  }

  private static String encode(String v) {
    return URLEncoder.encode(v, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
