package dev.switchboard.providers.rabbitmq;

import dev.switchboard.core.json.JsonText;
import dev.switchboard.core.failure.TerminalFailure;
import dev.switchboard.core.failure.TransientFailure;
import dev.switchboard.core.kinds.rabbitmq.RabbitMqKind;
import dev.switchboard.core.target.TargetEndpoint;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

/**
 * The RabbitMQ management HTTP API as the endpoint's administrator (HTTP basic authentication). Paths are built only
 * from constant text and {@link #segment}-encoded names; request bodies only through {@link JsonText}. Answers:
 * <ul>
 *   <li>the API unreachable, timing out, or answering 5xx: {@link TransientFailure};</li>
 *   <li>401: {@code TerminalFailure(400, "TargetAuthenticationFailed", "properties.administratorLogin")};</li>
 *   <li>403 (a user without the {@code administrator} tag): {@code TerminalFailure(400, "TargetAdminNotAuthorized",
 *   "properties.administratorLogin")};</li>
 *   <li>anything else is returned to the caller, which knows what a 404 means for it ({@link #failed} for the rest).</li>
 * </ul>
 * Every message names the broker and its management URL; none contains a password (the admin's is only in the
 * Authorization header, and is masked out of any text the server sends back).
 */
final class ManagementApi implements AutoCloseable {
    static final String ADMIN_FIELD = "properties.administratorLogin";
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();
    private final HttpClient http;

    record Response(int status, String body) {
        Map<String, Object> object() { return JsonText.parseObject(body); }
    }

    ManagementApi(Duration connectTimeout) {
        this.http = HttpClient.newBuilder().connectTimeout(connectTimeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    Response get(TargetEndpoint endpoint, String what, String path) {
        return send(endpoint, what, request(endpoint, path).GET());
    }

    Response put(TargetEndpoint endpoint, String what, String path, String json) {
        return send(endpoint, what, request(endpoint, path).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)));
    }

    Response delete(TargetEndpoint endpoint, String what, String path) {
        return send(endpoint, what, request(endpoint, path).DELETE());
    }

    /** A terminal failure for an answer the caller did not expect, with the server's reason (scrubbed). */
    static TerminalFailure failed(TargetEndpoint endpoint, String what, Response r) {
        return TerminalFailure.badRequest("TargetOperationFailed", null,
                where(endpoint) + ": " + what + " failed (HTTP " + r.status() + "): " + reason(endpoint, r.body()));
    }

    /** One path segment, percent-encoded byte by byte except RFC 3986's unreserved characters ({@code /} is {@code %2F}). */
    static String segment(String name) {
        StringBuilder sb = new StringBuilder();
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '~') {
                sb.append((char) c);
            } else {
                sb.append('%').append(HEX[c >> 4]).append(HEX[c & 0xF]);
            }
        }
        return sb.toString();
    }

    /** {@code RabbitMQ at host:5672 (management API http://host:15672)}: how every message names the target. */
    static String where(TargetEndpoint endpoint) {
        return "RabbitMQ at " + hostPart(endpoint.host()) + ":" + endpoint.port() + " (management API " + base(endpoint) + ")";
    }

    static String hostPart(String host) {
        return host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    private static String base(TargetEndpoint endpoint) {
        String scheme = endpoint.option(RabbitMqKind.MANAGEMENT_SCHEME, "http");
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw TerminalFailure.badRequest("InvalidEndpointOption", "properties." + RabbitMqKind.MANAGEMENT_SCHEME,
                    "properties." + RabbitMqKind.MANAGEMENT_SCHEME + " must be http or https");
        }
        return scheme + "://" + hostPart(endpoint.host()) + ":" + managementPort(endpoint);
    }

    private static int managementPort(TargetEndpoint endpoint) {
        String raw = endpoint.option(RabbitMqKind.MANAGEMENT_PORT, RabbitMqKind.DEFAULT_MANAGEMENT_PORT);
        try {
            int port = Integer.parseInt(raw);
            if (port >= 1 && port <= 65535) return port;
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw TerminalFailure.badRequest("InvalidEndpointOption", "properties." + RabbitMqKind.MANAGEMENT_PORT,
                "properties." + RabbitMqKind.MANAGEMENT_PORT + " must be a port number (1-65535)");
    }

    private static HttpRequest.Builder request(TargetEndpoint endpoint, String path) {
        URI uri;
        try {
            uri = URI.create(base(endpoint) + path);
        } catch (IllegalArgumentException e) {
            throw TerminalFailure.badRequest("InvalidHost", "properties.host", "properties.host is not a valid host name");
        }
        return HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT).header("Authorization", basic(endpoint))
                .header("Accept", "application/json");
    }

    private static String basic(TargetEndpoint endpoint) {
        String login = endpoint.adminLogin();
        if (login == null || login.isEmpty() || login.indexOf(':') >= 0 || login.codePoints().anyMatch(Character::isISOControl)) {
            // HTTP basic authentication cannot carry a user name with ':' (RFC 7617).
            throw TerminalFailure.badRequest("InvalidRequestContent", ADMIN_FIELD,
                    ADMIN_FIELD + " must be a non-empty user name without ':' or control characters");
        }
        if (endpoint.adminPassword() == null) throw TerminalFailure.missingField("properties.administratorLoginPassword");
        String pair = login + ":" + endpoint.adminPassword().reveal();
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    private Response send(TargetEndpoint endpoint, String what, HttpRequest.Builder builder) {
        HttpResponse<String> r;
        try {
            r = http.send(builder.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new TransientFailure(where(endpoint) + ": " + what + " failed: cannot reach the management API ("
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + scrub(endpoint, e.getMessage())) + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransientFailure(where(endpoint) + ": " + what + " was interrupted");
        }
        int status = r.statusCode();
        if (status == 401) {
            throw new TerminalFailure(400, "TargetAuthenticationFailed", ADMIN_FIELD, where(endpoint) + ": " + what
                    + " failed (HTTP 401): the administrator " + endpoint.adminLogin() + " could not log in (wrong password,"
                    + " unknown user, or a user that may not log in from this address)");
        }
        if (status == 403) {
            throw new TerminalFailure(400, "TargetAdminNotAuthorized", ADMIN_FIELD, where(endpoint) + ": " + what
                    + " failed (HTTP 403): the user " + endpoint.adminLogin() + " needs the 'administrator' tag");
        }
        if (status >= 500) {
            throw new TransientFailure(where(endpoint) + ": " + what + " failed (HTTP " + status + "): " + reason(endpoint, r.body()));
        }
        return new Response(status, r.body());
    }

    /** The {@code reason} of an error answer, or its start; never the admin password. */
    private static String reason(TargetEndpoint endpoint, String body) {
        String text = body == null ? "" : body;
        try {
            Object reason = JsonText.parseObject(text).get("reason");
            if (reason != null) text = String.valueOf(reason);
        } catch (IllegalArgumentException notJson) {
            // keep the raw text
        }
        text = text.length() > 300 ? text.substring(0, 300) + "…" : text;
        return scrub(endpoint, text);
    }

    static String scrub(TargetEndpoint endpoint, String text) {
        String secret = endpoint.adminPassword() == null ? "" : endpoint.adminPassword().reveal();
        return secret.isEmpty() ? text : text.replace(secret, "***");
    }

    @Override
    public void close() {
        http.close();
    }
}
