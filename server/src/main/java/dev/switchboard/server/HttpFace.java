package dev.switchboard.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.core.access.Principal;
import dev.switchboard.server.api.ApiRequest;
import dev.switchboard.server.api.ApiResponse;
import dev.switchboard.server.api.RequestHandler;
import dev.switchboard.server.api.ArmErrors;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The HTTP face: Javalin on loopback, one catch-all route (ARM paths nest to any depth, so the router parses
 * them itself), bearer-token authentication (what the token may do is the router's business), JSON bodies up to 1 MiB.
 */
public final class HttpFace implements AutoCloseable {
    /** Connections the kernel queues for accepting (capped by net.core.somaxconn). */
    static final int ACCEPT_QUEUE = 1024;
    public static final int MAX_BODY = 1024 * 1024;
    static final java.time.Duration IDLE_TIMEOUT = java.time.Duration.ofMinutes(5);
    private final Javalin app;
    private final ObjectMapper json = new ObjectMapper();
    private final RequestHandler router;
    private final Authenticator authenticator;
    /** Sends a request on to another replica when this one must not answer it (see {@code LeaderForwarder}). */
    private volatile Forwarding forwarding = (method, pathAndQuery, headers, body) -> Optional.empty();
    /** Headers every answer carries (which replica answered, and which leads). */
    private volatile java.util.function.Supplier<Map<String, String>> replicaHeaders = Map::of;

    /** A request this replica hands to another: the other's answer, or empty to answer here. */
    @FunctionalInterface
    public interface Forwarding {
        Optional<ApiResponse> forward(String method, String pathAndQuery, Map<String, String> headers,
                                      java.util.function.Supplier<byte[]> body);
    }

    public HttpFace(RequestHandler router, Authenticator authenticator, String host, int port) {
        this.router = router;
        this.authenticator = authenticator;
        this.app = Javalin.create(cfg -> {
            cfg.jetty.host = host;
            cfg.jetty.port = port;
            // Javalin's own connector would leave the kernel's default backlog (50): a burst of new clients (a
            // pipeline creating hundreds of connections at once) would see connections reset instead of queued.
            cfg.jetty.addConnector((server, http) -> {
                var connector = new org.eclipse.jetty.server.ServerConnector(server, new org.eclipse.jetty.server.HttpConnectionFactory(http));
                connector.setHost(host);
                connector.setPort(port);
                connector.setAcceptQueueSize(ACCEPT_QUEUE);
                return connector;
            });
            cfg.http.maxRequestSize = MAX_BODY + 1L;
            cfg.startup.showJavalinBanner = false;
            cfg.jetty.modifyServer(server -> server.setErrorHandler(new ArmJettyErrors()));
            for (HandlerType t : new HandlerType[]{HandlerType.GET, HandlerType.PUT, HandlerType.PATCH, HandlerType.POST,
                    HandlerType.DELETE, HandlerType.HEAD}) {
                cfg.routes.addHttpHandler(t, "/*", this::serve);
            }
        });
    }

    public HttpFace start() {
        app.start();
        // Longer than common clients' keep-alive (the JDK client's is 30 s, Jetty's default idle timeout too): a
        // server closing an idle connection just as a client reuses it makes that client's request fail.
        for (var connector : app.jettyServer().server().getConnectors()) {
            if (connector instanceof org.eclipse.jetty.server.AbstractConnector c) c.setIdleTimeout(IDLE_TIMEOUT.toMillis());
        }
        return this;
    }

    public int port() {
        return app.port();
    }

    /** From now on, requests go through {@code forwarding} first, and answers carry {@code headers}. */
    public void forwardWith(Forwarding forwarding, java.util.function.Supplier<Map<String, String>> headers) {
        this.forwarding = forwarding;
        this.replicaHeaders = headers;
    }

    private void serve(Context ctx) {
        replicaHeaders.get().forEach(ctx::header);
        Optional<ApiResponse> forwarded = forwarded(ctx);
        if (forwarded.isPresent()) {
            write(ctx, forwarded.get());
            return;
        }
        ApiResponse response = principal(ctx).map(p -> route(ctx, p)).orElseGet(() ->
                ArmErrors.of(401, "AuthenticationFailed", null, "A valid bearer token is required (Authorization: Bearer <token>)."));
        write(ctx, response);
    }

    private Optional<ApiResponse> forwarded(Context ctx) {
        String method = ctx.req().getMethod();
        if (method.equals("GET") || method.equals("HEAD")) return Optional.empty();
        if (ctx.contentLength() > MAX_BODY) return Optional.empty(); // refused here as too large
        Map<String, String> headers = new LinkedHashMap<>();
        ctx.headerMap().forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), v));
        String query = ctx.queryString();
        return forwarding.forward(method, ctx.path() + (query == null ? "" : "?" + query), headers, ctx::bodyAsBytes);
    }

    private Optional<Principal> principal(Context ctx) {
        String header = ctx.header("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) return Optional.empty();
        return authenticator.authenticate(header.substring(7).trim());
    }

    private ApiResponse route(Context ctx, Principal principal) {
        // HEAD is ARM's existence check: answered like GET, without a body (and 204 rather than 200).
        String method = ctx.req().getMethod().equals("HEAD") ? "GET" : ctx.req().getMethod();
        Map<String, Object> body;
        try {
            body = body(ctx, method);
        } catch (BadBody e) {
            return e.response;
        }
        Map<String, String> headers = new LinkedHashMap<>();
        ctx.headerMap().forEach((k, v) -> headers.put(k.toLowerCase(), v));
        // The token has done its work; handlers never need it, so it cannot reach an answer or a log through them.
        headers.remove("authorization");
        Map<String, String> query = new LinkedHashMap<>();
        ctx.queryParamMap().forEach((k, v) -> query.put(k, v.isEmpty() ? "" : v.get(0)));
        String base = ctx.scheme() + "://" + ctx.host();
        return router.handle(new ApiRequest(method, ctx.path(), query, headers, body, base), principal);
    }

    private Map<String, Object> body(Context ctx, String method) throws BadBody {
        if (method.equals("GET") || method.equals("DELETE")) return null;
        long declared = ctx.contentLength();
        if (declared > MAX_BODY) throw tooLarge();
        byte[] bytes;
        try {
            bytes = ctx.bodyAsBytes();
        } catch (RuntimeException e) {
            throw tooLarge();
        }
        if (bytes.length > MAX_BODY) throw tooLarge();
        if (bytes.length == 0) return null;
        try {
            Object parsed = json.readValue(bytes, Object.class);
            if (!(parsed instanceof Map<?, ?>)) {
                throw new BadBody(ArmErrors.of(400, "InvalidRequestContent", "body", "The request body must be a JSON object."));
            }
            return json.convertValue(parsed, new TypeReference<>() { });
        } catch (JsonProcessingException e) {
            // Jackson's own message quotes the offending token, which may be a secret: say only where it broke.
            var at = e.getLocation();
            throw new BadBody(ArmErrors.of(400, "InvalidRequestContent", "body", "The request body is not valid JSON"
                    + (at == null ? "." : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ").")));
        } catch (java.io.IOException e) {
            throw new BadBody(ArmErrors.of(400, "InvalidRequestContent", "body", "The request body could not be read."));
        }
    }

    private static BadBody tooLarge() {
        return new BadBody(ArmErrors.of(413, "RequestEntityTooLarge", "body", "The request body is larger than 1 MiB."));
    }

    private void write(Context ctx, ApiResponse response) {
        boolean head = ctx.req().getMethod().equals("HEAD");
        ctx.status(head && response.status() == 200 ? 204 : response.status());
        response.headers().forEach(ctx::header);
        if (response.body() == null || head) return;
        if (response.body() instanceof ApiResponse.Text t) {
            ctx.contentType(t.contentType()).result(t.text().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return;
        }
        try {
            ctx.contentType("application/json").result(json.writeValueAsBytes(response.body()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A request body refused before routing. */
    private static final class BadBody extends Exception {
        final transient ApiResponse response;

        BadBody(ApiResponse response) {
            super(null, null, false, false);
            this.response = response;
        }
    }

    @Override
    public void close() {
        app.stop();
    }
}
