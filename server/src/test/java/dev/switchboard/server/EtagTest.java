package dev.switchboard.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Optimistic concurrency: ETags on writes, If-Match on PUT, PATCH and DELETE, and systemData. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EtagTest {
    static final String SUFFIX = ApiChecks.suffix();
    static final String PREFIX = "sbet" + SUFFIX;
    static final String RG = "/subscriptions/" + TestServer.SUB + "/resourceGroups/et-" + SUFFIX;
    static final String ACCOUNT = RG + "/providers/Microsoft.Storage/storageAccounts/st" + SUFFIX;
    static final String SERVER = RG + "/providers/Microsoft.DBforPostgreSQL/flexibleServers/pg";
    static final String DB = SERVER + "/databases/" + PREFIX + "_db";
    static final String APP = RG + "/providers/Microsoft.App/containerApps/src";
    static final String LINKER = APP + "/providers/Microsoft.ServiceLinker/linkers/" + PREFIX;
    static final String V = "?api-version=2024-04-01";
    static final String RV = "?api-version=2024-03-01";

    @TempDir
    static Path data;
    static TestServer sb;

    @BeforeAll
    static void start() {
        sb = TestServer.start(data);
        assertThat(sb.call("PUT", RG + RV, Map.of("location", "local")).status()).isEqualTo(201);
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (sb != null) {
                TestServer.Answer del = sb.call("DELETE", LINKER + V, null);
                if (del.status() == 202) sb.await(del);
                sb.call("DELETE", RG + RV, null);
                assertThat(sb.call("GET", RG + RV, null).status()).isEqualTo(404);
                sb.close();
            }
        } finally {
            assertThat(ApiChecks.sweepLocalPostgres(PREFIX)).as("left on PostgreSQL").isEmpty();
        }
    }

    static Map<String, Object> account(String tag) {
        return Map.of("location", "local", "tags", Map.of("v", tag), "properties", Map.of("accessTier", "Hot"));
    }

    @Test
    @Order(1)
    void putAnswersWithAnETagAndSystemData() {
        TestServer.Answer put = sb.call("PUT", ACCOUNT + RV, account("1"));
        assertThat(put.status()).isEqualTo(201);
        String etag = put.header("ETag");
        assertThat(etag).isNotBlank().startsWith("\"").endsWith("\"");
        assertThat(put.body().path("etag").asText()).isEqualTo(etag);
        JsonNode got = sb.call("GET", ACCOUNT + RV, null).body();
        assertThat(got.path("etag").asText()).isEqualTo(etag);
        JsonNode system = got.path("systemData");
        assertThat(system.path("createdBy").asText()).isNotBlank();
        assertThat(system.path("createdByType").asText()).isEqualTo("User");
        assertThat(system.path("lastModifiedByType").asText()).isEqualTo("User");
        Instant created = Instant.parse(system.path("createdAt").asText());
        assertThat(Instant.parse(system.path("lastModifiedAt").asText())).isEqualTo(created);
        assertThat(created).isBetween(Instant.now().minusSeconds(60), Instant.now().plusSeconds(1));
    }

    @Test
    @Order(2)
    void aWrongIfMatchIs412AndChangesNothing() {
        JsonNode before = sb.call("GET", ACCOUNT + RV, null).body();
        TestServer.Answer put = sb.call("PUT", ACCOUNT + RV, account("2"), headers("\"wrong\""));
        ApiChecks.assertArmError(put, 412, "PreconditionFailed", "If-Match");
        TestServer.Answer patch = sb.call("PATCH", ACCOUNT + RV, Map.of("tags", Map.of("v", "3")), headers("\"wrong\""));
        ApiChecks.assertArmError(patch, 412, "PreconditionFailed", "If-Match");
        assertThat(sb.call("GET", ACCOUNT + RV, null).body()).as("unchanged").isEqualTo(before);
    }

    @Test
    @Order(3)
    void theCurrentETagIsAcceptedAndReplaced() throws Exception {
        JsonNode before = sb.call("GET", ACCOUNT + RV, null).body();
        String etag = before.path("etag").asText();
        Thread.sleep(5);
        TestServer.Answer put = sb.call("PUT", ACCOUNT + RV, account("2"), headers(etag));
        assertThat(put.status()).as(put.raw().body()).isEqualTo(200);
        String next = put.header("ETag");
        assertThat(next).isNotBlank().isNotEqualTo(etag);
        JsonNode after = sb.call("GET", ACCOUNT + RV, null).body();
        assertThat(after.path("etag").asText()).isEqualTo(next);
        assertThat(after.at("/tags/v").asText()).isEqualTo("2");
        assertThat(after.at("/systemData/createdAt")).isEqualTo(before.at("/systemData/createdAt"));
        assertThat(Instant.parse(after.at("/systemData/lastModifiedAt").asText()))
                .isAfter(Instant.parse(after.at("/systemData/createdAt").asText()));

        TestServer.Answer stale = sb.call("PUT", ACCOUNT + RV, account("3"), headers(etag));
        ApiChecks.assertArmError(stale, 412, "PreconditionFailed");
        TestServer.Answer patch = sb.call("PATCH", ACCOUNT + RV, Map.of("tags", Map.of("v", "4")), headers(next));
        assertThat(patch.status()).isEqualTo(200);
        assertThat(patch.header("ETag")).isNotEqualTo(next);
        assertThat(sb.call("GET", ACCOUNT + RV, null).body().at("/tags/v").asText()).isEqualTo("4");
        TestServer.Answer star = sb.call("PUT", ACCOUNT + RV, account("5"), headers("*"));
        assertThat(star.status()).as("If-Match: * matches any existing resource").isEqualTo(200);
    }

    @Test
    @Order(4)
    void ifMatchOnAResourceThatDoesNotExistIs412AndCreatesNothing() {
        String missing = RG + "/providers/Microsoft.Storage/storageAccounts/none" + SUFFIX;
        ApiChecks.assertArmError(sb.call("PUT", missing + RV, account("1"), headers("\"anything\"")), 412, "PreconditionFailed");
        assertThat(sb.call("GET", missing + RV, null).status()).isEqualTo(404);
    }

    @Test
    @Order(5)
    void deleteWithAStaleIfMatchIs412() {
        String etag = sb.call("GET", ACCOUNT + RV, null).body().path("etag").asText();
        ApiChecks.assertArmError(sb.call("DELETE", ACCOUNT + RV, null, headers("\"stale\"")), 412, "PreconditionFailed");
        assertThat(sb.call("GET", ACCOUNT + RV, null).body().path("etag").asText()).isEqualTo(etag);
        assertThat(sb.call("DELETE", ACCOUNT + RV, null, headers(etag)).status()).isEqualTo(200);
        assertThat(sb.call("GET", ACCOUNT + RV, null).status()).isEqualTo(404);
    }

    @Test
    @Order(6)
    void deletingAResourceGroupWithAStaleIfMatchDeletesNothing() {
        String rg = "/subscriptions/" + TestServer.SUB + "/resourceGroups/et2-" + SUFFIX;
        String inside = rg + "/providers/Microsoft.Storage/storageAccounts/st" + SUFFIX;
        assertThat(sb.call("PUT", rg + RV, Map.of("location", "local")).status()).isEqualTo(201);
        assertThat(sb.call("PUT", inside + RV, account("1")).status()).isEqualTo(201);
        try {
            ApiChecks.assertArmError(sb.call("DELETE", rg + RV, null, headers("\"stale\"")), 412, "PreconditionFailed");
            assertThat(sb.call("GET", inside + RV, null).status()).as("the resource in the group").isEqualTo(200);
        } finally {
            sb.call("DELETE", rg + RV, null);
        }
    }

    // ---- linkers: the same rules, and a refused write creates no role

    @Test
    @Order(10)
    void linkerWritesHonourIfMatch() throws Exception {
        linkerFixtures();
        ApiChecks.assertArmError(sb.call("PUT", LINKER + V, linkerBody("none"), headers("\"wrong\"")), 412, "PreconditionFailed");
        assertThat(sb.call("GET", LINKER + V, null).status()).isEqualTo(404);
        assertThat(ApiChecks.rolesContaining(PREFIX)).isEmpty();
        assertThat(sb.server().store().journalSize()).isZero();

        TestServer.Answer put = sb.call("PUT", LINKER + V, linkerBody("none"));
        assertThat(put.status()).as(put.raw().body()).isEqualTo(201);
        String etag = put.header("ETag");
        assertThat(etag).isNotBlank().isEqualTo(put.body().path("etag").asText());
        assertThat(sb.await(put).path("status").asText()).isEqualTo("Succeeded");
        JsonNode linker = sb.call("GET", LINKER + V, null).body();
        String current = linker.path("etag").asText();
        assertThat(current).as("finishing the operation moves the ETag").isNotEqualTo(etag);
        String role = linker.at("/properties/authInfo/name").asText();
        assertThat(ApiChecks.rolesContaining(PREFIX)).containsExactly(role);
        assertThat(linker.at("/systemData/createdAt").asText()).isNotBlank();
        assertThat(linker.at("/systemData/lastModifiedAt").asText()).isNotBlank();

        ApiChecks.assertArmError(sb.call("PUT", LINKER + V, linkerBody("java"), headers(etag)), 412, "PreconditionFailed");
        assertThat(sb.call("GET", LINKER + V, null).body()).as("unchanged").isEqualTo(linker);
        ApiChecks.assertArmError(sb.call("DELETE", LINKER + V, null, headers(etag)), 412, "PreconditionFailed");
        assertThat(sb.call("GET", LINKER + V, null).body()).as("unchanged").isEqualTo(linker);
        assertThat(ApiChecks.rolesContaining(PREFIX)).containsExactly(role);
        assertThat(sb.server().store().journalSize()).isZero();

        TestServer.Answer update = sb.call("PUT", LINKER + V, linkerBody("java"), headers(current));
        assertThat(update.status()).as(update.raw().body()).isEqualTo(200);
        assertThat(update.header("ETag")).isNotEqualTo(current);
        assertThat(sb.await(update).path("status").asText()).isEqualTo("Succeeded");
        String latest = sb.call("GET", LINKER + V, null).body().path("etag").asText();
        TestServer.Answer del = sb.call("DELETE", LINKER + V, null, headers(latest));
        assertThat(del.status()).as(del.raw().body()).isEqualTo(202);
        assertThat(sb.await(del).path("status").asText()).isEqualTo("Succeeded");
        assertThat(ApiChecks.rolesContaining(PREFIX)).isEmpty();
    }

    @Test
    @Order(11)
    void aLinkerPutRefusedByIfMatchLeavesNoSecret() {
        linkerFixtures();
        String linker = APP + "/providers/Microsoft.ServiceLinker/linkers/" + PREFIX + "b";
        ApiChecks.assertArmError(sb.call("PUT", linker + V, linkerBody("none"), headers("\"wrong\"")), 412, "PreconditionFailed");
        assertThat(ApiChecks.storeRows(sb.server(), "secrets", "name", "linker:" + linker.toLowerCase() + ":"))
                .as("secrets of the refused linker").isZero();
    }

    /** The server (adopting the machine's PostgreSQL), a database on it and an app to connect; made once. */
    static void linkerFixtures() {
        if (sb.call("GET", APP + RV, null).status() == 200) return;
        assertThat(sb.call("PUT", SERVER + RV, Map.of("location", "local", "properties", Map.of())).status()).isEqualTo(201);
        assertThat(sb.call("PUT", DB + RV, Map.of("properties", Map.of())).status()).isEqualTo(201);
        assertThat(sb.call("PUT", APP + RV, Map.of("location", "local", "properties", Map.of())).status()).isEqualTo(201);
    }

    static Map<String, Object> linkerBody(String clientType) {
        return Map.of("properties", Map.of("targetService", Map.of("type", "AzureResource", "id", DB),
                "authInfo", Map.of("authType", "secret"), "clientType", clientType));
    }

    @Test
    @Order(12)
    void ifMatchStarMeansAnyExistingVersionForEveryMethod() {
        String other = RG + "/providers/Microsoft.Storage/storageAccounts/star" + SUFFIX;
        assertThat(sb.call("PUT", other + RV, account("1"), headers("*")).status()).as("* needs something to exist").isEqualTo(412);
        assertThat(sb.call("GET", other + RV, null).status()).isEqualTo(404);
        assertThat(sb.call("PUT", other + RV, account("1")).status()).isEqualTo(201);
        assertThat(sb.call("PUT", other + RV, account("2"), headers("*")).status()).isEqualTo(200);
        assertThat(sb.call("DELETE", other + RV, null, headers("*")).status()).isEqualTo(200);
        assertThat(sb.call("GET", other + RV, null).status()).isEqualTo(404);
    }

    static Map<String, String> headers(String ifMatch) {
        return Map.of("Authorization", "Bearer " + sb.server().token(), "If-Match", ifMatch);
    }
}
