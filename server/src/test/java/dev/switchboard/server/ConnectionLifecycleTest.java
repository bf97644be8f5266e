package dev.switchboard.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.core.compute.AppObservation;
import dev.switchboard.core.id.ResourceId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole slice on real processes and the machine's PostgreSQL: a resource group, a server, a database, the
 * example app and connections to it, through the HTTP API; the app itself says "connected"; delete leaves
 * nothing behind.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConnectionLifecycleTest {
    static final String SUFFIX = UUID.randomUUID().toString().substring(0, 6);
    static final String RG = "/subscriptions/" + TestServer.SUB + "/resourceGroups/lc-" + SUFFIX;
    static final String SERVER = RG + "/providers/Microsoft.DBforPostgreSQL/flexibleServers/pg";
    static final String DB = SERVER + "/databases/sbt_" + SUFFIX;
    static final String APP = RG + "/providers/Microsoft.App/containerApps/health";
    static final String LINKER = APP + "/providers/Microsoft.ServiceLinker/linkers/lc" + SUFFIX;
    static final String SECOND = APP + "/providers/Microsoft.ServiceLinker/linkers/two" + SUFFIX;
    static final String V = "?api-version=2024-04-01";
    static final String RV = "?api-version=2024-03-01";

    @TempDir
    static Path data;
    static TestServer sb;

    @BeforeAll
    static void start() {
        sb = TestServer.start(data);
        assertThat(sb.call("PUT", RG + RV, Map.of("location", "local")).status()).isEqualTo(201);
        assertThat(sb.call("PUT", SERVER + RV, Map.of("location", "local", "properties", Map.of())).status()).isEqualTo(201);
        assertThat(sb.call("PUT", DB + RV, Map.of("properties", Map.of())).status()).isEqualTo(201);
        putHealthApp(sb, APP);
    }

    /** The example app as container app {@code app}: its /health runs {@code select 1} on each PostgreSQL connection it has. */
    static void putHealthApp(TestServer server, String app) {
        String jar = System.getProperty("switchboard.repoRoot") + "/examples/health-app/target/health-app.jar";
        Map<String, Object> container = Map.of("name", "health", "command", List.of(ProcessHandle.current().info().command().orElseThrow(),
                "-jar", jar));
        JsonNode created = server.call("PUT", app + RV, Map.of("location", "local", "properties",
                Map.of("template", Map.of("containers", List.of(container))))).body();
        assertThat(created.path("id").asText()).isEqualTo(app);
    }

    @AfterAll
    static void stop() throws Exception {
        if (sb == null) return;
        for (String linker : List.of(LINKER, SECOND)) {
            TestServer.Answer a = sb.call("DELETE", linker + V, null);
            if (a.status() == 202) sb.await(a);
        }
        sb.call("DELETE", RG + RV, null);
        sb.close();
        assertThat(LocalPostgres.rolesLike("sb_lc" + SUFFIX)).isEmpty();
        assertThat(LocalPostgres.rolesLike("sb_two" + SUFFIX)).isEmpty();
        assertThat(LocalPostgres.databasesLike("sbt_" + SUFFIX)).isEmpty();
    }

    @Test
    @Order(1)
    void createsALeastPrivilegeRoleAndTheAppConnects() throws Exception {
        TestServer.Answer put = sb.call("PUT", LINKER + V, linkerBody("java", Map.of()));
        assertThat(put.status()).isEqualTo(201);
        assertThat(put.body().at("/properties/provisioningState").asText()).isIn("Creating", "Succeeded");
        assertThat(sb.await(put).path("status").asText()).isEqualTo("Succeeded");

        JsonNode linker = sb.call("GET", LINKER + V, null).body();
        assertThat(linker.at("/properties/provisioningState").asText()).isEqualTo("Succeeded");
        String role = linker.at("/properties/authInfo/name").asText();
        assertThat(role).startsWith("sb_lc" + SUFFIX);
        assertThat(LocalPostgres.roleFlags(role)).isEqualTo("0001");
        assertThat(LocalPostgres.strings("sbt_" + SUFFIX, "SELECT has_schema_privilege(?, 'public', 'USAGE')::text"
                + " || has_schema_privilege($1, 'public', 'CREATE')::text", role)).containsExactly("truefalse");
        assertThat(LocalPostgres.strings("postgres", "SELECT has_database_privilege(?, 'sbt_" + SUFFIX + "', 'CONNECT')::text", role))
                .containsExactly("true");
        assertThat(health().path("status").asText()).isEqualTo("connected");
    }

    @Test
    @Order(2)
    void theGroupListsItsResourcesButNotTheConnections() {
        JsonNode list = sb.call("GET", RG + "/resources" + RV, null).body().path("value");
        assertThat(list.findValuesAsText("id")).containsExactlyInAnyOrder(SERVER, DB, APP);
        assertThat(sb.call("GET", RG.replace("lc-", "missing-") + "/resources" + RV, null).status()).isEqualTo(404);
    }

    @Test
    @Order(2)
    void validationPassesEveryNamedCheck() {
        TestServer.Answer accepted = sb.call("POST", LINKER + "/validateLinker" + V, null);
        assertThat(accepted.status()).isEqualTo(202);
        JsonNode report = sb.result(accepted).body();
        assertThat(report.at("/properties/isConnectionAvailable").asBoolean()).as(report.toString()).isTrue();
        assertThat(report.at("/properties/validationDetail").findValuesAsText("name"))
                .contains("TargetExistence", "TargetReachable", "CredentialsLogIn", "CanQuery", "SourceConfiguration");
    }

    @Test
    @Order(3)
    void listConfigurationsGivesTheJdbcUrlAndNeverEchoesSecretsElsewhere() {
        JsonNode configs = sb.call("POST", LINKER + "/listConfigurations" + V, null).body().path("configurations");
        assertThat(configs.findValuesAsText("name")).containsExactly("AZURE_POSTGRESQL_CONNECTIONSTRING");
        String url = configs.get(0).path("value").asText();
        assertThat(url).startsWith("jdbc:postgresql://127.0.0.1:5432/sbt_" + SUFFIX + "?sslmode=prefer&user=sb_lc").contains("&password=");
        String password = url.substring(url.indexOf("&password=") + 10);
        assertThat(sb.call("GET", LINKER + V, null).raw().body()).doesNotContain(password);
        assertThat(sb.call("GET", APP + RV, null).raw().body()).doesNotContain(password);
    }

    @Test
    @Order(4)
    void aSecondConnectionOfTheSameTypeGetsTheInfix() throws Exception {
        TestServer.Answer put = sb.call("PUT", SECOND + V, linkerBody("none", Map.of()));
        assertThat(sb.await(put).path("status").asText()).isEqualTo("Succeeded");
        JsonNode configs = sb.call("POST", SECOND + "/listConfigurations" + V, null).body().path("configurations");
        String infix = "AZURE_POSTGRESQL_TWO" + SUFFIX.toUpperCase().replaceAll("[^A-Z0-9]", "_") + "_";
        assertThat(configs.findValuesAsText("name")).containsExactly(infix + "HOST", infix + "USERNAME", infix + "DATABASE",
                infix + "PORT", infix + "SSL", infix + "PASSWORD");
        JsonNode h = health();
        assertThat(h.path("status").asText()).as(h.toString()).isEqualTo("connected");
        assertThat(h.path("connections")).hasSize(2);
    }

    @Test
    @Order(5)
    void customizedKeysRenameAndTheAppIsRestartedWithThem() {
        TestServer.Answer patch = sb.call("PATCH", SECOND + V, Map.of("properties", Map.of("configurationInfo",
                Map.of("customizedKeys", Map.of("AZURE_POSTGRESQL_TWO" + SUFFIX.toUpperCase() + "_HOST", "MY_DB_HOST")))));
        assertThat(patch.status()).isEqualTo(200);
        assertThat(sb.await(patch).path("status").asText()).isEqualTo("Succeeded");
        Map<String, String> live = liveEnvironment();
        assertThat(live).containsEntry("MY_DB_HOST", "127.0.0.1").doesNotContainKey("AZURE_POSTGRESQL_TWO" + SUFFIX.toUpperCase() + "_HOST");
    }

    @Test
    @Order(6)
    void deleteRemovesExactlyWhatTheConnectionCreated() throws Exception {
        String role = sb.call("GET", SECOND + V, null).body().at("/properties/authInfo/name").asText();
        TestServer.Answer del = sb.call("DELETE", SECOND + V, null);
        assertThat(del.status()).isEqualTo(202);
        assertThat(sb.await(del).path("status").asText()).isEqualTo("Succeeded");
        assertThat(sb.call("GET", SECOND + V, null).status()).isEqualTo(404);
        assertThat(LocalPostgres.roleExists(role)).isFalse();
        assertThat(LocalPostgres.strings("sbt_" + SUFFIX, "SELECT defaclrole::regrole::text FROM pg_default_acl"
                + " WHERE array_to_string(defaclacl, ',') LIKE '%' || ? || '%'", role)).isEmpty();
        assertThat(liveEnvironment()).doesNotContainKey("MY_DB_HOST");
        assertThat(sb.server().store().journalSize()).isZero();
        assertThat(sb.call("DELETE", SECOND + V, null).status()).isEqualTo(204);
    }

    static Map<String, Object> linkerBody(String clientType, Map<String, Object> extra) {
        Map<String, Object> p = new java.util.LinkedHashMap<>(Map.of("targetService", Map.of("type", "AzureResource", "id", DB),
                "authInfo", Map.of("authType", "secret"), "clientType", clientType));
        p.putAll(extra);
        return Map.of("properties", p);
    }

    private static Map<String, String> liveEnvironment() {
        return replica().liveEnvironment();
    }

    private static AppObservation.Replica replica() {
        return replica(sb, APP);
    }

    private static AppObservation.Replica replica(TestServer server, String app) {
        return server.server().apps().observe(ResourceId.parse(app)).map(AppObservation::primary).orElseThrow();
    }

    static JsonNode health() throws Exception {
        return health(sb, APP);
    }

    /** The app's own answer, retried while it restarts. */
    static JsonNode health(TestServer server, String app) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        String last = "";
        for (int i = 0; i < 100; i++) {
            AppObservation.Replica r = replica(server, app);
            try {
                HttpResponse<String> answer = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + r.port() + "/health"))
                        .build(), HttpResponse.BodyHandlers.ofString());
                last = answer.body();
                if (answer.statusCode() == 200) return TestServer.JSON.readTree(answer.body());
            } catch (java.io.IOException e) {
                last = e.toString();
            }
            Thread.sleep(200);
        }
        throw new AssertionError("app never healthy: " + last);
    }
}
