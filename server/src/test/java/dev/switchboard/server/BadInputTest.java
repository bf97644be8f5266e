package dev.switchboard.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests that must be refused with a 4xx in ARM's error envelope, with a precise code and a message naming the
 * offending field, and that change nothing: no linker in the API, no role or database on PostgreSQL, no journal,
 * operation, footprint or secret in the store, and no echo of a secret the request carried.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BadInputTest {
    static final String SUFFIX = ApiChecks.suffix();
    /** Every name a request here could make on PostgreSQL contains this. */
    static final String PREFIX = "sbbi" + SUFFIX;
    static final String SECRET = ApiChecks.secret();
    static final String RG = "/subscriptions/" + TestServer.SUB + "/resourceGroups/bi-" + SUFFIX;
    static final String SERVER = RG + "/providers/Microsoft.DBforPostgreSQL/flexibleServers/pg";
    static final String DB = SERVER + "/databases/" + PREFIX + "_db";
    static final String APP = RG + "/providers/Microsoft.App/containerApps/src";
    static final String LINKERS = APP + "/providers/Microsoft.ServiceLinker/linkers/";
    static final String V = "?api-version=2024-04-01";
    static final String RV = "?api-version=2024-03-01";
    static final String LONG = PREFIX + "a".repeat(200 - PREFIX.length());

    @TempDir
    static Path data;
    static TestServer sb;
    static List<String> rolesBefore;
    static List<String> databasesBefore;

    /** One refused request. {@code linker}: the linker it names, which must not exist afterwards (null: none). */
    record Case(String name, String method, String path, Object body, int status, String code, List<String> mentions,
                String linker) {
        @Override
        public String toString() {
            return name;
        }
    }

    @BeforeAll
    static void start() throws Exception {
        sb = TestServer.start(data);
        assertThat(sb.call("PUT", RG + RV, Map.of("location", "local")).status()).isEqualTo(201);
        assertThat(sb.call("PUT", SERVER + RV, Map.of("location", "local", "properties", Map.of())).status()).isEqualTo(201);
        assertThat(sb.call("PUT", DB + RV, Map.of("properties", Map.of())).status()).isEqualTo(201);
        assertThat(sb.call("PUT", APP + RV, Map.of("location", "local", "properties", Map.of())).status()).isEqualTo(201);
        rolesBefore = ApiChecks.rolesContaining(PREFIX);
        databasesBefore = ApiChecks.databasesContaining(PREFIX);
        assertThat(rolesBefore).isEmpty();
        assertThat(databasesBefore).containsExactly(PREFIX + "_db");
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (sb != null) {
                TestServer.Answer control = sb.call("DELETE", LINKERS + PREFIX + "ok" + V, null);
                if (control.status() == 202) sb.await(control);
                sb.call("DELETE", RG + RV, null);
                sb.close();
            }
        } finally {
            assertThat(ApiChecks.sweepLocalPostgres(PREFIX)).as("left on PostgreSQL").isEmpty();
        }
    }

    // ---------------------------------------------------------------------------------------------- the table

    static List<Case> cases() {
        List<Case> c = new ArrayList<>();
        Object valid = linkerBody(p -> { });

        // Malformed IDs in the path.
        for (String[] name : new String[][]{
                {"a space", PREFIX + "%20x"},
                {"a quote", PREFIX + "%22x"},
                {"a semicolon", PREFIX + "%3Bx"},
                {"a raw semicolon", PREFIX + ";x"},
                {"unicode", PREFIX + "%C3%A9"},
                {"200 characters", LONG},
                {"'..'", ".."},
                {"'%2E%2E'", "%2E%2E"}}) {
            c.add(path("linker name with " + name[0], LINKERS + name[1] + V, "InvalidResourceName", "name"));
        }
        c.add(path("resource group name with a space", "/subscriptions/" + TestServer.SUB + "/resourceGroups/bi%20" + SUFFIX
                + "/providers/Microsoft.App/containerApps/src/providers/Microsoft.ServiceLinker/linkers/" + PREFIX + V,
                "InvalidResourceId", "bi%20"));
        c.add(path("app name with a quote", RG + "/providers/Microsoft.App/containerApps/s%22rc/providers/Microsoft.ServiceLinker/linkers/"
                + PREFIX + V, "InvalidResourceId", "s%22rc"));
        c.add(new Case("unknown resource type under Microsoft.ServiceLinker", "PUT",
                APP + "/providers/Microsoft.ServiceLinker/widgets/" + PREFIX + "w" + V, valid, 404, "InvalidResourceType",
                List.of("widgets"), null));

        // PUT linker: the body.
        c.add(linker("missing properties", Map.of("location", "local", "tags", Map.of("pw", SECRET)), 400,
                "MissingRequiredProperty", "properties"));
        c.add(linker("properties not an object", Map.of("properties", SECRET), 400, "MissingRequiredProperty", "properties"));
        c.add(linker("missing targetService", linkerBody(p -> p.remove("targetService")), 400, "MissingRequiredProperty",
                "properties.targetService"));
        c.add(linker("missing targetService.id", linkerBody(p -> map(p, "targetService").remove("id")), 400,
                "MissingRequiredProperty", "properties.targetService.id"));
        c.add(linker("targetService.type unknown", linkerBody(p -> map(p, "targetService").put("type", "Carrier pigeon")), 400,
                "TargetServiceTypeNotSupported", "properties.targetService.type"));
        c.add(linker("targetService.id not an ID", linkerBody(p -> map(p, "targetService").put("id", "not/an/id")), 400,
                "InvalidResourceId", "properties.targetService.id"));
        c.add(linker("missing authInfo", linkerBody(p -> {
            p.remove("authInfo");
            p.put("configurationInfo", Map.of("additionalConfigurations", Map.of("X_PASSWORD", SECRET)));
        }), 400, "MissingRequiredProperty", "properties.authInfo"));
        c.add(linker("authType missing", linkerBody(p -> map(p, "authInfo").remove("authType")), 400, "MissingRequiredProperty",
                "properties.authInfo.authType"));
        c.add(linker("authType unknown", linkerBody(p -> map(p, "authInfo").put("authType", "telepathy")), 400, "InvalidAuthType",
                "properties.authInfo.authType"));
        c.add(linker("authType not supported", linkerBody(p -> map(p, "authInfo").put("authType", "systemAssignedIdentity")), 400,
                "AuthTypeNotSupported", "properties.authInfo.authType"));
        c.add(linker("secretType not supported", linkerBody(p -> map(map(p, "authInfo"), "secretInfo").put("secretType",
                "azureKeyVault")), 400, "SecretTypeNotSupported", "properties.authInfo.secretInfo.secretType"));
        c.add(linker("secret value over 256 characters", linkerBody(p -> map(map(p, "authInfo"), "secretInfo").put("value",
                SECRET.repeat(10))), 400, "InvalidRequestContent", "properties.authInfo.secretInfo.value"));
        c.add(linker("clientType unknown", linkerBody(p -> p.put("clientType", "cobol")), 400, "InvalidClientType",
                "properties.clientType"));
        c.add(linker("target database does not exist", linkerBody(p -> map(p, "targetService").put("id", SERVER + "/databases/"
                + PREFIX + "_none")), 404, "TargetResourceNotFound", "properties.targetService.id"));
        c.add(linker("target server does not exist", linkerBody(p -> map(p, "targetService").put("id", RG
                + "/providers/Microsoft.DBforPostgreSQL/flexibleServers/none/databases/" + PREFIX + "_none")), 404,
                "TargetResourceNotFound", "properties.targetService.id"));
        c.add(linker("target of an unsupported type", linkerBody(p -> map(p, "targetService").put("id", RG
                + "/providers/Microsoft.DocumentDB/databaseAccounts/cosmos")), 400, "TargetTypeNotSupported", "properties.targetService.id"));
        c.add(linker("target of an unknown type", linkerBody(p -> map(p, "targetService").put("id", RG
                + "/providers/Microsoft.Nowhere/things/thing")), 400, "TargetTypeNotSupported", "properties.targetService.id"));
        c.add(linker("target is the server, not a database", linkerBody(p -> map(p, "targetService").put("id", SERVER)), 400,
                "TargetTypeNotSupported", "properties.targetService.id"));
        for (String[] name : new String[][]{
                {"quotes", "x\"; CREATE ROLE " + PREFIX + "evil SUPERUSER; --"},
                {"a semicolon", PREFIX + ";drop"},
                {"a space", PREFIX + " x"},
                {"unicode", PREFIX + "é"},
                {"200 characters", LONG},
                {"a pg_ prefix", "pg_" + PREFIX},
                {"a leading digit", "1" + PREFIX}}) {
            c.add(linker("authInfo.name with " + name[0], linkerBody(p -> map(p, "authInfo").put("name", name[1])), 400,
                    "InvalidLoginName", "properties.authInfo.name"));
        }
        c.add(linker("customizedKeys with a hostile value", linkerBody(p -> p.put("configurationInfo", Map.of("customizedKeys",
                Map.of("AZURE_POSTGRESQL_HOST", "X; touch /tmp/" + PREFIX)))), 400, "InvalidConfigurationName",
                "properties.configurationInfo.customizedKeys"));
        c.add(linker("customizedKeys with a hostile key", linkerBody(p -> p.put("configurationInfo", Map.of("customizedKeys",
                Map.of("$(touch /tmp/" + PREFIX + ")", "HOST")))), 400, "InvalidConfigurationName",
                "properties.configurationInfo.customizedKeys"));
        c.add(linker("additionalConfigurations with a hostile name", linkerBody(p -> p.put("configurationInfo",
                Map.of("additionalConfigurations", Map.of("A=B", SECRET)))), 400, "InvalidConfigurationName",
                "properties.configurationInfo.additionalConfigurations"));
        c.add(linker("body that is not JSON", "this is not JSON, password " + SECRET, 400, "InvalidRequestContent", "body"));
        c.add(linker("JSON array instead of an object", "[{\"properties\":{\"authInfo\":{\"authType\":\"secret\",\"secretInfo\":"
                + "{\"secretType\":\"rawValue\",\"value\":\"" + SECRET + "\"}}}}]", 400, "InvalidRequestContent", "body"));
        c.add(linker("JSON string instead of an object", "\"" + SECRET + "\"", 400, "InvalidRequestContent", "body"));
        c.add(linker("no body", null, 400, "InvalidRequestContent", "body"));
        c.add(linker("body over 1 MiB", new Oversized(false), 413, "RequestEntityTooLarge", "body"));
        c.add(linker("chunked body over 1 MiB", new Oversized(true), 413, "RequestEntityTooLarge", "body"));
        String n = nextLinker();
        c.add(new Case("missing api-version", "PUT", LINKERS + n, valid, 400, "MissingApiVersionParameter", List.of("api-version"), n));
        n = nextLinker();
        c.add(new Case("unknown api-version on a linker", "PUT", LINKERS + n + "?api-version=2099-01-01", valid, 400,
                "InvalidApiVersionParameter", List.of("2099-01-01", "2022-05-01", "2024-04-01", "2024-07-01-preview"), n));
        n = nextLinker();
        c.add(new Case("source app does not exist", "PUT", RG + "/providers/Microsoft.App/containerApps/" + PREFIX + "none"
                + "/providers/Microsoft.ServiceLinker/linkers/" + n + V, valid, 404, "SourceResourceNotFound",
                List.of(PREFIX + "none"), null));
        n = nextLinker();
        c.add(new Case("source of an unsupported type", "PUT", SERVER + "/providers/Microsoft.ServiceLinker/linkers/" + n + V, valid,
                400, "SourceTypeNotSupported", List.of("Microsoft.DBforPostgreSQL/flexibleServers"), null));
        n = nextLinker();
        c.add(new Case("PATCH of a linker that does not exist", "PATCH", LINKERS + n + V, valid, 404, "ResourceNotFound",
                List.of(n), n));

        // Database resources: names PostgreSQL must never see.
        Map<String, Object> db = Map.of("properties", Map.of("charset", "UTF8"), "tags", Map.of("pw", SECRET));
        for (String[] name : new String[][]{
                {"a quote", PREFIX + "%22x", "InvalidResourceId"},
                {"a semicolon", PREFIX + "%3BDROP%20DATABASE%20postgres", "InvalidResourceId"},
                {"a raw semicolon", PREFIX + ";x", "InvalidResourceId"},
                {"unicode", PREFIX + "%C3%A9", "InvalidResourceId"},
                {"200 characters", LONG, "InvalidResourceId"},
                {"a dot", PREFIX + ".x", "InvalidDatabaseName"},
                {"parentheses", PREFIX + "(x)", "InvalidDatabaseName"},
                {"80 characters", PREFIX + "b".repeat(80 - PREFIX.length()), "InvalidDatabaseName"}}) {
            c.add(new Case("database name with " + name[0], "PUT", SERVER + "/databases/" + name[1] + RV, db, 400, name[2],
                    List.of(name[2].equals("InvalidDatabaseName") ? "database name" : PREFIX), null));
        }
        c.add(new Case("resource PUT without api-version", "PUT", SERVER + "/databases/" + PREFIX + "_nov", db, 400,
                "MissingApiVersionParameter", List.of("api-version"), null));
        c.add(new Case("resource PUT with a malformed api-version", "PUT", SERVER + "/databases/" + PREFIX + "_bad?api-version=latest",
                db, 400, "InvalidApiVersionParameter", List.of("latest"), null));
        c.add(new Case("database under a server that does not exist", "PUT", RG + "/providers/Microsoft.DBforPostgreSQL"
                + "/flexibleServers/none/databases/" + PREFIX + "_orphan" + RV, db, 404, "ParentResourceNotFound", List.of("none"), null));
        return c;
    }

    static int counter;

    static String nextLinker() {
        return PREFIX + "n" + (counter++);
    }

    static Case path(String name, String path, String code, String mention) {
        return new Case(name, "PUT", path, linkerBody(p -> { }), 400, code, List.of(mention), null);
    }

    static Case linker(String name, Object body, int status, String code, String mention) {
        String n = nextLinker();
        return new Case(name, "PUT", LINKERS + n + V, body, status, code, List.of(mention), n);
    }

    /** A valid linker body (target: the fixture database, a secret given), edited by {@code edit}. */
    static Map<String, Object> linkerBody(Consumer<Map<String, Object>> edit) {
        Map<String, Object> secretInfo = new LinkedHashMap<>(Map.of("secretType", "rawValue", "value", SECRET));
        Map<String, Object> auth = new LinkedHashMap<>(Map.of("authType", "secret", "secretInfo", secretInfo));
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("targetService", new LinkedHashMap<>(Map.of("type", "AzureResource", "id", DB)));
        p.put("authInfo", auth);
        p.put("clientType", "none");
        edit.accept(p);
        return Map.of("properties", p);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Map<String, Object> parent, String key) {
        return (Map<String, Object>) parent.get(key);
    }

    /** A request body over 1 MiB, sent by hand (see {@link #sendOversized}). */
    record Oversized(boolean chunked) { }

    /**
     * Sends a valid linker body padded past 1 MiB. With Content-Length only the headers are sent: the server must
     * refuse on the declared length without waiting for the body (and a client still sending when the server closes
     * could lose the answer to a reset). Chunked, it must read past the limit to know: all but the last chunk is sent.
     */
    static ApiChecks.RawAnswer sendOversized(String path, boolean chunked) {
        byte[] bytes = oversized().getBytes(StandardCharsets.UTF_8);
        String auth = "Bearer " + sb.server().token();
        if (!chunked) {
            return ApiChecks.raw(sb.server(), "PUT", path, auth, "Content-Type: application/json\r\nContent-Length: "
                    + bytes.length + "\r\n", new byte[0]);
        }
        java.io.ByteArrayOutputStream chunks = new java.io.ByteArrayOutputStream();
        for (int at = 0; at < bytes.length; at += 64 * 1024) {
            int n = Math.min(64 * 1024, bytes.length - at);
            chunks.writeBytes((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            chunks.write(bytes, at, n);
            chunks.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        return ApiChecks.raw(sb.server(), "PUT", path, auth, "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n",
                chunks.toByteArray());
    }

    /** A valid linker body padded past 1 MiB with an extra property. */
    static String oversized() {
        return "{\"properties\":{\"targetService\":{\"type\":\"AzureResource\",\"id\":\"" + DB + "\"},\"authInfo\":{\"authType\":"
                + "\"secret\",\"secretInfo\":{\"secretType\":\"rawValue\",\"value\":\"" + SECRET + "\"}},\"padding\":\""
                + "x".repeat(HttpFace.MAX_BODY) + "\"}}";
    }

    // ---------------------------------------------------------------------------------------------- the tests

    @Order(1)
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void isRefusedAndChangesNothing(Case c) throws Exception {
        ApiChecks.RawAnswer a;
        if (c.body() instanceof Oversized o) {
            a = sendOversized(c.path(), o.chunked());
        } else {
            TestServer.Answer answer = sb.call(c.method(), c.path(), c.body());
            a = new ApiChecks.RawAnswer(answer.status(), String.valueOf(answer.header("Content-Type")), answer.raw().body());
        }
        System.out.println(c.name() + " -> " + a.status() + " " + a.body());
        JsonNode error = ApiChecks.assertArmError(a, c.status(), c.code());
        String named = error.path("target").asText("") + " " + error.path("message").asText();
        for (String m : c.mentions()) assertThat(named).as("error.target and error.message name '%s'", m).contains(m);
        assertThat(a.body()).as("answer echoes the request's secret").doesNotContain(SECRET);
        assertNothingChanged(c.linker());
    }

    @Test
    @Order(3)
    void anAppWhoseCommandDoesNotExistIsRefusedAndNotStored() throws Exception {
        String app = RG + "/providers/Microsoft.App/containerApps/" + PREFIX + "nocmd";
        Map<String, Object> container = Map.of("name", "main", "command", List.of("/nonexistent/" + PREFIX + "/bin/server"));
        TestServer.Answer a = sb.call("PUT", app + RV, Map.of("location", "local", "properties",
                Map.of("template", Map.of("containers", List.of(container)))));
        ApiChecks.assertArmError(a, 400, "InvalidContainerCommand", "/nonexistent/" + PREFIX + "/bin/server");
        assertThat(a.body().at("/error/target").asText()).isEqualTo("properties.template.containers[0].command");
        ApiChecks.assertArmError(sb.call("GET", app + RV, null), 404, "ResourceNotFound", PREFIX + "nocmd");
        assertThat(sb.server().apps().observe(dev.switchboard.core.id.ResourceId.parse(app))).isEmpty();
        assertNothingChanged(null);
    }

    @Test
    @Order(4)
    void aRefusedAppLeavesNoSecretBehind() {
        String app = RG + "/providers/Microsoft.App/containerApps/" + PREFIX + "nocmdsecret";
        Map<String, Object> container = Map.of("name", "main", "command", List.of("/nonexistent/" + PREFIX + "/bin/server"),
                "env", List.of(Map.of("name", "DB_PASSWORD", "secretRef", "pw")));
        TestServer.Answer a = sb.call("PUT", app + RV, Map.of("location", "local", "properties", Map.of(
                "configuration", Map.of("secrets", List.of(Map.of("name", "pw", "value", SECRET))),
                "template", Map.of("containers", List.of(container)))));
        ApiChecks.assertArmError(a, 400, "InvalidContainerCommand");
        assertThat(a.raw().body()).doesNotContain(SECRET);
        assertThat(sb.call("GET", app + RV, null).status()).isEqualTo(404);
        assertThat(ApiChecks.storeRows(sb.server(), "secrets", "name", "app:" + app.toLowerCase())).as("secrets of the refused app")
                .isZero();
    }

    @Test
    @Order(7)
    void aDeletedAppLeavesNoSecretBehind() {
        String app = RG + "/providers/Microsoft.App/containerApps/" + PREFIX + "gone";
        assertThat(sb.call("PUT", app + RV, Map.of("location", "local", "properties", Map.of(
                "configuration", Map.of("secrets", List.of(Map.of("name", "pw", "value", SECRET)))))).status()).isEqualTo(201);
        assertThat(ApiChecks.storeRows(sb.server(), "secrets", "name", "app:" + app.toLowerCase() + ":")).isEqualTo(1);
        assertThat(sb.call("DELETE", app + RV, null).status()).isEqualTo(200);
        assertThat(sb.call("GET", app + RV, null).status()).isEqualTo(404);
        assertThat(ApiChecks.storeRows(sb.server(), "secrets", "name", "app:" + app.toLowerCase() + ":")).as("secrets of the deleted app")
                .isZero();
    }

    @Test
    @Order(98)
    void aRefusedAppUpdateKeepsTheOldSecret() {
        String app = RG + "/providers/Microsoft.App/containerApps/" + PREFIX + "upd";
        String old = ApiChecks.secret();
        assertThat(sb.call("PUT", app + RV, Map.of("location", "local", "properties", Map.of(
                "configuration", Map.of("secrets", List.of(Map.of("name", "pw", "value", old)))))).status()).isEqualTo(201);
        Map<String, Object> container = Map.of("name", "main", "command", List.of("/nonexistent/" + PREFIX + "/bin/server"),
                "env", List.of(Map.of("name", "DB_PASSWORD", "secretRef", "pw")));
        TestServer.Answer a = sb.call("PUT", app + RV, Map.of("location", "local", "properties", Map.of(
                "configuration", Map.of("secrets", List.of(Map.of("name", "pw", "value", SECRET))),
                "template", Map.of("containers", List.of(container)))));
        ApiChecks.assertArmError(a, 400, "InvalidContainerCommand");
        assertThat(sb.server().store().get("app:" + app.toLowerCase() + ":secret:pw").orElseThrow().reveal())
                .as("the app's secret after a refused update").isEqualTo(old);
    }

    @Test
    @Order(6)
    void aMalformedBodyIsNotEchoed() throws Exception {
        String n = nextLinker();
        String body = "{\"properties\":{\"targetService\":{\"type\":\"AzureResource\",\"id\":\"" + DB + "\"},\"authInfo\":"
                + "{\"authType\":\"secret\",\"secretInfo\":{\"secretType\":\"rawValue\",\"value\":" + SECRET + "}}}}";
        TestServer.Answer a = sb.call("PUT", LINKERS + n + V, body);
        ApiChecks.assertArmError(a, 400, "InvalidRequestContent", "body");
        assertThat(a.raw().body()).as("answer echoes the request's secret").doesNotContain(SECRET);
        assertNothingChanged(n);
    }

    @Test
    @Order(8)
    void pathsRefusedBeforeRoutingStillGetTheArmEnvelope() throws Exception {
        for (String name : List.of(PREFIX + "%zz", PREFIX + "%00x", PREFIX + "%", PREFIX + "\\x", PREFIX + "%C0%AEx")) {
            ApiChecks.RawAnswer a = ApiChecks.raw(sb.server(), "PUT", LINKERS + name + V, "Bearer " + sb.server().token(),
                    TestServer.JSON.writeValueAsString(linkerBody(p -> { })));
            assertThat(a.status()).as(name).isEqualTo(400);
            assertThat(a.contentType()).as("content type for %s: %s", name, a.body()).startsWith("application/json");
            JsonNode error = TestServer.JSON.readTree(a.body()).path("error");
            assertThat(error.path("code").asText()).as(name).isNotBlank();
            assertThat(error.path("message").asText()).as(name).isNotBlank();
            assertThat(a.body()).doesNotContain(SECRET);
        }
        assertNothingChanged(null);
    }

    /** Control: the body every linker case starts from is accepted and realised, so each refusal is the case's own. */
    @Test
    @Order(99)
    void theBaseBodyIsValid() throws Exception {
        TestServer.Answer put = sb.call("PUT", LINKERS + PREFIX + "ok" + V, linkerBody(p -> { }));
        assertThat(put.status()).as(put.raw().body()).isEqualTo(201);
        assertThat(put.raw().body()).doesNotContain(SECRET);
        assertThat(sb.await(put).path("status").asText()).isEqualTo("Succeeded");
        assertThat(ApiChecks.rolesContaining(PREFIX)).hasSize(1);
        TestServer.Answer del = sb.call("DELETE", LINKERS + PREFIX + "ok" + V, null);
        assertThat(sb.await(del).path("status").asText()).isEqualTo("Succeeded");
        assertThat(ApiChecks.rolesContaining(PREFIX)).isEmpty();
    }

    private static void assertNothingChanged(String linker) throws Exception {
        if (linker != null) {
            assertThat(sb.call("GET", LINKERS + linker + V, null).status()).as("GET of the refused linker").isEqualTo(404);
        }
        JsonNode list = sb.call("GET", APP + "/providers/Microsoft.ServiceLinker/linkers" + V, null).body();
        assertThat(list.path("value")).as("linkers of the app").isEmpty();
        assertThat(ApiChecks.rolesContaining(PREFIX)).as("roles on PostgreSQL").isEqualTo(rolesBefore);
        assertThat(ApiChecks.databasesContaining(PREFIX)).as("databases on PostgreSQL").isEqualTo(databasesBefore);
        assertThat(sb.server().store().journalSize()).as("journal").isZero();
        assertThat(ApiChecks.storeRows(sb.server(), "operations")).as("operations").isZero();
        assertThat(ApiChecks.storeRows(sb.server(), "footprints")).as("footprints").isZero();
        assertThat(ApiChecks.storeRows(sb.server(), "secrets", "name", "linker:")).as("linker secrets").isZero();
        assertThat(ApiChecks.storeRows(sb.server(), "resources")).as("resources in the store").isEqualTo(4);
    }
}
