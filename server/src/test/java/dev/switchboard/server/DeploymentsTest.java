package dev.switchboard.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 5's scenario: a template deploys a PostgreSQL server and database and a container app that says nothing
 * about the database; a connection is made; the same template is deployed again, as a pipeline would. The app keeps
 * working (no request fails, no new revision), what-if says nothing changes, a template that sets a setting the
 * connection owns is refused naming the field and its owner, and bad templates change nothing.
 */
class DeploymentsTest {
    static final String SUFFIX = ApiChecks.suffix();
    static final String RG = "/subscriptions/" + TestServer.SUB + "/resourceGroups/dep-" + SUFFIX;
    static final String DEPLOYMENTS = RG + "/providers/Microsoft.Resources/deployments/";
    static final String APP = RG + "/providers/Microsoft.App/containerApps/web";
    static final String DB = RG + "/providers/Microsoft.DBforPostgreSQL/flexibleServers/pg/databases/sbdep_" + SUFFIX;
    static final String LINKER = APP + "/providers/Microsoft.ServiceLinker/linkers/db";
    static final String V = "?api-version=2024-04-01";
    static final String RV = "?api-version=2024-03-01";

    @TempDir
    static Path data;
    static TestServer sb;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() {
        sb = TestServer.start(data);
        assertThat(sb.call("PUT", RG + RV, Map.of("location", "local")).status()).isEqualTo(201);
    }

    @AfterAll
    static void stop() throws Exception {
        TestServer.Answer a = sb.call("DELETE", LINKER + V, null);
        if (a.status() == 202) sb.await(a);
        sb.call("DELETE", RG + RV, null);
        sb.close();
        assertThat(LocalPostgres.rolesLike("sb_db_")).noneMatch(r -> r.contains(SUFFIX));
        assertThat(ApiChecks.sweepLocalPostgres("sbdep_" + SUFFIX)).as("left on PostgreSQL").isEmpty();
    }

    /** The user's template: server, database, app (identity None, no database settings); env extra to add one. */
    static Map<String, Object> template(Map<String, Object> extraEnv) {
        String jar = System.getProperty("switchboard.repoRoot") + "/examples/health-app/target/health-app.jar";
        List<Object> env = new ArrayList<>(List.of(Map.of("name", "MODE", "value", "[parameters('mode')]")));
        if (extraEnv != null) env.add(extraEnv);
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("$schema", "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#");
        t.put("contentVersion", "1.0.0.0");
        t.put("parameters", Map.of("dbName", Map.of("type", "string"), "mode", Map.of("type", "string", "defaultValue", "prod",
                "allowedValues", List.of("prod", "test"))));
        t.put("variables", Map.of("server", "pg"));
        t.put("resources", List.of(
                Map.of("type", "Microsoft.DBforPostgreSQL/flexibleServers", "apiVersion", "2022-12-01", "name", "[variables('server')]",
                        "location", "[resourceGroup().location]", "properties", Map.of()),
                Map.of("type", "Microsoft.DBforPostgreSQL/flexibleServers/databases", "apiVersion", "2022-12-01",
                        "name", "[concat(variables('server'), '/', parameters('dbName'))]", "properties", Map.of(),
                        "dependsOn", List.of("[resourceId('Microsoft.DBforPostgreSQL/flexibleServers', variables('server'))]")),
                Map.of("type", "Microsoft.App/containerApps", "apiVersion", "2024-03-01", "name", "web", "location", "local",
                        "identity", Map.of("type", "None"),
                        "properties", Map.of("configuration", Map.of("ingress", Map.of("external", true)),
                                "template", Map.of("containers", List.of(Map.of("name", "web", "command",
                                        List.of(ProcessHandle.current().info().command().orElseThrow(), "-jar", jar), "env", env)))))));
        t.put("outputs", Map.of("database", Map.of("type", "string",
                "value", "[resourceId('Microsoft.DBforPostgreSQL/flexibleServers/databases', variables('server'), parameters('dbName'))]")));
        return t;
    }

    static Map<String, Object> deployment(Map<String, Object> template, String mode) {
        return Map.of("properties", Map.of("mode", mode, "template", template,
                "parameters", Map.of("dbName", Map.of("value", "sbdep_" + SUFFIX))));
    }

    private String health() throws Exception {
        String front = sb.call("GET", APP + RV, null).body().at("/properties/latestRevisionFqdn").asText();
        return http.send(HttpRequest.newBuilder(URI.create("http://" + front + "/health")).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    @Test
    void redeployingTheSameTemplateLeavesTheConnectionWorking() throws Exception {
        TestServer.Answer first = sb.call("PUT", DEPLOYMENTS + "infra" + RV, deployment(template(null), "Incremental"));
        assertThat(first.status()).as(first.raw().body()).isEqualTo(201);
        assertThat(first.body().at("/properties/provisioningState").asText()).isEqualTo("Succeeded");
        assertThat(first.body().at("/properties/outputs/database/value").asText()).isEqualToIgnoringCase(DB);
        JsonNode operations = sb.call("GET", DEPLOYMENTS + "infra/operations" + RV, null).body().path("value");
        assertThat(operations).hasSize(3);
        operations.forEach(o -> assertThat(o.at("/properties/provisioningState").asText()).isEqualTo("Succeeded"));

        JsonNode created = sb.await(sb.call("PUT", LINKER + V, Map.of("properties", Map.of("targetService",
                Map.of("type", "AzureResource", "id", DB), "authInfo", Map.of("authType", "secret"), "clientType", "java"))));
        assertThat(created.path("status").asText()).as(created.toString()).isEqualTo("Succeeded");
        String last = "";
        for (int i = 0; i < 150 && !last.contains("\"connected\""); i++) {
            last = health();
            Thread.sleep(200);
        }
        assertThat(last).as("the app's health through its ingress: %s %s", sb.call("GET", APP + RV, null).body(),
                sb.call("GET", APP + "/revisions" + RV, null).body()).contains("\"connected\"");
        int revisions = sb.call("GET", APP + "/revisions" + RV, null).body().path("value").size();

        JsonNode whatIf = sb.call("POST", DEPLOYMENTS + "infra/whatIf" + RV, deployment(template(null), "Incremental")).body();
        assertThat(whatIf.at("/properties/changes").findValuesAsText("changeType")).containsOnly("NoChange");
        assertThat(whatIf.at("/properties/conflicts")).isEmpty();

        RevisionsTest.Load load = RevisionsTest.Load.start(http, URI.create("http://"
                + sb.call("GET", APP + RV, null).body().at("/properties/latestRevisionFqdn").asText() + "/health"));
        TestServer.Answer again = sb.call("PUT", DEPLOYMENTS + "infra" + RV, deployment(template(null), "Incremental"));
        Thread.sleep(300);
        load.stop();
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.body().at("/properties/provisioningState").asText()).isEqualTo("Succeeded");
        assertThat(load.failures).as("requests that failed while the template was deployed again").isEmpty();
        assertThat(health()).contains("\"connected\"");
        assertThat(sb.call("GET", APP + "/revisions" + RV, null).body().path("value")).as("nothing to restart").hasSize(revisions);

        // A template that sets a setting the connection owns is refused, naming the field and its owner.
        Map<String, Object> grabbing = template(Map.of("name", "AZURE_POSTGRESQL_CONNECTIONSTRING", "value", "host=elsewhere"));
        JsonNode conflicts = sb.call("POST", DEPLOYMENTS + "infra/whatIf" + RV, deployment(grabbing, "Incremental")).body().at("/properties/conflicts");
        assertThat(conflicts.findValuesAsText("connection")).containsExactly(LINKER);
        assertThat(conflicts.findValuesAsText("owner")).containsExactly("connection/db");
        TestServer.Answer refused = sb.call("PUT", DEPLOYMENTS + "grab" + RV, deployment(grabbing, "Incremental"));
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.body().at("/error/code").asText()).isEqualTo("ConnectionOwnedSetting");
        assertThat(refused.body().at("/error/message").asText()).contains("AZURE_POSTGRESQL_CONNECTIONSTRING", LINKER);
        assertThat(sb.call("GET", DEPLOYMENTS + "grab" + RV, null).status()).isEqualTo(404);

        // Complete mode without the app: what-if says it would be deleted and which connection would break.
        Map<String, Object> withoutApp = new LinkedHashMap<>(template(null));
        withoutApp.put("resources", ((List<?>) withoutApp.get("resources")).subList(0, 2));
        JsonNode complete = sb.call("POST", DEPLOYMENTS + "infra/whatIf" + RV, deployment(withoutApp, "Complete")).body();
        assertThat(complete.at("/properties/changes").toString()).contains("\"changeType\":\"Delete\"", "containerApps/web");
        assertThat(complete.at("/properties/brokenConnections").findValuesAsText("connection")).containsExactly(LINKER);
    }

    @Test
    void aTemplateThatCannotDeployIsA400NamingItsPathAndChangesNothing() {
        int before = sb.call("GET", RG + "/resources" + RV, null).body().path("value").size();
        Map<String, Object> unknown = new LinkedHashMap<>(template(null));
        unknown.put("variables", Map.of("server", "[nosuchfunction('x')]"));
        TestServer.Answer a = sb.call("PUT", DEPLOYMENTS + "bad" + RV, deployment(unknown, "Incremental"));
        assertThat(a.status()).as(a.raw().body()).isEqualTo(400);
        assertThat(a.body().at("/error/target").asText()).contains("variables");

        Map<String, Object> circular = new LinkedHashMap<>(template(null));
        circular.put("resources", List.of(
                Map.of("type", "Microsoft.Storage/things", "apiVersion", "1", "name", "a", "dependsOn", List.of("b")),
                Map.of("type", "Microsoft.Storage/things", "apiVersion", "1", "name", "b", "dependsOn", List.of("a"))));
        TestServer.Answer c = sb.call("PUT", DEPLOYMENTS + "bad" + RV, deployment(circular, "Incremental"));
        assertThat(c.status()).as(c.raw().body()).isEqualTo(400);
        assertThat(c.body().at("/error/code").asText()).isEqualTo("CircularDependency");

        TestServer.Answer badParam = sb.call("PUT", DEPLOYMENTS + "bad" + RV, Map.of("properties", Map.of("mode", "Incremental",
                "template", template(null), "parameters", Map.of("dbName", Map.of("value", "x"), "mode", Map.of("value", "staging")))));
        assertThat(badParam.status()).isEqualTo(400);
        assertThat(badParam.body().at("/error/target").asText()).contains("mode");

        assertThat(sb.call("GET", RG + "/resources" + RV, null).body().path("value")).as("nothing created").hasSize(before);
        assertThat(sb.call("GET", DEPLOYMENTS + "bad" + RV, null).status()).isEqualTo(404);
    }
}
