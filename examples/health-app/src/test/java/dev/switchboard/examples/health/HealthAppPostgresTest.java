package dev.switchboard.examples.health;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs HealthApp in-process against the machine's PostgreSQL on 127.0.0.1:5432 (superuser {@code postgres}).
 * That server trusts loopback, so a wrong password alone would still log in: the failing case therefore uses
 * a wrong password for a role that does not exist.
 */
class HealthAppPostgresTest {

    private static final String ADMIN_URL = "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres";
    private static final String NAME = "sb_health_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private static final String PASSWORD = "p'w d\\" + UUID.randomUUID(); // needs quoting in every shape
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void createRoleAndDatabase() throws Exception {
        try (Connection c = DriverManager.getConnection(ADMIN_URL); Statement st = c.createStatement()) {
            st.execute("create role " + NAME + " login password '" + PASSWORD.replace("'", "''") + "'");
            st.execute("create database " + NAME + " owner " + NAME);
        }
    }

    @AfterAll
    static void dropRoleAndDatabase() throws Exception {
        try (Connection c = DriverManager.getConnection(ADMIN_URL); Statement st = c.createStatement()) {
            st.execute("drop database if exists " + NAME + " with (force)");
            st.execute("drop role if exists " + NAME);
        }
    }

    private static HttpResponse<String> get(HealthApp app, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String libpqQuote(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    @Test
    void connectedInEveryShape() throws Exception {
        String jdbcPassword = java.net.URLEncoder.encode(PASSWORD, java.nio.charset.StandardCharsets.UTF_8);
        Map<String, String> env = Map.of(
                // sslmode=require against a server without TLS: must fall back and still connect
                "AZURE_POSTGRESQL_CONNECTIONSTRING", "jdbc:postgresql://127.0.0.1:5432/" + NAME
                        + "?sslmode=require&user=" + NAME + "&password=" + jdbcPassword,
                "AZURE_POSTGRESQL_ORDERS_CONNECTIONSTRING", "host=127.0.0.1 port=5432 dbname=" + NAME
                        + " sslmode=require user=" + NAME + " password=" + libpqQuote(PASSWORD),
                "AZURE_POSTGRESQL_BILLING_CONNECTIONSTRING", "Server=127.0.0.1;Database=" + NAME + ";Port=5432;Ssl Mode=Require;User Id="
                        + NAME + ";Password=\"" + PASSWORD.replace("\"", "\"\"") + "\";",
                "AZURE_POSTGRESQL_SPLIT_HOST", "127.0.0.1", "AZURE_POSTGRESQL_SPLIT_DATABASE", NAME,
                "AZURE_POSTGRESQL_SPLIT_USERNAME", NAME, "AZURE_POSTGRESQL_SPLIT_PASSWORD", PASSWORD,
                "AZURE_POSTGRESQL_SPLIT_SSL", "true", "AZURE_POSTGRESQL_SPLIT_PORT", "5432");
        try (HealthApp app = HealthApp.start(0, env)) {
            assertThat(get(app, "/").body()).isEqualTo("ok");
            HttpResponse<String> r = get(app, "/health");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(r.body()).startsWith("{\"status\":\"connected\",\"connections\":[")
                    .contains("{\"name\":\"default\",\"shape\":\"jdbc\",\"database\":\"" + NAME + "\",\"user\":\"" + NAME + "\",\"status\":\"connected\"}")
                    .contains("\"name\":\"orders\",\"shape\":\"libpq\"")
                    .contains("\"name\":\"billing\",\"shape\":\"dotnet\"")
                    .contains("\"name\":\"split\",\"shape\":\"split\"")
                    .doesNotContain("failed").doesNotContain(PASSWORD);
        }
    }

    @Test
    void degradedWhenOneConnectionCannotLogIn() throws Exception {
        String wrong = "wrong-" + UUID.randomUUID();
        Map<String, String> env = Map.of(
                "AZURE_POSTGRESQL_HOST", "127.0.0.1", "AZURE_POSTGRESQL_DATABASE", NAME,
                "AZURE_POSTGRESQL_USER", NAME, "AZURE_POSTGRESQL_PASSWORD", PASSWORD,
                "AZURE_POSTGRESQL_BAD_CONNECTIONSTRING", "jdbc:postgresql://127.0.0.1:5432/" + NAME
                        + "?sslmode=disable&user=" + NAME + "_nobody&password=" + wrong);
        try (HealthApp app = HealthApp.start(0, env)) {
            HttpResponse<String> r = get(app, "/health");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(503);
            assertThat(r.body()).startsWith("{\"status\":\"degraded\"")
                    .contains("\"name\":\"default\",\"shape\":\"split\",\"database\":\"" + NAME + "\",\"user\":\"" + NAME + "\",\"status\":\"connected\"")
                    .contains("\"name\":\"bad\",\"shape\":\"jdbc\"")
                    .contains("\"status\":\"failed\",\"error\":\"")
                    .doesNotContain(wrong).doesNotContain(PASSWORD);
        }
        try (HealthApp app = HealthApp.start(0, Map.of("PATH", "/usr/bin"))) {
            HttpResponse<String> r = get(app, "/health");
            assertThat(r.statusCode()).isEqualTo(503);
            assertThat(r.body()).isEqualTo("{\"status\":\"no-connections\",\"connections\":[]}");
        }
    }
}
