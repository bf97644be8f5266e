package dev.switchboard.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Replays every request of the ServiceLinker reference examples (../shared/reference) against a real server and
 * checks each answer has the documented status and shape: every field the example's response shows is present
 * with the same JSON type. Examples whose target Switchboard does not realise (Cosmos DB) or whose auth type it
 * does not support yet are replayed twice: as written, where the answer must be the documented error envelope
 * with a precise code, and with the target swapped for a real PostgreSQL database, where it must succeed.
 */
class ExampleReplayTest {
    static final String RG = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/test-rg";
    static final String COSMOS = RG + "/providers/Microsoft.DocumentDb/databaseAccounts/test-acc/mongodbDatabases/test-db";
    static final String PG_DB = RG + "/providers/Microsoft.DBforPostgreSQL/servers/test-pg/databases/test-db";
    static final String SITE = RG + "/providers/Microsoft.Web/sites/test-app";
    static final String CONTAINER_APP = RG + "/providers/Microsoft.App/containerApps/test-app";

    /** Run order: resources are created before they are read, and deleted last. */
    static final List<String> ORDER = List.of("OperationsList", "ConfigurationNamesList", "PutLinker", "Linker", "LinkerList",
            "PatchLinker", "ValidateLinkerSuccess", "GetConfigurations", "LinkerGenerateConfigurations", "GetDaprConfigurations",
            "PutDryrun", "GetDryrun", "ListDryrun", "PatchDryrun", "DeleteDryrun",
            "PutConnector", "Connectors", "ConnectorList", "PatchConnector", "ValidateConnectorSuccess", "GenerateConfigurations",
            "ConnectorDryrunCreate", "ConnectorDryrunGet", "ConnectorDryrunList", "ConnectorDryrunUpdate", "ConnectorDryrunDelete",
            "DeleteConnector", "DeleteLinker");

    /** Examples Switchboard answers with the documented error envelope as written, and the code it uses. */
    static final Map<String, String> REFUSED_AS_WRITTEN = Map.of(
            "PatchLinker", "AuthTypeNotSupported",
            "PutConnector", "TargetTypeNotSupported",
            "PatchConnector", "AuthTypeNotSupported");

    /** Fields the spec types as free-form dictionaries: their keys are data, not shape. */
    static final java.util.Set<String> DICTIONARIES = java.util.Set.of("customizedKeys", "additionalConfigurations");

    static final List<String> DISCRIMINATORS = List.of("authType", "secretType");

    @TempDir
    static Path data;
    static TestServer sb;

    static SwaggerSchema schema;

    @BeforeAll
    static void fixtures() throws Exception {
        schema = new SwaggerSchema(Path.of(System.getProperty("switchboard.repoRoot"), "..", "shared", "reference", "servicelinker"));
        sb = TestServer.start(data);
        String v = "?api-version=2024-03-01";
        assertThat(sb.call("PUT", RG + v, Map.of("location", "local")).status()).isIn(200, 201);
        assertThat(sb.call("PUT", PG_DB.substring(0, PG_DB.indexOf("/databases")) + v, Map.of("properties", Map.of())).status()).isIn(200, 201);
        assertThat(sb.call("PUT", PG_DB + v, Map.of("properties", Map.of())).status()).isIn(200, 201);
        assertThat(sb.call("PUT", SITE + v, Map.of("properties", Map.of("siteConfig", Map.of()))).status()).isIn(200, 201);
        assertThat(sb.call("PUT", CONTAINER_APP + v, Map.of("properties", Map.of())).status()).isIn(200, 201);
        // PutConnector keeps its password in this vault (secretStore.keyVaultId), which must exist.
        assertThat(sb.call("PUT", RG + "/providers/Microsoft.KeyVault/vaults/test-kv" + v, Map.of("location", "local")).status()).isIn(200, 201);
        TestServer.Answer a = sb.call("PUT", CONTAINER_APP + "/providers/Microsoft.ServiceLinker/linkers/linkName?api-version=2024-04-01",
                Map.of("properties", Map.of("targetService", Map.of("type", "AzureResource", "id", PG_DB),
                        "authInfo", Map.of("authType", "secret"))));
        assertThat(sb.await(a).path("status").asText()).isEqualTo("Succeeded");
    }

    @AfterAll
    static void cleanUp() throws Exception {
        if (sb == null) return;
        TestServer.Answer a = sb.call("DELETE", CONTAINER_APP + "/providers/Microsoft.ServiceLinker/linkers/linkName?api-version=2024-04-01", null);
        if (a.status() == 202) sb.await(a);
        for (String id : List.of(SITE, CONTAINER_APP, PG_DB)) sb.call("DELETE", id + "?api-version=2024-03-01", null);
        sb.call("DELETE", RG + "?api-version=2024-03-01", null);
        sb.close();
        assertThat(LocalPostgres.roleExists("name")).isFalse();
        assertThat(LocalPostgres.databasesLike("test-db")).isEmpty();
    }

    @Test
    void everyExampleIsAnsweredInItsDocumentedShape() throws Exception {
        Path dir = Path.of(System.getProperty("switchboard.repoRoot"), "..", "shared", "reference", "servicelinker",
                "2024-07-01-preview", "examples");
        List<String> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.map(p -> p.getFileName().toString().replace(".json", "")).sorted().toList();
        }
        assertThat(ORDER).containsExactlyInAnyOrderElementsOf(files);
        List<String> report = new ArrayList<>();
        for (String name : ORDER) {
            JsonNode example = TestServer.JSON.readTree(dir.resolve(name + ".json").toFile());
            String refusal = REFUSED_AS_WRITTEN.get(name);
            if (refusal != null) {
                TestServer.Answer asWritten = send(example, false);
                assertThat(asWritten.status()).as(name + " as written: " + asWritten.body()).isEqualTo(400);
                assertThat(asWritten.body().at("/error/code").asText()).as(name).isEqualTo(refusal);
                assertThat(asWritten.body().at("/error/message").asText()).as(name).isNotBlank();
            }
            TestServer.Answer answer = send(example, true);
            if (refusal != null && !name.equals("PutConnector")) {
                assertThat(answer.status()).as(name + " with PostgreSQL: " + answer.body()).isEqualTo(400);
                assertThat(answer.body().at("/error/code").asText()).isEqualTo("AuthTypeNotSupported");
                report.add(name + ": refused (" + refusal + ")");
                continue;
            }
            checkDocumented(name, example, answer);
            report.add(name + ": " + answer.status());
        }
        assertThat(report).hasSize(ORDER.size());
    }

    private static void checkDocumented(String name, JsonNode example, TestServer.Answer answer) {
        assertThat(schema.check(example.path("operationId").asText(), answer.status(), answer.body()))
                .as(name + " against the spec's response schema: " + answer.body()).isEmpty();
        JsonNode responses = example.path("responses");
        assertThat(responses.has(String.valueOf(answer.status()))).as(name + " answered " + answer.status() + " "
                + answer.body() + "; documented: " + responses.properties().stream().map(Map.Entry::getKey).toList()).isTrue();
        JsonNode documented = responses.path(String.valueOf(answer.status())).path("body");
        if (!documented.isMissingNode()) assertShape(name, "", documented, answer.body());
        if (answer.status() == 202) {
            assertThat(answer.header("Azure-AsyncOperation") != null || answer.header("Location") != null).as(name).isTrue();
            if (answer.header("Location") != null && name.startsWith("Validate")) {
                TestServer.Answer result = sb.result(answer);
                assertThat(result.status()).isEqualTo(200);
                assertThat(schema.check(example.path("operationId").asText(), 200, result.body())).as(name + " result").isEmpty();
                assertShape(name + " result", "", responses.path("200").path("body"), result.body());
            } else if (answer.header("Azure-AsyncOperation") != null) {
                assertThat(sb.await(answer).path("status").asText()).as(name).isEqualTo("Succeeded");
            }
        }
        if (answer.header("Azure-AsyncOperation") != null && answer.status() < 300 && answer.status() != 202) {
            assertThat(sb.await(answer).path("status").asText()).as(name + " operation").isEqualTo("Succeeded");
        }
    }

    /** Every field of {@code documented} is in {@code actual} with the same JSON type; arrays compare first items. */
    static void assertShape(String name, String path, JsonNode documented, JsonNode actual) {
        if (documented.isNull() || actual.isNull()) return;
        assertThat(actual.getNodeType()).as(name + " " + path + " in " + actual).isEqualTo(documented.getNodeType());
        if (documented.isObject()) {
            if (DISCRIMINATORS.stream().anyMatch(d -> documented.has(d) && actual.has(d) && !documented.get(d).equals(actual.get(d)))) {
                return; // another variant of a polymorphic type (e.g. an identity authInfo): its fields are not ours to have
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = documented.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                assertThat(actual.has(f.getKey())).as(name + " lacks " + path + "/" + f.getKey() + " in " + actual).isTrue();
                if (DICTIONARIES.contains(f.getKey())) continue;
                assertShape(name, path + "/" + f.getKey(), f.getValue(), actual.get(f.getKey()));
            }
        } else if (documented.isArray() && documented.size() > 0 && actual.size() > 0) {
            assertShape(name, path + "[0]", documented.get(0), actual.get(0));
        }
    }

    /** Builds the request from the example's parameters; {@code swapTarget} points Cosmos targets at PostgreSQL. */
    static TestServer.Answer send(JsonNode example, boolean swapTarget) {
        JsonNode p = example.path("parameters");
        String op = example.path("operationId").asText();
        String path = path(op, p);
        String method = method(op);
        JsonNode body = p.has("parameters") ? p.get("parameters").deepCopy() : null;
        String text = body == null ? null : body.toString();
        if (text != null && swapTarget) text = text.replace(COSMOS, PG_DB);
        return sb.call(method, path + "?api-version=" + p.path("api-version").asText(), text);
    }

    static String method(String op) {
        String verb = op.substring(op.indexOf('_') + 1);
        if (verb.startsWith("Get") && !verb.equals("GenerateConfigurations") || verb.startsWith("List") && !verb.equals("ListConfigurations")) {
            return "GET";
        }
        if (verb.startsWith("Create")) return "PUT";
        if (verb.startsWith("Update")) return "PATCH";
        if (verb.startsWith("Delete")) return "DELETE";
        return "POST";
    }

    static String path(String op, JsonNode p) {
        Map<String, String> vars = new LinkedHashMap<>();
        p.fields().forEachRemaining(e -> vars.put(e.getKey(), e.getValue().asText()));
        String scope = op.startsWith("Connector_")
                ? "/subscriptions/" + vars.get("subscriptionId") + "/resourcegroups/" + vars.get("resourceGroupName")
                + "/providers/Microsoft.ServiceLinker/locations/" + vars.get("location")
                : "/" + vars.getOrDefault("resourceUri", "") + "/providers/Microsoft.ServiceLinker";
        return switch (op) {
            case "Operations_List" -> "/providers/Microsoft.ServiceLinker/operations";
            case "ConfigurationNames_List" -> "/providers/Microsoft.ServiceLinker/configurationNames";
            case "Linker_List" -> scope + "/linkers";
            case "Linker_Get", "Linker_CreateOrUpdate", "Linker_Update", "Linker_Delete" -> scope + "/linkers/" + vars.get("linkerName");
            case "Linker_Validate" -> scope + "/linkers/" + vars.get("linkerName") + "/validateLinker";
            case "Linker_ListConfigurations" -> scope + "/linkers/" + vars.get("linkerName") + "/listConfigurations";
            case "Linkers_GenerateConfigurations" -> scope + "/linkers/" + vars.get("linkerName") + "/generateConfigurations";
            case "Linkers_ListDaprConfigurations" -> scope + "/daprConfigurations";
            case "Linkers_ListDryrun", "Connector_ListDryrun" -> scope + "/dryruns";
            case "Connector_List" -> scope + "/connectors";
            case "Connector_Validate" -> scope + "/connectors/" + vars.get("connectorName") + "/validate";
            case "Connector_GenerateConfigurations" -> scope + "/connectors/" + vars.get("connectorName") + "/generateConfigurations";
            default -> op.contains("Dryrun") ? scope + "/dryruns/" + vars.get("dryrunName") : scope + "/connectors/" + vars.get("connectorName");
        };
    }
}
