package dev.switchboard.server;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Shared checks for the HTTP API tests: unique names, ARM error envelopes, the machine's PostgreSQL catalog
 * (by name fragment, since other tests share that server) and the server's own SQLite store.
 */
final class ApiChecks {
    private static final SecureRandom RANDOM = new SecureRandom();

    private ApiChecks() { }

    /** Six lower-case letters and digits: safe in resource, role and database names. */
    static String suffix() {
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 6; i++) sb.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        return sb.toString();
    }

    /** A secret made of Java identifier characters only, so a parser error that quotes a token would quote it whole. */
    static String secret() {
        StringBuilder sb = new StringBuilder("SbSecret");
        for (int i = 0; i < 24; i++) sb.append(Integer.toHexString(RANDOM.nextInt(16)));
        return sb.toString();
    }

    /** The answer is ARM's error envelope with this status and code, and its message mentions every fragment. */
    static JsonNode assertArmError(TestServer.Answer a, int status, String code, String... mentions) {
        return assertArmError(new RawAnswer(a.status(), String.valueOf(a.header("Content-Type")), a.raw().body()), status, code,
                mentions);
    }

    static JsonNode assertArmError(RawAnswer a, int status, String code, String... mentions) {
        String raw = a.body();
        assertThat(a.status()).as("status of %s", raw).isEqualTo(status);
        assertThat(a.contentType()).as("content type of %s", raw).startsWith("application/json");
        JsonNode error;
        try {
            error = TestServer.JSON.readTree(raw).path("error");
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + raw, e);
        }
        assertThat(error.isObject()).as("ARM error envelope: %s", raw).isTrue();
        assertThat(error.path("code").asText()).as("error.code of %s", raw).isEqualTo(code);
        assertThat(error.path("message").isTextual()).as("error.message of %s", raw).isTrue();
        assertThat(error.path("message").asText()).as("error.message of %s", raw).isNotBlank();
        assertThat(error.path("details").isArray()).as("error.details of %s", raw).isTrue();
        for (String m : mentions) assertThat(error.path("message").asText()).as("error.message of %s", raw).contains(m);
        return error;
    }

    /** An answer to a hand-written HTTP/1.1 request. */
    record RawAnswer(int status, String contentType, String body) { }

    /**
     * Sends {@code method target} as written, byte for byte: for request targets {@link java.net.URI} refuses to
     * build (bad percent-encodings, backslashes), which clients and proxies do send.
     */
    static RawAnswer raw(SwitchboardServer server, String method, String target, String authorization, String body) {
        byte[] payload = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        String headers = body == null ? "" : "Content-Type: application/json\r\nContent-Length: " + payload.length + "\r\n";
        return raw(server, method, target, authorization, headers, payload);
    }

    /**
     * Writes the request line, Host, Connection: close, Authorization (unless null), {@code headers} (each ending
     * in CRLF) and {@code payload} as given, then reads the whole answer. The payload need not match the headers:
     * a test may declare more than it sends, or send chunks without the last one.
     */
    static RawAnswer raw(SwitchboardServer server, String method, String target, String authorization, String headers,
                         byte[] payload) {
        URI url = URI.create(server.url());
        try (Socket s = new Socket(url.getHost(), url.getPort())) {
            s.setSoTimeout(10_000);
            String head = method + " " + target + " HTTP/1.1\r\nHost: " + url.getAuthority() + "\r\nConnection: close\r\n"
                    + (authorization == null ? "" : "Authorization: " + authorization + "\r\n") + headers + "\r\n";
            OutputStream out = s.getOutputStream();
            out.write(head.getBytes(StandardCharsets.UTF_8));
            out.write(payload);
            out.flush();
            String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int headEnd = answer.indexOf("\r\n\r\n");
            String answerHead = headEnd < 0 ? answer : answer.substring(0, headEnd);
            int status = Integer.parseInt(answerHead.split(" ", 3)[1]);
            String contentType = answerHead.lines().filter(l -> l.regionMatches(true, 0, "Content-Type:", 0, 13))
                    .map(l -> l.substring(13).trim()).findFirst().orElse("");
            String body = headEnd < 0 ? "" : answer.substring(headEnd + 4);
            if (answerHead.toLowerCase(java.util.Locale.ROOT).contains("transfer-encoding: chunked")) body = dechunk(body);
            return new RawAnswer(status, contentType, body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String dechunk(String chunked) {
        StringBuilder out = new StringBuilder();
        int at = 0;
        while (at < chunked.length()) {
            int eol = chunked.indexOf("\r\n", at);
            if (eol < 0) break;
            int size = Integer.parseInt(chunked.substring(at, eol).split(";")[0].trim(), 16);
            if (size == 0) break;
            out.append(chunked, eol + 2, eol + 2 + size);
            at = eol + 2 + size + 2;
        }
        return out.toString();
    }

    // ---- the machine's PostgreSQL

    static List<String> rolesContaining(String fragment) throws SQLException {
        return LocalPostgres.strings("postgres", "SELECT rolname FROM pg_roles WHERE strpos(rolname, ?) > 0 ORDER BY 1", fragment);
    }

    static List<String> databasesContaining(String fragment) throws SQLException {
        return LocalPostgres.strings("postgres", "SELECT datname FROM pg_database WHERE strpos(datname, ?) > 0 ORDER BY 1", fragment);
    }

    /**
     * Removes every role and database whose name contains {@code fragment} (what a failed test may have left),
     * and returns what it found, for the caller to assert was nothing.
     */
    static List<String> sweepLocalPostgres(String fragment) throws SQLException {
        List<String> found = new ArrayList<>();
        List<String> databases = databasesContaining(fragment);
        for (String role : rolesContaining(fragment)) {
            found.add("role " + role);
            for (String db : databases) {
                LocalPostgres.execute(db, "REASSIGN OWNED BY " + quote(role) + " TO postgres; DROP OWNED BY " + quote(role));
            }
            LocalPostgres.execute("postgres", "REASSIGN OWNED BY " + quote(role) + " TO postgres; DROP OWNED BY " + quote(role));
            LocalPostgres.execute("postgres", "DROP ROLE IF EXISTS " + quote(role));
        }
        for (String db : databases) {
            found.add("database " + db);
            LocalPostgres.execute("postgres", "DROP DATABASE IF EXISTS " + quote(db) + " WITH (FORCE)");
        }
        return found;
    }

    static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    // ---- the server's own store (read directly: the API does not show secrets or footprints)

    /** Rows of {@code table} in the server's SQLite store whose {@code column} starts with {@code prefix}. */
    static int storeRows(SwitchboardServer server, String table, String column, String prefix) {
        String url = "jdbc:sqlite:" + server.dataDirectory().storeFile().toAbsolutePath();
        try (Connection c = DriverManager.getConnection(url);
             PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM " + table + " WHERE substr(" + column
                     + ", 1, length(?)) = ?")) {
            ps.setString(1, prefix);
            ps.setString(2, prefix);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static int storeRows(SwitchboardServer server, String table) {
        return storeRows(server, table, "1", "");
    }
}
