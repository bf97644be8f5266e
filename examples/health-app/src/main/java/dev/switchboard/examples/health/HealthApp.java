package dev.switchboard.examples.health;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Example app run by Switchboard's local app host. Reads the PostgreSQL connections that Service Connector-style
 * configuration injects as environment variables and answers {@code GET /health} by running {@code select 1}
 * on each of them. Listens on 127.0.0.1:$PORT (default 8080).
 */
public final class HealthApp implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService executor;
    private final List<PgConnection> connections;

    private HealthApp(HttpServer server, ExecutorService executor, List<PgConnection> connections) {
        this.server = server;
        this.executor = executor;
        this.connections = connections;
    }

    public static void main(String[] args) throws IOException {
        Map<String, String> env = System.getenv();
        int port;
        try {
            port = Integer.parseInt(env.getOrDefault("PORT", "8080").strip());
        } catch (NumberFormatException e) {
            System.err.println("health-app: PORT is not a number: " + env.get("PORT"));
            System.exit(2);
            return;
        }
        HealthApp app = start(port, env);
        StringBuilder sb = new StringBuilder("health-app listening on 127.0.0.1:" + app.port() + ", connections:");
        if (app.connections.isEmpty()) sb.append(" none");
        for (PgConnection c : app.connections) sb.append(' ').append(c.name()).append('(').append(c.shape()).append(')');
        System.out.println(sb);
        Runtime.getRuntime().addShutdownHook(new Thread(app::close));
    }

    /** Starts the server on 127.0.0.1:{@code port} (0 = any free port) with the connections found in {@code env}. */
    public static HealthApp start(int port, Map<String, String> env) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        HealthApp app = new HealthApp(server, executor, PgEnv.fromEnv(env));
        server.setExecutor(executor);
        server.createContext("/", app::handle);
        server.start();
        return app;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public List<PgConnection> connections() {
        return connections;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            boolean get = ex.getRequestMethod().equals("GET") || ex.getRequestMethod().equals("HEAD");
            if (!path.equals("/") && !path.equals("/health")) {
                send(ex, 404, "text/plain", "not found\n");
            } else if (!get) {
                ex.getResponseHeaders().add("Allow", "GET, HEAD");
                send(ex, 405, "text/plain", "method not allowed\n");
            } else if (path.equals("/")) {
                send(ex, 200, "text/plain", "ok");
            } else {
                Health h = health();
                send(ex, h.httpStatus(), "application/json", h.json());
            }
        }
    }

    private static void send(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type + "; charset=utf-8");
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        boolean head = ex.getRequestMethod().equals("HEAD");
        ex.sendResponseHeaders(status, head ? -1 : bytes.length);
        if (!head) try (OutputStream out = ex.getResponseBody()) { out.write(bytes); }
    }

    // ---------------------------------------------------------------- health

    record Check(PgConnection connection, String error) {}

    record Health(List<Check> checks) {
        int httpStatus() {
            return !checks.isEmpty() && checks.stream().allMatch(c -> c.error() == null) ? 200 : 503;
        }

        String json() {
            String status = checks.isEmpty() ? "no-connections" : httpStatus() == 200 ? "connected" : "degraded";
            StringBuilder sb = new StringBuilder("{\"status\":").append(str(status)).append(",\"connections\":[");
            for (int i = 0; i < checks.size(); i++) {
                Check c = checks.get(i);
                PgConnection pc = c.connection();
                if (i > 0) sb.append(',');
                sb.append("{\"name\":").append(str(pc.name()))
                        .append(",\"shape\":").append(str(pc.shape()))
                        .append(",\"database\":").append(str(pc.database()))
                        .append(",\"user\":").append(str(pc.user()))
                        .append(",\"status\":").append(str(c.error() == null ? "connected" : "failed"));
                if (c.error() != null) sb.append(",\"error\":").append(str(c.error()));
                sb.append('}');
            }
            return sb.append("]}").toString();
        }
    }

    /** Checks every connection (in parallel, each bounded by the driver's timeouts). */
    Health health() {
        List<Future<Check>> futures = connections.stream().map(c -> executor.submit(() -> check(c))).toList();
        return new Health(futures.stream().map(f -> {
            try {
                return f.get();
            } catch (Exception e) {
                throw new IllegalStateException("health check interrupted", e);
            }
        }).toList());
    }

    static Check check(PgConnection c) {
        if (c.configError() != null) return new Check(c, c.configError());
        try {
            selectOne(c, c.sslMode());
            return new Check(c, null);
        } catch (SQLException e) {
            // Service Connector writes sslmode=require because Azure's servers always offer TLS. The local servers
            // Switchboard connects apps to usually run without TLS, and a correct configuration must not fail
            // for that alone: when the server answers "does not support SSL" to sslmode=require, retry once
            // without TLS. verify-ca/verify-full are explicit demands for a verified server and are not relaxed.
            if ("require".equals(c.sslMode()) && noSslOnServer(e)) {
                try {
                    selectOne(c, "disable");
                    return new Check(c, null);
                } catch (SQLException retry) {
                    return new Check(c, redact(retry.getMessage(), c.password()));
                }
            }
            return new Check(c, redact(e.getMessage(), c.password()));
        } catch (RuntimeException e) {
            return new Check(c, redact(String.valueOf(e.getMessage()), c.password()));
        }
    }

    private static void selectOne(PgConnection c, String sslMode) throws SQLException {
        Properties props = new Properties();
        if (c.user() != null) props.setProperty("user", c.user());
        if (c.password() != null) props.setProperty("password", c.password());
        props.setProperty("sslmode", sslMode);
        props.setProperty("connectTimeout", "5");
        props.setProperty("loginTimeout", "10");
        props.setProperty("socketTimeout", "10");
        props.setProperty("ApplicationName", "switchboard-health-app");
        try (Connection conn = DriverManager.getConnection(c.jdbcUrl(), props);
             Statement st = conn.createStatement()) {
            st.execute("select 1");
        }
    }

    private static boolean noSslOnServer(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && t.getMessage().contains("does not support SSL")) return true;
        }
        return false;
    }

    static String redact(String message, String password) {
        if (message == null) return "unknown error";
        return password == null || password.isEmpty() ? message : message.replace(password, "***");
    }

    static String str(String s) {
        if (s == null) return "null";
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
                    else sb.append(c);
                }
            }
        }
        return sb.append('"').toString();
    }
}
