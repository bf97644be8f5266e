package dev.switchboard.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Every write is in the audit log with who, when, what, before/after and outcome; secrets never are. */
class AuditTest {
    static final String SUFFIX = UUID.randomUUID().toString().substring(0, 6);
    static final String RG = "/subscriptions/" + TestServer.SUB + "/resourceGroups/au-" + SUFFIX;
    static final String OTHER_RG = "/subscriptions/" + TestServer.SUB + "/resourceGroups/au-other-" + SUFFIX;
    static final String SERVER = RG + "/providers/Microsoft.DBforPostgreSQL/flexibleServers/pg";
    static final String DB = SERVER + "/databases/sbau_" + SUFFIX;
    static final String APP = RG + "/providers/Microsoft.App/containerApps/app";
    static final String LINKER = APP + "/providers/Microsoft.ServiceLinker/linkers/au" + SUFFIX;
    static final String ADMIN_PASSWORD = "Adm1n-" + SUFFIX + "-pw";
    static final String LINK_PASSWORD = "L1nk-" + SUFFIX + "-pw";
    static final String V = "?api-version=2024-04-01";
    static final String RV = "?api-version=2024-03-01";

    @TempDir
    static Path data;
    static TestServer sb;
    static Instant start;

    @BeforeAll
    static void setUp() {
        sb = TestServer.start(data);
        start = Instant.now();
        sb.call("PUT", RG + RV, Map.of("location", "local"));
        sb.call("PUT", OTHER_RG + RV, Map.of("location", "local"));
        sb.call("PUT", SERVER + RV, Map.of("properties", Map.of("fullyQualifiedDomainName", "127.0.0.1", "port", 5432,
                "administratorLogin", "postgres", "administratorLoginPassword", ADMIN_PASSWORD)));
        sb.call("PUT", DB + RV, Map.of("properties", Map.of()));
        sb.call("PUT", APP + RV, Map.of("properties", Map.of()));
        TestServer.Answer put = sb.call("PUT", LINKER + V, Map.of("properties", Map.of(
                "targetService", Map.of("type", "AzureResource", "id", DB),
                "authInfo", Map.of("authType", "secret", "name", "sb_au" + SUFFIX + "_u",
                        "secretInfo", Map.of("secretType", "rawValue", "value", LINK_PASSWORD)))));
        assertThat(sb.await(put).path("status").asText()).isEqualTo("Succeeded");
    }

    @AfterAll
    static void tearDown() throws Exception {
        TestServer.Answer d = sb.call("DELETE", LINKER + V, null);
        if (d.status() == 202) sb.await(d);
        sb.call("DELETE", RG + RV, null);
        sb.call("DELETE", OTHER_RG + RV, null);
        sb.close();
        assertThat(LocalPostgres.rolesLike("sb_au" + SUFFIX)).isEmpty();
        assertThat(LocalPostgres.databasesLike("sbau_" + SUFFIX)).isEmpty();
    }

    static JsonNode entries(String query, String token) {
        TestServer.Answer a = sb.call("GET", "/providers/Switchboard.Audit/entries" + V + query, null,
                Map.of("Authorization", "Bearer " + token));
        assertThat(a.status()).as(a.raw().body()).isEqualTo(200);
        assertThat(a.raw().body()).doesNotContain(ADMIN_PASSWORD).doesNotContain(LINK_PASSWORD);
        return a.body().path("value");
    }

    static String q(String resource) {
        return "&resourceId=" + URLEncoder.encode(resource, StandardCharsets.UTF_8);
    }

    @Test
    void aConnectionsCreateIsRecordedWithWhoWhenWhatAndHowItEnded() {
        JsonNode log = entries(q(LINKER), sb.server().token());
        assertThat(log.findValuesAsText("action")).contains("PUT", "operation create");
        JsonNode put = log.get(0);
        assertThat(put.path("actor").asText()).isEqualTo("bootstrap");
        assertThat(put.path("status").asInt()).isEqualTo(201);
        assertThat(put.path("outcome").asText()).startsWith("Accepted ");
        assertThat(put.path("before").isNull()).isTrue();
        assertThat(put.at("/after/properties/authInfo/name").asText()).isEqualTo("sb_au" + SUFFIX + "_u");
        assertThat(Instant.parse(put.path("time").asText())).isAfterOrEqualTo(start.minusSeconds(1));
        JsonNode done = log.get(log.size() - 1);
        assertThat(done.path("actor").asText()).isEqualTo("switchboard");
        assertThat(done.path("outcome").asText()).startsWith("Succeeded");
    }

    @Test
    void theAdminPasswordIsNeitherStoredNorLogged() {
        JsonNode log = entries(q(SERVER), sb.server().token());
        assertThat(log).isNotEmpty();
        assertThat(log.get(0).at("/after/properties/administratorLogin").asText()).isEqualTo("postgres");
    }

    @Test
    void refusedWritesAreRecordedTooWithTheirCaller() {
        String reader = sb.call("PUT", "/providers/Switchboard.Access/tokens/au-reader-" + SUFFIX + V,
                Map.of("properties", Map.of("role", "Reader", "scope", RG))).body().at("/properties/token").asText();
        TestServer.Answer refused = sb.call("PUT", APP + RV, Map.of("properties", Map.of()), Map.of("Authorization", "Bearer " + reader));
        assertThat(refused.status()).isEqualTo(403);
        JsonNode log = entries(q(APP) + "&from=" + Instant.now().minusSeconds(5), sb.server().token());
        assertThat(log).anySatisfy(e -> {
            assertThat(e.path("actor").asText()).isEqualTo("au-reader-" + SUFFIX);
            assertThat(e.path("status").asInt()).isEqualTo(403);
            assertThat(e.path("outcome").asText()).isEqualTo("AuthorizationFailed");
        });
        assertThat(reader).isNotBlank();
        assertThat(sb.call("GET", "/providers/Switchboard.Audit/entries" + V, null).raw().body()).doesNotContain(reader);
    }

    @Test
    void aScopedTokenSeesOnlyItsScopeAndTimeBoundsApply() {
        String other = sb.call("PUT", "/providers/Switchboard.Access/tokens/au-other-" + SUFFIX + V,
                Map.of("properties", Map.of("role", "Reader", "scope", OTHER_RG))).body().at("/properties/token").asText();
        JsonNode seen = entries("", other);
        assertThat(seen.findValuesAsText("resourceId")).allMatch(id -> id.toLowerCase().startsWith(OTHER_RG.toLowerCase()));
        assertThat(seen).isNotEmpty();
        assertThat(entries(q(LINKER) + "&from=" + Instant.now().plusSeconds(3600), sb.server().token())).isEmpty();
        assertThat(sb.call("GET", "/providers/Switchboard.Audit/entries" + V + "&top=0", null).status()).isEqualTo(400);
        assertThat(sb.call("GET", "/providers/Switchboard.Audit/entries" + V + "&from=yesterday", null).status()).isEqualTo(400);
    }

    @Test
    void theLogCannotBeChangedThroughTheApi() {
        for (String method : List.of("DELETE", "PUT", "PATCH")) {
            assertThat(sb.call(method, "/providers/Switchboard.Audit/entries" + V, method.equals("DELETE") ? null : Map.of())
                    .status()).as(method).isIn(404, 405);
        }
    }
}
