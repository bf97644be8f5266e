package dev.switchboard.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.providers.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A server resource adopts a PostgreSQL by address and admin credential, and the credential is checked before
 * anything is stored: against an embedded server that really checks passwords (SCRAM), not the machine's
 * trust-on-loopback one.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AdminLoginRefusedTest {
    static final String SUFFIX = ApiChecks.suffix();
    static final String PREFIX = "sbal" + SUFFIX;
    static final String RIGHT = "right-password";
    static final String WRONG = "wrong-" + ApiChecks.secret();
    static final String RG = "/subscriptions/" + TestServer.SUB + "/resourceGroups/al-" + SUFFIX;
    static final String SERVERS = RG + "/providers/Microsoft.DBforPostgreSQL/flexibleServers/";
    static final String SERVER = SERVERS + "embedded";
    static final String DB = SERVER + "/databases/" + PREFIX + "_db";
    static final String RV = "?api-version=2024-03-01";

    @TempDir
    static Path data;
    @TempDir
    static Path pgBase;
    static EmbeddedPostgres pg;
    static TestServer sb;

    @BeforeAll
    static void start() throws IOException {
        pg = EmbeddedPostgres.start(pgBase, 0, "admin", RIGHT);
        sb = TestServer.start(data);
        assertThat(sb.call("PUT", RG + RV, Map.of("location", "local")).status()).isEqualTo(201);
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (sb != null) {
                sb.call("DELETE", DB + RV, null);
                sb.call("DELETE", RG + RV, null);
                sb.close();
            }
            if (pg != null) assertThat(embeddedDatabases(PREFIX)).as("left on the embedded server").isEmpty();
        } finally {
            if (pg != null) {
                Path root = pg.dataDir().getParent();
                pg.close();
                // Run as root, the cluster moves out of the private temp dir to /var/tmp: remove it there too.
                if (!root.startsWith(pgBase) && root.getFileName().toString().startsWith("switchboard-pg-")) deleteTree(root);
            }
        }
    }

    static Map<String, Object> server(int port, String password) {
        return Map.of("location", "local", "properties", Map.of("fullyQualifiedDomainName", "127.0.0.1", "port", port,
                "administratorLogin", "admin", "administratorLoginPassword", password));
    }

    @Test
    @Order(1)
    void aWrongAdminPasswordIsRefusedAndNothingIsStored() {
        String wrongServer = SERVERS + "wrong";
        TestServer.Answer a = sb.call("PUT", wrongServer + RV, server(pg.port(), WRONG));
        JsonNode error = ApiChecks.assertArmError(a, 400, "TargetAuthenticationFailed", "admin");
        assertThat(error.path("target").asText()).isEqualTo("properties.administratorLogin");
        assertThat(a.raw().body()).doesNotContain(WRONG).doesNotContain(RIGHT);
        assertThat(sb.call("GET", wrongServer + RV, null).status()).isEqualTo(404);
        assertThat(ApiChecks.storeRows(sb.server(), "secrets", "name", "server:")).as("stored admin passwords").isZero();
    }

    @Test
    @Order(2)
    void theRightPasswordAdoptsTheServerAndDatabasesAreReal() throws Exception {
        TestServer.Answer put = sb.call("PUT", SERVER + RV, server(pg.port(), RIGHT));
        assertThat(put.status()).as(put.raw().body()).isEqualTo(201);
        assertThat(put.raw().body()).doesNotContain(RIGHT);
        JsonNode got = sb.call("GET", SERVER + RV, null).body();
        assertThat(got.at("/properties/port").asInt()).isEqualTo(pg.port());
        assertThat(got.at("/properties/administratorLogin").asText()).isEqualTo("admin");
        assertThat(got.at("/properties/state").asText()).isEqualTo("Ready");
        assertThat(got.at("/properties/administratorLoginPassword").isMissingNode()).isTrue();
        assertThat(sb.call("GET", SERVER + RV, null).raw().body()).doesNotContain(RIGHT);

        TestServer.Answer db = sb.call("PUT", DB + RV, Map.of("properties", Map.of()));
        assertThat(db.status()).as(db.raw().body()).isEqualTo(201);
        assertThat(embeddedDatabases(PREFIX)).containsExactly(PREFIX + "_db");
        assertThat(sb.call("GET", DB + RV, null).body().at("/properties/adopted").asBoolean()).isFalse();

        TestServer.Answer del = sb.call("DELETE", DB + RV, null);
        assertThat(del.status()).as(del.raw().body()).isIn(200, 204);
        assertThat(sb.call("GET", DB + RV, null).status()).isEqualTo(404);
        assertThat(embeddedDatabases(PREFIX)).isEmpty();
    }

    @Test
    @Order(3)
    void aWrongPasswordOnUpdateLeavesTheServerAsItWas() throws Exception {
        JsonNode before = sb.call("GET", SERVER + RV, null).body();
        TestServer.Answer a = sb.call("PUT", SERVER + RV, server(pg.port(), WRONG));
        ApiChecks.assertArmError(a, 400, "TargetAuthenticationFailed");
        assertThat(a.raw().body()).doesNotContain(WRONG).doesNotContain(RIGHT);
        assertThat(sb.call("GET", SERVER + RV, null).body()).isEqualTo(before);
        // The stored (right) password still works: a database can be made with it.
        assertThat(sb.call("PUT", DB + RV, Map.of("properties", Map.of())).status()).isEqualTo(201);
        assertThat(embeddedDatabases(PREFIX)).containsExactly(PREFIX + "_db");
        assertThat(sb.call("DELETE", DB + RV, null).status()).isIn(200, 204);
        assertThat(embeddedDatabases(PREFIX)).isEmpty();
    }

    @Test
    @Order(4)
    void aServerWhereNothingListensIsUnreachable() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String unreachable = SERVERS + "nowhere";
        TestServer.Answer a = sb.call("PUT", unreachable + RV, server(port, RIGHT));
        JsonNode error = ApiChecks.assertArmError(a, 400, "TargetUnreachable", "127.0.0.1:" + port);
        assertThat(error.path("target").asText()).isEqualTo("properties.fullyQualifiedDomainName");
        assertThat(a.raw().body()).doesNotContain(RIGHT);
        assertThat(sb.call("GET", unreachable + RV, null).status()).isEqualTo(404);
    }

    /** Databases on the embedded server whose name contains {@code fragment}, as its administrator sees them. */
    static List<String> embeddedDatabases(String fragment) throws SQLException {
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl("postgres"), "admin", RIGHT);
             PreparedStatement ps = c.prepareStatement("SELECT datname FROM pg_database WHERE strpos(datname, ?) > 0 ORDER BY 1")) {
            ps.setString(1, fragment);
            List<String> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(rs.getString(1));
            }
            return out;
        }
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) return;
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
