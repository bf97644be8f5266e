package dev.switchboard.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A fuzz pass over the JSON bodies of every write: valid bodies mutated at random (fields dropped, values
 * replaced by other JSON types, hostile strings, deep nesting). Every answer must be a 2xx or a 4xx in ARM's
 * envelope, never a 5xx; a refused request must change nothing (store rows, PostgreSQL roles and databases).
 */
class ApiFuzzTest {
    static final long SEED = Long.getLong("fuzz.seed", 20261125L);
    static final int ROUNDS = Integer.getInteger("fuzz.rounds", 400);
    static final String SUFFIX = UUID.randomUUID().toString().substring(0, 6);
    static final String RG = "/subscriptions/" + TestServer.SUB + "/resourceGroups/fz-" + SUFFIX;
    static final String SERVER = RG + "/providers/Microsoft.DBforPostgreSQL/flexibleServers/pg";
    static final String DB = SERVER + "/databases/sbfz_" + SUFFIX;
    static final String APP = RG + "/providers/Microsoft.App/containerApps/app";
    static final String LINKER = APP + "/providers/Microsoft.ServiceLinker/linkers/fz" + SUFFIX;
    static final JsonNodeFactory F = JsonNodeFactory.instance;
    static final List<String> HOSTILE = List.of("", " ", "'; DROP ROLE postgres; --", "\"", "\\", "\u0000", "\n\r", "%00",
            "é漢字🙂", "x".repeat(300), "../..", "${switchboard.password:URL}", "null", "-1", "1e309", "<script>", "*", ">");

    @TempDir
    static Path data;
    static TestServer sb;
    static List<String> rolesBefore;
    static List<String> databasesBefore;

    @BeforeAll
    static void start() throws Exception {
        sb = TestServer.startForFuzzing(data);
        sb.call("PUT", RG + "?api-version=2024-03-01", Map.of("location", "local"));
        sb.call("PUT", SERVER + "?api-version=2024-03-01", Map.of("properties", Map.of()));
        sb.call("PUT", DB + "?api-version=2024-03-01", Map.of("properties", Map.of()));
        sb.call("PUT", APP + "?api-version=2024-03-01", Map.of("properties", Map.of()));
        rolesBefore = LocalPostgres.rolesLike("sb_");
        databasesBefore = LocalPostgres.databasesLike("sbfz_");
    }

    @AfterAll
    static void stop() throws Exception {
        TestServer.Answer a = sb.call("DELETE", LINKER + "?api-version=2024-04-01", null);
        if (a.status() == 202) sb.await(a);
        sb.call("DELETE", RG + "?api-version=2024-03-01", null);
        sb.close();
        assertThat(LocalPostgres.rolesLike("sb_fz" + SUFFIX)).isEmpty();
        assertThat(LocalPostgres.databasesLike("sbfz_" + SUFFIX)).isEmpty();
    }

    record Target(String method, String path, JsonNode valid) { }

    static List<Target> targets() {
        ObjectNode linker = (ObjectNode) TestServer.JSON.valueToTree(Map.of("properties", Map.of(
                "targetService", Map.of("type", "AzureResource", "id", DB),
                "authInfo", Map.of("authType", "secret", "name", "sb_fz" + SUFFIX + "_u",
                        "secretInfo", Map.of("secretType", "rawValue", "value", "Fz-" + SUFFIX)),
                "clientType", "java",
                "configurationInfo", Map.of("customizedKeys", Map.of("AZURE_POSTGRESQL_CONNECTIONSTRING", "DB_URL"),
                        "additionalConfigurations", Map.of("POOL", "5")))));
        ObjectNode dryrun = F.objectNode();
        ObjectNode params = ((ObjectNode) linker.get("properties").deepCopy()).put("actionName", "createOrUpdate");
        dryrun.putObject("properties").set("parameters", params);
        JsonNode app = TestServer.JSON.valueToTree(Map.of("properties", Map.of("template", Map.of("containers",
                List.of(Map.of("name", "main", "command", List.of("/bin/sleep", "600"), "env", List.of(Map.of("name", "A", "value", "b"))))))));
        JsonNode server = TestServer.JSON.valueToTree(Map.of("properties", Map.of("fullyQualifiedDomainName", "127.0.0.1", "port", 5432,
                "administratorLogin", "postgres", "administratorLoginPassword", "")));
        return List.of(new Target("PUT", LINKER + "?api-version=2024-04-01", linker),
                new Target("PATCH", LINKER + "?api-version=2024-04-01", linker),
                new Target("PUT", APP + "/providers/Microsoft.ServiceLinker/dryruns/fz?api-version=2024-04-01", dryrun),
                new Target("PUT", APP + "?api-version=2024-03-01", app),
                new Target("PUT", SERVER + "?api-version=2024-03-01", server),
                new Target("PUT", DB + "?api-version=2024-03-01", F.objectNode().putObject("properties")),
                new Target("POST", LINKER + "/generateConfigurations?api-version=2024-04-01",
                        linker.get("properties").get("configurationInfo")));
    }

    @Test
    void mutatedBodiesNeverCauseA5xxOrAPartialWrite() throws Exception {
        Random random = new Random(SEED);
        List<Target> targets = targets();
        List<String> accepted = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            Target t = targets.get(random.nextInt(targets.size()));
            JsonNode body = mutate(t.valid().deepCopy(), random, 1 + random.nextInt(3));
            int resourcesBefore = ApiChecks.storeRows(sb.server(), "resources");
            TestServer.Answer a = sb.callMutated(t.method(), t.path(), body.toString());
            String seen = "seed " + SEED + " round " + round + ": " + t.method() + " " + t.path() + " " + body + " -> "
                    + a.status() + " " + a.raw().body();
            assertThat(a.status()).as(seen).isLessThan(500);
            if (a.status() >= 400) {
                assertThat(a.body().at("/error/code").asText()).as(seen).isNotBlank();
                assertThat(ApiChecks.storeRows(sb.server(), "resources")).as(seen).isEqualTo(resourcesBefore);
            } else if (a.header("Azure-AsyncOperation") != null) {
                sb.await(a);
                accepted.add(t.method() + " " + t.path());
            }
        }
        assertThat(LocalPostgres.databasesLike("sbfz_")).isEqualTo(databasesBefore);
        assertThat(LocalPostgres.rolesLike("sb_").stream().filter(r -> !rolesBefore.contains(r)))
                .as("the only new roles are this connection's").allMatch(r -> r.startsWith("sb_fz" + SUFFIX));
        assertThat(sb.server().store().journalSize()).isZero();
    }

    static JsonNode mutate(JsonNode node, Random random, int times) {
        JsonNode out = node;
        for (int i = 0; i < times; i++) out = mutateOnce(out, random);
        return out;
    }

    /** Picks one place in the tree and drops it, retypes it or fills it with something hostile. */
    static JsonNode mutateOnce(JsonNode root, Random random) {
        List<ObjectNode> objects = new ArrayList<>();
        collect(root, objects);
        if (objects.isEmpty() || random.nextInt(20) == 0) return randomValue(random, 0);
        ObjectNode parent = objects.get(random.nextInt(objects.size()));
        List<String> names = new ArrayList<>();
        parent.fieldNames().forEachRemaining(names::add);
        String field = names.isEmpty() || random.nextInt(6) == 0 ? HOSTILE.get(random.nextInt(HOSTILE.size())) : names.get(random.nextInt(names.size()));
        switch (random.nextInt(3)) {
            case 0 -> parent.remove(field);
            case 1 -> parent.set(field, randomValue(random, 0));
            default -> parent.put(field, HOSTILE.get(random.nextInt(HOSTILE.size())));
        }
        return root;
    }

    static void collect(JsonNode node, List<ObjectNode> out) {
        if (node instanceof ObjectNode o) {
            out.add(o);
            o.elements().forEachRemaining(child -> collect(child, out));
        } else if (node.isArray()) {
            node.elements().forEachRemaining(child -> collect(child, out));
        }
    }

    static JsonNode randomValue(Random random, int depth) {
        return switch (random.nextInt(depth > 3 ? 6 : 8)) {
            case 0 -> F.nullNode();
            case 1 -> F.booleanNode(random.nextBoolean());
            case 2 -> F.numberNode(random.nextInt(3) == 0 ? Long.MAX_VALUE : random.nextInt(70000) - 1000);
            case 3 -> F.numberNode(random.nextDouble() * 1e308);
            case 4, 5 -> F.textNode(HOSTILE.get(random.nextInt(HOSTILE.size())));
            case 6 -> {
                ArrayNode a = F.arrayNode();
                for (int i = random.nextInt(3); i > 0; i--) a.add(randomValue(random, depth + 1));
                yield a;
            }
            default -> {
                ObjectNode o = F.objectNode();
                for (int i = random.nextInt(3); i > 0; i--) o.set(HOSTILE.get(random.nextInt(HOSTILE.size())), randomValue(random, depth + 1));
                yield o;
            }
        };
    }
}
