package dev.switchboard.server;

import com.fasterxml.jackson.databind.JsonNode;

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
        String raw = a.raw().body();
        assertThat(a.status()).as("status of %s", raw).isEqualTo(status);
        assertThat(a.header("Content-Type")).as("content type of %s", raw).startsWith("application/json");
        JsonNode error = a.body().path("error");
        assertThat(error.isObject()).as("ARM error envelope: %s", raw).isTrue();
        assertThat(error.path("code").asText()).as("error.code of %s", raw).isEqualTo(code);
        assertThat(error.path("message").isTextual()).as("error.message of %s", raw).isTrue();
        assertThat(error.path("message").asText()).as("error.message of %s", raw).isNotBlank();
        assertThat(error.path("details").isArray()).as("error.details of %s", raw).isTrue();
        for (String m : mentions) assertThat(error.path("message").asText()).as("error.message of %s", raw).contains(m);
        return error;
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
