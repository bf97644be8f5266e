package dev.switchboard.server;

import com.bertramlabs.plugins.hcl4j.HCLParser;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static dev.switchboard.server.ExportWorld.RV;
import static dev.switchboard.server.ExportWorld.V;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET {linkerId}/export} in each format on a real server and PostgreSQL: Terraform parsed by a real HCL
 * parser, Kubernetes YAML parsed into its documents, Bicep checked for its shape, ARM for its parameters; no
 * format holds a password or an app secret (as is, URL-encoded or in base64); connections whose password lives in a
 * vault export a reference to it; bad requests are refused. Last, issue 5's round trip: the connection and its app
 * are deleted (the login goes with them) and their ARM export is deployed back through Switchboard's own deployment
 * API, the secure parameters given at deploy time; the same state comes back: the connection with the same
 * properties, the app with its identity and the same setting names, the login on PostgreSQL, and a validation that
 * passes because the app really logs in.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConnectionExportTest {
    @TempDir
    static Path data;
    static TestServer sb;
    static ExportWorld w;

    @BeforeAll
    static void start() {
        w = ExportWorld.start(data);
        sb = w.sb;
    }

    @AfterAll
    static void stop() throws Exception {
        if (w != null) w.stop();
    }

    @Test
    void armHasSecureParametersTheAppWithItsIdentityAndTheConnectionDescribed() {
        JsonNode t = w.export(w.linker, "arm", "application/json").body();
        assertThat(t.at("/parameters/dbPassword/type").asText()).isEqualTo("securestring");
        assertThat(t.at("/parameters/webSecretApiKey/type").asText()).isEqualTo("securestring");
        assertThat(t.has("outputs")).as("nothing leaves through outputs").isFalse();
        JsonNode app = t.at("/resources/0");
        assertThat(app.path("type").asText()).isEqualTo("Microsoft.App/containerApps");
        assertThat(app.at("/identity/type").asText()).isEqualTo("SystemAssigned");
        assertThat(app.at("/identity/principalId").isMissingNode()).as("ARM makes the ids").isTrue();
        assertThat(app.at("/properties/configuration/secrets/0/value").asText()).isEqualTo("[parameters('webSecretApiKey')]");
        JsonNode linker = t.at("/resources/1");
        assertThat(linker.path("scope").asText()).isEqualTo("Microsoft.App/containerApps/web");
        assertThat(linker.at("/properties/authInfo/name").asText()).isEqualTo(w.login());
        assertThat(linker.at("/properties/authInfo/secretInfo/value").asText()).isEqualTo("[parameters('dbPassword')]");
        assertThat(linker.at("/properties/provisioningState").isMissingNode()).isTrue();
        JsonNode steps = t.at("/metadata/switchboard");
        assertThat(steps.at("/targetStep/login").asText()).isEqualTo(w.login());
        assertThat(steps.at("/targetStep/grants").toString()).contains("CONNECT on database " + w.dbName, "USAGE on schema public");
        assertThat(steps.at("/projectedSettings").findValuesAsText("name")).containsExactlyInAnyOrderElementsOf(w.settingNames(w.linker));
    }

    @Test
    @SuppressWarnings("unchecked")
    void terraformParsesAsHclWithTheAppTheConnectionAndTheTargetStep() throws Exception {
        String text = w.export(w.linker, "terraform", "text/plain").raw().body();
        Map<String, Object> hcl = new HCLParser().parse(text);
        Map<?, ?> variables = (Map<?, ?>) hcl.get("variable");
        assertThat(((Map<?, ?>) variables.get("db_password")).get("sensitive")).isEqualTo(true);
        assertThat(variables.containsKey("web_secret_api_key")).isTrue();
        Map<?, ?> azapi = (Map<?, ?>) ((Map<?, ?>) hcl.get("resource")).get("azapi_resource");
        Map<?, ?> app = (Map<?, ?>) azapi.get("app");
        assertThat(app.get("type")).isEqualTo("Microsoft.App/containerApps@2024-03-01");
        assertThat(((Map<?, ?>) app.get("identity")).get("type")).isEqualTo("SystemAssigned");
        Map<?, ?> connection = (Map<?, ?>) azapi.get("connection");
        assertThat(connection.get("type")).isEqualTo("Microsoft.ServiceLinker/linkers@2024-04-01");
        assertThat(path(connection, "body", "properties", "authInfo", "name")).isEqualTo(w.login());
        assertThat(path(connection, "body", "properties", "targetService", "id")).isEqualTo(w.db);
        assertThat(text).contains("parent_id = azapi_resource.app.id", "value = var.db_password");
        Map<?, ?> data = (Map<?, ?>) ((Map<?, ?>) hcl.get("resource")).get("terraform_data");
        assertThat(path(data, "target_login", "input", "login")).isEqualTo(w.login());
        assertThat((List<Object>) path(data, "target_login", "input", "grants")).contains((Object) "CONNECT on database " + w.dbName);
        List<Object> names = new ArrayList<>();
        ((List<?>) path(data, "app_settings", "input", "settings")).forEach(s -> names.add(((Map<?, ?>) s).get("name")));
        assertThat(names).containsExactlyInAnyOrderElementsOf(w.settingNames(w.linker));
    }

    @Test
    void kubernetesIsYamlWithAServiceAccountConfigMapsAndADeploymentPatchReferringToASecret() throws Exception {
        List<JsonNode> docs = ExportWorld.yamlDocuments(w.export(w.linker, "kubernetes", "application/yaml").raw().body());
        assertThat(docs).extracting(d -> d.path("kind").asText()).containsExactly("ServiceAccount", "ConfigMap", "Deployment", "ConfigMap");
        assertThat(docs.get(1).at("/data/DB_POOL").asText()).isEqualTo("10");
        JsonNode deployment = docs.get(2);
        assertThat(deployment.at("/metadata/name").asText()).isEqualTo("web");
        JsonNode pod = deployment.at("/spec/template/spec");
        assertThat(pod.path("serviceAccountName").asText()).isEqualTo("web");
        JsonNode env = pod.at("/containers/0/env");
        assertThat(pod.at("/containers/0/name").asText()).isEqualTo("web");
        List<String> names = new ArrayList<>();
        env.forEach(e -> names.add(e.path("name").asText()));
        assertThat(names).containsExactlyInAnyOrderElementsOf(w.settingNames(w.linker));
        for (JsonNode e : env) {
            if (e.path("name").asText().equals("AZURE_POSTGRESQL_CONNECTIONSTRING")) {
                assertThat(e.at("/valueFrom/secretKeyRef/name").asText()).isEqualTo("web-db-secret");
            } else {
                assertThat(e.at("/valueFrom/configMapKeyRef/name").asText()).isEqualTo("web-db");
            }
        }
        assertThat(docs.get(3).at("/data/description").asText()).contains(w.login(), "CONNECT on database");
        assertThat(TestServer.JSON.readTree(docs.get(3).at("/data/connection.json").asText()).at("/authInfo/secretInfo/value").asText())
                .isEqualTo("<secret input dbPassword>");
    }

    @Test
    void bicepHasTheShapeOfABicepFile() {
        String text = w.export(w.linker, "bicep", "text/plain").raw().body();
        assertThat(text).contains("@secure()\n@description(", "\nparam dbPassword string\n", "\nparam webSecretApiKey string\n",
                "resource app 'Microsoft.App/containerApps@2024-03-01' = {\n",
                "resource connection 'Microsoft.ServiceLinker/linkers@2024-04-01' = {\n", "  scope: app\n",
                "        value: dbPassword\n", "    type: 'SystemAssigned'\n");
        assertThat(BicepShape.problems(text)).isEmpty();
    }

    @Test
    void noFormatHoldsAPasswordOrAnAppSecret() {
        assertThat(w.storedPassword(w.linker)).as("the test's password is the one stored").isEqualTo(w.password);
        for (String format : List.of("arm", "bicep", "terraform", "kubernetes")) {
            String text = sb.call("GET", w.linker + "/export" + V + "&format=" + format, null).raw().body();
            for (String secret : List.of(w.password, w.appSecret)) {
                assertThat(text).as(format).doesNotContain(secret, java.net.URLEncoder.encode(secret, java.nio.charset.StandardCharsets.UTF_8),
                        Base64.getEncoder().encodeToString(secret.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            }
        }
    }

    @Test
    void aBadFormatIsA400NamingFormatAndAnUnknownConnectionA404() {
        ApiChecks.assertArmError(sb.call("GET", w.linker + "/export" + V + "&format=pulumi", null), 400, "InvalidExportFormat",
                "pulumi", "arm, bicep, terraform, kubernetes");
        JsonNode missing = ApiChecks.assertArmError(sb.call("GET", w.linker + "/export" + V, null), 400, "InvalidExportFormat");
        assertThat(missing.path("target").asText()).isEqualTo("format");
        ApiChecks.assertArmError(sb.call("GET", w.app + "/providers/Microsoft.ServiceLinker/linkers/nope/export" + V + "&format=arm", null),
                404, "ResourceNotFound");
        ApiChecks.assertArmError(sb.call("POST", w.linker + "/export" + V + "&format=arm", null), 405, "MethodNotAllowed");
        ApiChecks.assertArmError(sb.call("GET", w.linker + "/export?api-version=1999-01-01&format=arm", null), 400,
                "InvalidApiVersionParameter");
    }

    @Test
    void aPasswordInAVaultIsExportedAsAReference() throws Exception {
        String vault = w.rg + "/providers/Microsoft.KeyVault/vaults/sbexp" + w.suffix;
        assertThat(sb.call("PUT", vault + RV, Map.of("location", "local", "properties", Map.of())).status()).isEqualTo(201);
        String connectors = w.rg + "/providers/Microsoft.ServiceLinker/locations/local/connectors/";
        String generated = connectors + "gen" + w.suffix;
        w.create(generated, connector(Map.of("authType", "secret"), vault));
        String userSecret = ApiChecks.secret();
        assertThat(sb.call("PUT", vault + "/secrets/kept" + RV, Map.of("properties", Map.of("value", userSecret))).status()).isEqualTo(201);
        String kept = connectors + "kept" + w.suffix;
        w.create(kept, connector(Map.of("authType", "secret", "secretInfo", Map.of("secretType", "keyVaultSecretReference",
                "name", "kept")), vault));

        JsonNode gen = w.export(generated, "arm", "application/json").body();
        assertThat(gen.at("/resources/0/type").asText()).isEqualTo("Microsoft.ServiceLinker/locations/connectors");
        assertThat(gen.at("/resources/0/name").asText()).isEqualTo("local/gen" + w.suffix);
        assertThat(gen.at("/resources/0/properties/secretStore/keyVaultId").asText()).isEqualTo(vault);
        assertThat(gen.at("/metadata/switchboard/keyVault").asText()).isEqualTo(vault);
        assertThat(gen.at("/parameters/" + "gen" + w.suffix + "Password/metadata/description").asText()).contains(vault);

        JsonNode ref = w.export(kept, "arm", "application/json").body();
        assertThat(ref.path("parameters").isEmpty()).as("nothing to give: the password is the user's vault secret").isTrue();
        assertThat(ref.at("/resources/0/properties/authInfo/secretInfo/secretType").asText()).isEqualTo("keyVaultSecretReference");
        assertThat(ref.at("/resources/0/properties/authInfo/secretInfo/name").asText()).isEqualTo("kept");
        List<JsonNode> docs = ExportWorld.yamlDocuments(w.export(kept, "kubernetes", "application/yaml").raw().body());
        assertThat(docs).extracting(d -> d.path("kind").asText()).containsExactly("ConfigMap", "ConfigMap");
        new HCLParser().parse(w.export(kept, "terraform", "text/plain").raw().body());
        for (String id : List.of(generated, kept)) {
            for (String format : List.of("arm", "bicep", "terraform", "kubernetes")) {
                String text = sb.call("GET", id + "/export" + V + "&format=" + format, null).raw().body();
                assertThat(text).as(format).doesNotContain(w.storedPassword(generated), userSecret);
            }
        }
    }

    /** Last: it deletes the app and the connection and deploys them back from their export. */
    @Test
    @Order(Integer.MAX_VALUE)
    void theExportedArmTemplateDeploysBackToTheSameState() throws Exception {
        JsonNode before = sb.call("GET", w.linker + V, null).body().path("properties");
        List<String> settings = w.settingNames(w.linker);
        String login = w.login();
        assertThat(ConnectionLifecycleTest.health(sb, w.app).path("status").asText()).isEqualTo("connected");
        JsonNode template = w.export(w.linker, "arm", "application/json").body();

        w.delete(w.linker);
        assertThat(sb.call("DELETE", w.app + RV, null).status()).isBetween(200, 204);
        assertThat(sb.call("GET", w.app + RV, null).status()).isEqualTo(404);
        assertThat(LocalPostgres.roleExists(login)).as("the login went with the connection").isFalse();

        String newPassword = ApiChecks.secret();
        TestServer.Answer deployed = sb.call("PUT", w.rg + "/providers/Microsoft.Resources/deployments/back" + RV,
                Map.of("properties", Map.of("mode", "Incremental", "template", template, "parameters", Map.of(
                        "dbPassword", Map.of("value", newPassword), "webSecretApiKey", Map.of("value", w.appSecret)))));
        assertThat(deployed.status()).as(deployed.raw().body()).isEqualTo(201);
        assertThat(deployed.body().at("/properties/provisioningState").asText()).as(deployed.raw().body()).isEqualTo("Succeeded");
        assertThat(deployed.body().at("/properties/parameters/dbPassword/value").isMissingNode()).as("never echoed").isTrue();

        JsonNode after = sb.call("GET", w.linker + V, null).body().path("properties");
        for (String field : List.of("targetService", "clientType", "configurationInfo", "publicNetworkSolution", "driftPolicy")) {
            assertThat(after.path(field)).as(field).isEqualTo(before.path(field));
        }
        assertThat(after.at("/authInfo/authType").asText()).isEqualTo("secret");
        assertThat(after.at("/authInfo/name").asText()).isEqualTo(login);
        assertThat(after.path("provisioningState").asText()).isEqualTo("Succeeded");
        assertThat(w.settingNames(w.linker)).containsExactlyInAnyOrderElementsOf(settings);
        assertThat(sb.call("GET", w.app + RV, null).body().at("/identity/type").asText()).isEqualTo("SystemAssigned");
        assertThat(LocalPostgres.roleExists(login)).as("the login is back").isTrue();
        assertThat(w.storedPassword(w.linker)).as("with the password given at deploy time").isEqualTo(newPassword);

        JsonNode report = sb.result(sb.call("POST", w.linker + "/validateLinker" + V, null)).body();
        assertThat(report.at("/properties/isConnectionAvailable").asBoolean()).as(report.toString()).isTrue();
        assertThat(ConnectionLifecycleTest.health(sb, w.app).path("status").asText()).as("the app logs in").isEqualTo("connected");
    }

    private Map<String, Object> connector(Map<String, Object> auth, String vault) {
        return Map.of("properties", Map.of("targetService", Map.of("type", "AzureResource", "id", w.db), "authInfo", auth,
                "clientType", "none", "secretStore", Map.of("keyVaultId", vault)));
    }

    private static Object path(Map<?, ?> m, String... keys) {
        Object at = m;
        for (String k : keys) at = ((Map<?, ?>) at).get(k);
        return at;
    }
}
