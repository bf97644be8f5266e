package dev.switchboard.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.switchboard.core.id.ResourceId;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the export tests share: a resource group with a PostgreSQL server, a database and a container app that has
 * an identity and a secret of its own, a connection from the app to the database with a password the test chose,
 * and reading an export back.
 */
final class ExportWorld {
    static final String V = "?api-version=2024-04-01";
    static final String RV = "?api-version=2024-03-01";
    final String suffix = ApiChecks.suffix();
    final String rg = "/subscriptions/" + TestServer.SUB + "/resourceGroups/exp-" + suffix;
    final String server = rg + "/providers/Microsoft.DBforPostgreSQL/flexibleServers/pg";
    final String dbName = "sbexp_" + suffix;
    final String db = server + "/databases/" + dbName;
    final String app = rg + "/providers/Microsoft.App/containerApps/web";
    final String linker = app + "/providers/Microsoft.ServiceLinker/linkers/db";
    final String password = ApiChecks.secret();
    final String appSecret = ApiChecks.secret();
    final TestServer sb;

    ExportWorld(TestServer sb) {
        this.sb = sb;
    }

    /** A server on {@code data} with the world built in it. */
    static ExportWorld start(java.nio.file.Path data) {
        return new ExportWorld(TestServer.start(data)).build();
    }

    /** Deletes what the world holds, stops the server, and checks PostgreSQL has nothing of it left. */
    void stop() throws Exception {
        try {
            tearDown();
        } finally {
            sb.close();
        }
        assertThat(ApiChecks.sweepLocalPostgres(suffix)).as("left on PostgreSQL").isEmpty();
    }

    ExportWorld build() {
        assertThat(sb.call("PUT", rg + RV, Map.of("location", "local")).status()).isEqualTo(201);
        assertThat(sb.call("PUT", server + RV, Map.of("location", "local", "properties", Map.of())).status()).isEqualTo(201);
        assertThat(sb.call("PUT", db + RV, Map.of("properties", Map.of())).status()).isEqualTo(201);
        assertThat(sb.call("PUT", app + RV, appBody()).status()).isEqualTo(201);
        create(linker, Map.of("properties", Map.of("targetService", Map.of("type", "AzureResource", "id", db),
                "authInfo", Map.of("authType", "secret", "secretInfo", Map.of("secretType", "rawValue", "value", password)),
                "clientType", "java", "configurationInfo", Map.of("additionalConfigurations", Map.of("DB_POOL", "10")))));
        return this;
    }

    /** The health app, with a system-assigned identity and a secret of its own that its environment refers to. */
    Map<String, Object> appBody() {
        String jar = System.getProperty("switchboard.repoRoot") + "/examples/health-app/target/health-app.jar";
        Map<String, Object> container = Map.of("name", "web", "command", List.of(ProcessHandle.current().info().command().orElseThrow(),
                "-jar", jar), "env", List.of(Map.of("name", "API_KEY", "secretRef", "api-key")));
        return Map.of("location", "local", "identity", Map.of("type", "SystemAssigned"), "properties", Map.of(
                "configuration", Map.of("secrets", List.of(Map.of("name", "api-key", "value", appSecret))),
                "template", Map.of("containers", List.of(container))));
    }

    void create(String id, Map<String, Object> body) {
        TestServer.Answer put = sb.call("PUT", id + V, body);
        assertThat(put.status()).as(put.raw().body()).isEqualTo(201);
        JsonNode status = sb.await(put);
        assertThat(status.path("status").asText()).as(status.toString()).isEqualTo("Succeeded");
    }

    void delete(String id) {
        TestServer.Answer a = sb.call("DELETE", id + V, null);
        if (a.status() == 202) sb.await(a);
    }

    String login() {
        return sb.call("GET", linker + V, null).body().at("/properties/authInfo/name").asText();
    }

    /** The connection's password as the store keeps it: in its secret table, or in the vault its settings refer to. */
    String storedPassword(String id) {
        String key = sb.server().store().footprint(ResourceId.parse(id)).orElseThrow().passwordSecret();
        var plain = sb.server().store().get(key);
        if (plain.isPresent()) return plain.get().reveal();
        JsonNode configurations = sb.call("POST", id + "/listConfigurations" + V, null).body().path("configurations");
        for (JsonNode c : configurations) {
            if (!c.path("configType").asText().equals("KeyVaultSecret")) continue;
            String[] uri = c.path("value").asText().split("/"); // https://{vault}.vault.switchboard.local/secrets/{name}/{version}
            return sb.server().store().secret(uri[2].split("\\.")[0], uri[4]).orElseThrow().value().reveal();
        }
        throw new AssertionError("no password found for " + id);
    }

    /** {@code GET {id}/export?format=}, checked to be a 200 of {@code contentType}. */
    TestServer.Answer export(String id, String format, String contentType) {
        TestServer.Answer a = sb.call("GET", id + "/export" + V + "&format=" + format, null);
        assertThat(a.status()).as(a.raw().body()).isEqualTo(200);
        assertThat(a.header("Content-Type")).startsWith(contentType);
        assertThat(a.header("Content-Disposition")).contains("filename=\"" + ResourceId.parse(id).name() + ".");
        return a;
    }

    List<String> settingNames(String id) {
        return sb.call("POST", id + "/listConfigurations" + V, null).body().path("configurations").findValuesAsText("name");
    }

    static List<JsonNode> yamlDocuments(String text) throws Exception {
        YAMLMapper yaml = new YAMLMapper();
        try (MappingIterator<JsonNode> it = yaml.readerFor(JsonNode.class).readValues(new YAMLFactory().createParser(text))) {
            return it.readAll();
        }
    }

    private void tearDown() {
        for (JsonNode l : sb.call("GET", app + "/providers/Microsoft.ServiceLinker/linkers" + V, null).body().path("value")) {
            delete(l.path("id").asText());
        }
        for (JsonNode c : sb.call("GET", rg + "/providers/Microsoft.ServiceLinker/locations/local/connectors" + V, null).body().path("value")) {
            delete(c.path("id").asText());
        }
        sb.call("DELETE", rg + RV, null);
    }
}
