package dev.switchboard.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Managed identities of apps through the HTTP API: the ids ARM adds, their stability, and refused identities. */
class AppIdentityApiTest {
    static final String SUFFIX = ApiChecks.suffix();
    static final String RG = "/subscriptions/" + TestServer.SUB + "/resourceGroups/ident-" + SUFFIX;
    static final String APPS = RG + "/providers/Microsoft.App/containerApps/";
    static final String UAIS = RG + "/providers/Microsoft.ManagedIdentity/userAssignedIdentities/";
    static final String RV = "?api-version=2024-03-01";
    @TempDir static Path data;
    static TestServer sb;

    @BeforeAll static void start() { sb = withGroup(TestServer.start(data), RG); }

    /** The server, with resource group {@code rg} created on it. */
    static TestServer withGroup(TestServer server, String rg) {
        assertThat(server.call("PUT", rg + RV, Map.of("location", "local")).status()).isEqualTo(201);
        return server;
    }

    @AfterAll
    static void stop() {
        if (sb == null) return;
        try (TestServer server = sb) {
            server.call("DELETE", RG + RV, null);
            assertThat(server.call("GET", RG + RV, null).status()).isEqualTo(404);
        }
    }

    static Map<String, Object> app(Map<String, Object> identity) {
        return Map.of("location", "local", "properties", Map.of(), "identity", identity);
    }

    static JsonNode put(TestServer server, String id, Object body, int status) {
        TestServer.Answer a = server.call("PUT", id + RV, body);
        assertThat(a.status()).as(a.raw().body()).isEqualTo(status);
        return a.body().path("identity");
    }

    @Test
    void theSystemAssignedPrincipalSurvivesPutsPatchesAndSwitchingOffAndOn() {
        String app = APPS + "sys";
        JsonNode first = put(sb, app, app(Map.of("type", "systemassigned")), 201);
        assertThat(first.path("type").asText()).isEqualTo("SystemAssigned");
        String principal = first.path("principalId").asText();
        assertThat(UUID.fromString(principal).toString()).isEqualTo(principal);
        assertThat(UUID.fromString(first.path("tenantId").asText())).isNotNull();
        assertThat(sb.call("GET", app + RV, null).body().path("identity")).isEqualTo(first);

        assertThat(put(sb, app, app(Map.of("type", "SystemAssigned", "principalId", UUID.randomUUID().toString())), 200))
                .as("a client-sent principalId is ignored").isEqualTo(first);
        JsonNode off = put(sb, app, app(Map.of("type", "None")), 200);
        assertThat(off).isEqualTo(TestServer.JSON.valueToTree(Map.of("type", "None")));
        assertThat(put(sb, app, Map.of("location", "local", "properties", Map.of()), 200)).as("no identity is None").isEqualTo(off);
        assertThat(put(sb, app, app(Map.of("type", "SystemAssigned")), 200).path("principalId").asText()).isEqualTo(principal);

        TestServer.Answer patch = sb.call("PATCH", app + RV, Map.of("tags", Map.of("v", "2")));
        assertThat(patch.status()).as(patch.raw().body()).isEqualTo(200);
        assertThat(patch.body().path("identity")).isEqualTo(first);
        assertThat(put(sb, APPS + "other", app(Map.of("type", "SystemAssigned")), 201).path("principalId").asText())
                .as("another app, another principal").isNotEqualTo(principal);
    }

    @Test
    void eachUserAssignedIdentityShowsItsOwnIdsTheSameOnEveryApp() {
        String one = UAIS + "one";
        String two = UAIS + "two";
        JsonNode both = put(sb, APPS + "users", app(Map.of("type", "SystemAssigned, UserAssigned",
                "userAssignedIdentities", Map.of(one, Map.of(), two, Map.of("clientId", "forged")))), 201);
        assertThat(both.path("type").asText()).isEqualTo("SystemAssigned,UserAssigned");
        JsonNode users = both.path("userAssignedIdentities");
        assertThat(users.size()).isEqualTo(2);
        Set<String> ids = new HashSet<>(List.of(both.path("principalId").asText()));
        for (String uai : List.of(one, two)) {
            for (String field : List.of("principalId", "clientId")) ids.add(UUID.fromString(users.path(uai).path(field).asText()).toString());
        }
        assertThat(ids).as("the app's principal and each identity's principal and client ids differ").hasSize(5);

        JsonNode other = put(sb, APPS + "users2", app(Map.of("type", "UserAssigned", "userAssignedIdentities", Map.of(one, Map.of()))), 201);
        assertThat(other.has("principalId")).isFalse();
        assertThat(other.path("userAssignedIdentities").path(one)).as("one principal per identity").isEqualTo(users.path(one));
    }

    @Test
    void aBadIdentityIs400NamingTheFieldAndChangesNothing() {
        String app = APPS + "bad";
        put(sb, app, app(Map.of("type", "SystemAssigned")), 201);
        JsonNode before = sb.call("GET", app + RV, null).body();
        String secret = "app:" + app.toLowerCase() + ":secret:";
        Map<String, Object> withSecret = Map.of("configuration", Map.of("secrets", List.of(Map.of("name", "pw", "value", ApiChecks.secret()))));
        List<Map<String, Object>> identities = List.of(Map.of("type", "Managed"),
                Map.of("type", "UserAssigned", "userAssignedIdentities", Map.of(RG + "/providers/Microsoft.Storage/storageAccounts/x", Map.of())));
        List<String> codes = List.of("InvalidIdentityType", "InvalidUserAssignedIdentity");
        List<String> fields = List.of("identity.type", "identity.userAssignedIdentities");
        for (int i = 0; i < identities.size(); i++) {
            TestServer.Answer a = sb.call("PUT", app + RV, Map.of("location", "local", "properties", withSecret, "identity", identities.get(i)));
            JsonNode error = ApiChecks.assertArmError(a, 400, codes.get(i), fields.get(i));
            assertThat(error.path("target").asText()).isEqualTo(fields.get(i));
            assertThat(sb.call("GET", app + RV, null).body()).as("unchanged").isEqualTo(before);
            assertThat(ApiChecks.storeRows(sb.server(), "secrets", "name", secret)).as("no secret written").isZero();
        }
        assertThat(ApiChecks.assertArmError(sb.call("PUT", APPS + "new" + RV, app(Map.of("type", "Both"))), 400,
                "InvalidIdentityType", "None", "SystemAssigned,UserAssigned")).isNotNull();
        assertThat(sb.call("GET", APPS + "new" + RV, null).status()).as("nothing created").isEqualTo(404);
    }

    @Test
    void theSystemAssignedPrincipalSurvivesARestartOfSwitchboard(@TempDir Path own) {
        String rg = "/subscriptions/" + TestServer.SUB + "/resourceGroups/ident2-" + SUFFIX;
        String app = rg + "/providers/Microsoft.Web/sites/site";
        String principal;
        try (TestServer first = withGroup(TestServer.start(own), rg)) {
            principal = put(first, app, app(Map.of("type", "SystemAssigned")), 201).path("principalId").asText();
        }
        try (TestServer second = TestServer.start(own)) {
            try {
                assertThat(second.call("GET", app + RV, null).body().at("/identity/principalId").asText()).isEqualTo(principal);
                put(second, app, app(Map.of("type", "None")), 200);
                assertThat(put(second, app, app(Map.of("type", "SystemAssigned")), 200).path("principalId").asText()).isEqualTo(principal);
            } finally {
                second.call("DELETE", rg + RV, null);
            }
        }
    }
}
