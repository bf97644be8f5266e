package dev.switchboard.server;

import com.bertramlabs.plugins.hcl4j.HCLParser;
import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.core.deploy.DeploymentScope;
import dev.switchboard.core.deploy.PlannedResource;
import dev.switchboard.core.deploy.TemplateEngine;
import dev.switchboard.core.id.ResourceId;
import dev.switchboard.engine.export.ConnectionExport;
import dev.switchboard.engine.export.ConnectionExports;
import dev.switchboard.engine.export.ExportFormat;
import dev.switchboard.engine.export.SecretInput;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The generators without a server, on values chosen to break each syntax (quotes of every kind, backslashes,
 * {@code ${}} and {@code %{}, a leading '[', line breaks, '#', '---', ': ', tabs, non-ASCII): every format still
 * parses, and what it says reads back as the value it was given. ARM is read back by Switchboard's own template
 * engine, Terraform by hcl4j, Kubernetes by Jackson YAML; Bicep is checked for its shape and escapes.
 */
class ExportSyntaxTest {
    static final String HOSTILE = "it's \"quoted\" \\ back ${var.x} %{ if } \n# no comment\n--- \n: colon [x] ünï ✓\ttab";
    static final String BRACKET = "[not an expression]";
    static final ResourceId APP = ResourceId.parse("/subscriptions/s/resourceGroups/rg/providers/Microsoft.App/containerApps/web");
    static final ResourceId SERVER = ResourceId.parse("/subscriptions/s/resourceGroups/rg/providers/Microsoft.DBforPostgreSQL/flexibleServers/pg");
    static final SecretInput PASSWORD = new SecretInput("dbPassword", HOSTILE);

    static ConnectionExport model() {
        List<Object> env = List.of(Map.of("name", "HOSTILE", "value", HOSTILE), Map.of("name", "BRACKET", "value", BRACKET));
        Map<String, Object> app = new LinkedHashMap<>();
        app.put("template", Map.of("containers", List.of(Map.of("name", "web", "command", List.of("/bin/app"), "env", env)),
                "scale", Map.of("minReplicas", 1)));
        Map<String, Object> linker = new LinkedHashMap<>();
        linker.put("targetService", Map.of("type", "AzureResource", "id", SERVER + "/databases/db"));
        linker.put("authInfo", Map.of("authType", "secret", "name", "sb_x", "secretInfo", Map.of("secretType", "rawValue", "value", PASSWORD)));
        linker.put("clientType", "springBoot");
        linker.put("configurationInfo", Map.of("customizedKeys", Map.of("spring.datasource.url", "DB_URL"),
                "additionalConfigurations", Map.of("weird key", HOSTILE, "BRACKET", BRACKET)));
        List<ConnectionExport.Setting> settings = List.of(
                new ConnectionExport.Setting("DB_URL", false, false, HOSTILE, "jdbc:postgresql://h:5/db"),
                new ConnectionExport.Setting("weird key", false, false, null, HOSTILE),
                new ConnectionExport.Setting("spring.datasource.password", true, false, "password", "<password>"),
                new ConnectionExport.Setting("SERVICE_BINDING_ROOT/db/password", true, true, "binding", "<password>"));
        return new ConnectionExport(APP.extension("Microsoft.ServiceLinker", "linkers", "db"), linker,
                new ConnectionExport.App(APP, "2024-03-01", "local", Map.of(), Map.of("type", "SystemAssigned"), app, List.of("web")),
                settings, new ConnectionExport.TargetStep("postgresql", SERVER, ResourceId.parse(SERVER + "/databases/db"), "sb_x",
                "LOGIN", List.of(HOSTILE), "given as the secret input 'dbPassword'"), List.of(PASSWORD), null);
    }

    @Test
    void armReadsBackThroughSwitchboardsTemplateEngine() throws Exception {
        Map<String, Object> template = TestServer.JSON.readValue(ConnectionExports.render(ExportFormat.ARM, model()), Map.class);
        TemplateEngine.Expanded x = TemplateEngine.expand(template, Map.of("dbPassword", Map.of("value", "pw-given")),
                new DeploymentScope("s", "rg", "d", "local"));
        PlannedResource app = x.resources().get(0);
        PlannedResource linker = x.resources().get(1);
        assertThat(linker.id()).isEqualTo(APP + "/providers/Microsoft.ServiceLinker/linkers/db");
        JsonNode appBody = TestServer.JSON.valueToTree(x.body(app, id -> Optional.empty()));
        assertThat(appBody.at("/properties/template/containers/0/env/0/value").asText()).isEqualTo(HOSTILE);
        assertThat(appBody.at("/properties/template/containers/0/env/1/value").asText()).isEqualTo(BRACKET);
        JsonNode linkerBody = TestServer.JSON.valueToTree(x.body(linker, id -> Optional.empty()));
        assertThat(linkerBody.at("/properties/authInfo/secretInfo/value").asText()).isEqualTo("pw-given");
        assertThat(linkerBody.at("/properties/configurationInfo/additionalConfigurations/weird key").asText()).isEqualTo(HOSTILE);
        assertThat(linkerBody.at("/properties/configurationInfo/additionalConfigurations/BRACKET").asText()).isEqualTo(BRACKET);
    }

    @Test
    void terraformParsesAndReadsBack() throws Exception {
        String text = ConnectionExports.render(ExportFormat.TERRAFORM, model());
        Map<String, Object> hcl = new HCLParser().parse(text);
        Map<?, ?> connection = (Map<?, ?>) ((Map<?, ?>) ((Map<?, ?>) hcl.get("resource")).get("azapi_resource")).get("connection");
        Map<?, ?> config = (Map<?, ?>) ((Map<?, ?>) ((Map<?, ?>) connection.get("body")).get("properties")).get("configurationInfo");
        // hcl4j keeps HCL's template escapes ($${, %%{) as written; Terraform reads them as ${ and %{.
        String asHcl4jReadsIt = HOSTILE.replace("${", "$${").replace("%{", "%%{");
        assertThat(((Map<?, ?>) config.get("additionalConfigurations")).get("weird key")).isEqualTo(asHcl4jReadsIt);
        assertThat(((Map<?, ?>) config.get("customizedKeys")).get("spring.datasource.url")).isEqualTo("DB_URL");
        assertThat(text).contains("value = var.db_password");
        assertThat(text.lines().filter(l -> !l.startsWith("#"))).as("outside comments no template starts")
                .noneMatch(l -> l.replace("$${", "").contains("${"));
    }

    @Test
    void kubernetesParsesAndReadsBack() throws Exception {
        List<JsonNode> docs = ExportWorld.yamlDocuments(ConnectionExports.render(ExportFormat.KUBERNETES, model()));
        assertThat(docs).extracting(d -> d.path("kind").asText()).containsExactly("ServiceAccount", "ConfigMap", "Deployment", "ConfigMap");
        assertThat(docs.get(1).at("/data/DB_URL").asText()).isEqualTo("jdbc:postgresql://h:5/db");
        assertThat(docs.get(1).path("data").path("weird_key").asText()).isEqualTo(HOSTILE);
        JsonNode pod = docs.get(2).at("/spec/template/spec");
        assertThat(pod.at("/volumes/0/secret/secretName").asText()).isEqualTo("web-db-binding");
        assertThat(pod.at("/containers/0/volumeMounts/0/mountPath").asText()).isEqualTo("/bindings/db");
        JsonNode described = TestServer.JSON.readTree(docs.get(3).at("/data/connection.json").asText());
        assertThat(described.at("/configurationInfo/additionalConfigurations/weird key").asText()).isEqualTo(HOSTILE);
        assertThat(TestServer.JSON.readTree(docs.get(3).at("/data/target-step.json").asText()).at("/grants/0").asText()).isEqualTo(HOSTILE);
    }

    @Test
    void bicepKeepsItsShapeAndEscapesEveryString() {
        String text = ConnectionExports.render(ExportFormat.BICEP, model());
        assertThat(BicepShape.problems(text)).isEmpty();
        assertThat(text).contains("'it\\'s \"quoted\" \\\\ back \\${var.x} %{ if } \\n# no comment\\n--- \\n: colon [x] ünï ✓\\ttab'",
                "'weird key': ", "value: dbPassword");
        assertThat(text.lines().filter(l -> l.startsWith("//"))).allMatch(l -> !l.contains("\n"));
    }
}
