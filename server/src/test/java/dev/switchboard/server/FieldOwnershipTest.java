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
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Field ownership seen from outside: a connection's settings are fields of the app owned by the connection (GET shows
 * them and the ledger); a direct write that sets one to another value is a 409 naming it and its owner, unless forced;
 * deleting the connection removes exactly its fields. In a resource group tagged for classic full-replace writes, the
 * same template deployed again wipes the settings as ARM would, and the reconciler, told of the app's write, heals
 * them into a new revision on its own (the period is an hour here: only the change event can do it).
 */
class FieldOwnershipTest {
    static final String SUFFIX = ApiChecks.suffix();
    static final String V = DeploymentsTest.V;
    static final String RV = DeploymentsTest.RV;
    static final String SETTING = "AZURE_POSTGRESQL_CONNECTIONSTRING";

    /** What the tests created, removed at the end. */
    static final List<String> linkers = new ArrayList<>();
    static final List<String> groups = new ArrayList<>();
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    @TempDir
    static Path data;
    static TestServer sb;

    @BeforeAll
    static void start() {
        sb = TestServer.of(SwitchboardServer.start(TestServer.config(data, ServerConfig.ADMIN_SESSION_IDLE)
                .withReconcilePeriod(Duration.ofHours(1))));
    }

    @AfterAll
    static void stop() throws Exception {
        for (String l : linkers) {
            TestServer.Answer a = sb.call("DELETE", l + V, null);
            if (a.status() == 202) sb.await(a);
        }
        for (String g : groups) sb.call("DELETE", g + RV, null);
        sb.close();
        assertThat(LocalPostgres.rolesLike("sb_db_")).noneMatch(r -> r.contains(SUFFIX));
        assertThat(ApiChecks.sweepLocalPostgres("sbdep_" + SUFFIX)).as("left on PostgreSQL").isEmpty();
    }

    /** A group with the template deployed and a connection from its app to its database, the app answering "connected". */
    private record Scenario(String group, String app, String linker) { }

    private Scenario deployedAndConnected(String name, Map<String, Object> groupTags) throws Exception {
        String rg = "/subscriptions/" + TestServer.SUB + "/resourceGroups/" + name + "-" + SUFFIX;
        groups.add(rg);
        assertThat(sb.call("PUT", rg + RV, Map.of("location", "local", "tags", groupTags)).status()).isEqualTo(201);
        String app = rg + "/providers/Microsoft.App/containerApps/web";
        String linker = app + "/providers/Microsoft.ServiceLinker/linkers/db";
        TestServer.Answer d = sb.call("PUT", rg + "/providers/Microsoft.Resources/deployments/infra" + RV, deployment(name));
        assertThat(d.body().at("/properties/provisioningState").asText()).as(d.raw().body()).isEqualTo("Succeeded");
        linkers.add(linker);
        String db = rg + "/providers/Microsoft.DBforPostgreSQL/flexibleServers/pg/databases/sbdep_" + SUFFIX + name.replace('-', '_');
        JsonNode created = sb.await(sb.call("PUT", linker + V, Map.of("properties", Map.of("targetService",
                Map.of("type", "AzureResource", "id", db), "authInfo", Map.of("authType", "secret"), "clientType", "java"))));
        assertThat(created.path("status").asText()).as(created.toString()).isEqualTo("Succeeded");
        awaitHealth(app, "\"connected\"");
        return new Scenario(rg, app, linker);
    }

    private static Map<String, Object> deployment(String name) {
        return Map.of("properties", Map.of("mode", "Incremental", "template", DeploymentsTest.template(null),
                "parameters", Map.of("dbName", Map.of("value", "sbdep_" + SUFFIX + name.replace('-', '_')))));
    }

    private void awaitHealth(String app, String expected) throws Exception {
        String last = "";
        for (int i = 0; i < 300 && !last.contains(expected); i++) {
            last = health(app);
            Thread.sleep(100);
        }
        assertThat(last).as("the app's health").contains(expected);
    }

    private String health(String app) {
        try {
            String front = sb.call("GET", app + RV, null).body().at("/properties/latestRevisionFqdn").asText();
            return http.send(HttpRequest.newBuilder(URI.create("http://" + front + "/health")).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (Exception e) {
            return e.toString();
        }
    }

    private static List<String> envNames(JsonNode app) {
        List<String> names = new ArrayList<>();
        app.at("/properties/template/containers/0/env").forEach(e -> names.add(e.path("name").asText()));
        return names;
    }

    private static List<String> fieldsOf(JsonNode app, String manager) {
        List<String> out = new ArrayList<>();
        app.path("managedFields").forEach(m -> {
            if (m.path("manager").asText().equals(manager)) m.path("fields").forEach(f -> out.add(f.asText()));
        });
        return out;
    }

    @Test
    void aConnectionsSettingsAreItsFieldsOfTheAppAndOnlyForceTakesThemOver() throws Exception {
        Scenario s = deployedAndConnected("own", Map.of());
        JsonNode app = sb.call("GET", s.app() + RV, null).body();
        assertThat(envNames(app)).contains("MODE", SETTING);
        String field = "properties.template.containers['web'].env['" + SETTING + "']";
        assertThat(fieldsOf(app, "connection/db")).contains(field);
        assertThat(fieldsOf(app, "deployment/infra")).contains("properties.template.containers['web'].env['MODE']");
        assertThat(app.toString()).as("no secret value in the app's resource").doesNotContain("password=");

        // A direct write of the app that gives the connection's setting another value.
        Map<String, Object> body = json(app);
        JsonNode setting = app.at("/properties/template/containers/0/env");
        List<Object> env = new ArrayList<>();
        setting.forEach(e -> env.add(e.path("name").asText().equals(SETTING) ? Map.of("name", SETTING, "value", "host=elsewhere") : json(e)));
        Map<String, Object> grabbing = withEnv(body, env);
        TestServer.Answer refused = sb.call("PUT", s.app() + RV, grabbing);
        assertThat(refused.status()).as(refused.raw().body()).isEqualTo(409);
        assertThat(refused.body().at("/error/code").asText()).isEqualTo("ConnectionOwnedSetting");
        assertThat(refused.body().at("/error/message").asText()).contains(field, s.linker());
        assertThat(refused.body().at("/error/target").asText()).isEqualTo(field);
        assertThat(fieldsOf(sb.call("GET", s.app() + RV, null).body(), "connection/db")).as("nothing changed").contains(field);

        TestServer.Answer forced = sb.call("PUT", s.app() + RV + "&force=true", grabbing);
        assertThat(forced.status()).as(forced.raw().body()).isEqualTo(200);
        assertThat(fieldsOf(forced.body(), "user")).contains(field);
        assertThat(fieldsOf(forced.body(), "connection/db")).doesNotContain(field);
        awaitHealth(s.app(), "\"connected\""); // the connection's value still reaches the app

        TestServer.Answer deleted = sb.call("DELETE", s.linker() + V, null);
        if (deleted.status() == 202) sb.await(deleted);
        JsonNode after = sb.call("GET", s.app() + RV, null).body();
        assertThat(fieldsOf(after, "connection/db")).isEmpty();
        assertThat(envNames(after)).as("the forced entry is the user's now").contains("MODE", SETTING);
        assertThat(after.at("/properties/configuration/secrets").toString()).doesNotContain("sbconn-");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(JsonNode node) {
        return TestServer.JSON.convertValue(node, Map.class);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> withEnv(Map<String, Object> body, List<Object> env) {
        Map<String, Object> p = (Map<String, Object>) body.get("properties");
        Map<String, Object> t = (Map<String, Object>) p.get("template");
        Map<String, Object> c = ((List<Map<String, Object>>) t.get("containers")).get(0);
        c.put("env", env);
        return body;
    }

    @Test
    void aClassicRedeployWipesTheSettingsAndTheReconcilerHealsThem() throws Exception {
        Scenario s = deployedAndConnected("classic", Map.of("switchboard.fieldOwnership", "classic"));
        int revisions = sb.call("GET", s.app() + "/revisions" + RV, null).body().path("value").size();
        JsonNode whatIf = sb.call("POST", s.group() + "/providers/Microsoft.Resources/deployments/infra/whatIf" + RV,
                deployment("classic")).body();
        assertThat(whatIf.at("/properties/brokenConnections").findValuesAsText("connection")).containsExactly(s.linker());
        assertThat(whatIf.at("/properties/changes").toString()).contains("Modify", SETTING);

        TestServer.Answer again = sb.call("PUT", s.group() + "/providers/Microsoft.Resources/deployments/infra" + RV, deployment("classic"));
        assertThat(again.body().at("/properties/provisioningState").asText()).as(again.raw().body()).isEqualTo("Succeeded");

        JsonNode events = null;
        for (int i = 0; i < 600; i++) {
            events = sb.call("GET", s.linker() + "/events" + V, null).body().path("value");
            if (events.findValuesAsText("kind").contains("DriftHealed")) break;
            Thread.sleep(100);
        }
        assertThat(events.findValuesAsText("kind")).as(events.toString()).contains("DriftDetected", "DriftHealed");
        assertThat(events.toString()).contains("SettingsRemoved", SETTING);
        JsonNode app = sb.call("GET", s.app() + RV, null).body();
        assertThat(envNames(app)).contains("MODE", SETTING);
        assertThat(fieldsOf(app, "connection/db")).isNotEmpty();
        awaitHealth(s.app(), "\"connected\"");
        assertThat(sb.call("GET", s.app() + "/revisions" + RV, null).body().path("value").size())
                .as("the wiped revision and the healed one").isGreaterThan(revisions);
        JsonNode validated = sb.result(sb.call("POST", s.linker() + "/validateLinker" + V, null)).body();
        assertThat(validated.at("/properties/isConnectionAvailable").asBoolean()).as(validated.toString()).isTrue();
    }
}
