package dev.switchboard.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A step that fails mid-operation: what was done is compensated in reverse order and nothing half-made is left;
 * an update that fails puts the previous state back.
 */
class CompensationTest {
    static final String SUFFIX = UUID.randomUUID().toString().substring(0, 6);
    static final String RG = "/subscriptions/" + TestServer.SUB + "/resourceGroups/cp-" + SUFFIX;
    static final String SERVER = RG + "/providers/Microsoft.DBforPostgreSQL/flexibleServers/pg";
    static final String DB_NAME = "sbcp_" + SUFFIX;
    static final String DB = SERVER + "/databases/" + DB_NAME;
    static final String APP = RG + "/providers/Microsoft.App/containerApps/app";
    static final String V = "?api-version=2024-04-01";
    static final String RV = "?api-version=2024-03-01";

    @TempDir
    static Path data;
    static TestServer sb;

    @BeforeAll
    static void start() {
        sb = TestServer.start(data);
        sb.call("PUT", RG + RV, Map.of("location", "local"));
        sb.call("PUT", SERVER + RV, Map.of("properties", Map.of()));
        sb.call("PUT", DB + RV, Map.of("properties", Map.of()));
        sb.call("PUT", APP + RV, Map.of("properties", Map.of("template", Map.of("containers",
                List.of(Map.of("name", "main", "command", List.of("/bin/sleep", "600")))))));
    }

    @AfterAll
    static void stop() throws Exception {
        for (JsonNode l : sb.call("GET", APP + "/providers/Microsoft.ServiceLinker/linkers" + V, null).body().path("value")) {
            TestServer.Answer a = sb.call("DELETE", l.path("id").asText() + V, null);
            if (a.status() == 202) sb.await(a);
        }
        sb.call("DELETE", RG + RV, null);
        sb.close();
        assertThat(LocalPostgres.rolesLike("sb_cp" + SUFFIX)).isEmpty();
        assertThat(LocalPostgres.databasesLike(DB_NAME)).isEmpty();
    }

    static Map<String, Object> body(String clientType) {
        return Map.of("properties", Map.of("targetService", Map.of("type", "AzureResource", "id", DB),
                "authInfo", Map.of("authType", "secret"), "clientType", clientType));
    }

    @Test
    void aGrantThatFailsUndoesTheLoginAndLeavesTheAppAlone() throws Exception {
        String linker = APP + "/providers/Microsoft.ServiceLinker/linkers/cp" + SUFFIX + "a";
        LocalPostgres.execute(DB_NAME, "ALTER SCHEMA public RENAME TO moved");
        try {
            TestServer.Answer put = sb.call("PUT", linker + V, body("java"));
            assertThat(put.status()).as(put.raw().body()).isEqualTo(201);
            JsonNode status = sb.await(put);
            assertThat(status.path("status").asText()).isEqualTo("Failed");
            assertThat(status.at("/error/code").asText()).isEqualTo("SchemaNotFound");
        } finally {
            LocalPostgres.execute(DB_NAME, "ALTER SCHEMA moved RENAME TO public");
        }
        assertThat(sb.call("GET", linker + V, null).body().at("/properties/provisioningState").asText()).isEqualTo("Failed");
        assertThat(LocalPostgres.rolesLike("sb_cp" + SUFFIX + "a")).as("the login EnsureLogin created is dropped again").isEmpty();
        assertThat(liveEnvironment()).doesNotContainKey("AZURE_POSTGRESQL_CONNECTIONSTRING");
        assertThat(sb.server().store().journalSize()).isZero();
        assertThat(sb.server().store().footprint(dev.switchboard.core.id.ResourceId.parse(linker))).isEmpty();
        assertThat(ApiChecks.storeRows(sb.server(), "secrets", "name", "linker:" + linker.toLowerCase()))
                .as("the failed create's password is not kept").isZero();
    }

    @Test
    void aFailedUpdatePutsThePreviousConfigurationBack() throws Exception {
        String linker = APP + "/providers/Microsoft.ServiceLinker/linkers/cp" + SUFFIX + "b";
        assertThat(sb.await(sb.call("PUT", linker + V, body("java"))).path("status").asText()).isEqualTo("Succeeded");
        String before = liveEnvironment().get("AZURE_POSTGRESQL_CONNECTIONSTRING");
        assertThat(before).startsWith("jdbc:postgresql://");
        // A new password makes the update re-run EnsureLogin; moving the schema away makes the GrantAccess after it fail.
        LocalPostgres.execute(DB_NAME, "ALTER SCHEMA public RENAME TO moved");
        try {
            TestServer.Answer patch = sb.call("PATCH", linker + V, Map.of("properties", Map.of("clientType", "none",
                    "authInfo", Map.of("authType", "secret", "secretInfo", Map.of("secretType", "rawValue", "value", "N3w-pass-" + SUFFIX)))));
            assertThat(patch.status()).as(patch.raw().body()).isEqualTo(200);
            JsonNode status = sb.await(patch);
            // EnsureLogin (new password) ran, GrantAccess failed: the password step is compensated, no setting changed.
            assertThat(status.path("status").asText()).isEqualTo("Failed");
            assertThat(status.at("/error/code").asText()).isEqualTo("SchemaNotFound");
        } finally {
            LocalPostgres.execute(DB_NAME, "ALTER SCHEMA moved RENAME TO public");
        }
        assertThat(liveEnvironment()).containsEntry("AZURE_POSTGRESQL_CONNECTIONSTRING", before)
                .doesNotContainKey("AZURE_POSTGRESQL_HOST");
        String role = sb.call("GET", linker + V, null).body().at("/properties/authInfo/name").asText();
        assertThat(LocalPostgres.roleExists(role)).isTrue();
        TestServer.Answer validation = sb.result(sb.call("POST", linker + "/validateLinker" + V, null));
        assertThat(validation.body().at("/properties/isConnectionAvailable").asBoolean()).as(validation.body().toString()).isTrue();
        assertThat(sb.server().store().journalSize()).isZero();
        assertThat(ApiChecks.storeRows(sb.server(), "secrets", "name", "linker:" + linker.toLowerCase()))
                .as("only the password in use is kept").isEqualTo(1);
    }

    private static Map<String, String> liveEnvironment() {
        return sb.server().apps().observe(dev.switchboard.core.id.ResourceId.parse(APP))
                .map(o -> o.primary().liveEnvironment()).orElseThrow();
    }
}
