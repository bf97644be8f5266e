package dev.switchboard.server;

import com.fasterxml.jackson.databind.JsonNode;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile strings in every segment of every ID the API answers at (subscription, resource group, namespace, type,
 * apps, PostgreSQL and MySQL servers and databases, RabbitMQ vhosts, vaults and their secrets, linkers, connectors
 * and their location, dry runs, tokens, operation IDs), sent percent-encoded as a careful client does, or as they
 * are when a careless client could. A PUT is either refused (4xx, ARM's envelope with a code, no raw control
 * character in the message, and nothing new: not in the API's lists, the store, PostgreSQL, MySQL or RabbitMQ),
 * or accepted, and then the name round-trips: a GET of the same path finds it under that name, a DELETE removes it
 * and everything is as before. GET and DELETE of a refused name are never a 5xx and change nothing either.
 */
class HostileIdSegmentsTest {
    static final String PREFIX = "sbhi" + ApiChecks.suffix();
    static final String SUB = TestServer.SUB;
    static final String RG = "/subscriptions/" + SUB + "/resourceGroups/" + PREFIX;
    static final String PG = RG + "/providers/Microsoft.DBforPostgreSQL/flexibleServers/pg";
    static final String PG_DB = PG + "/databases/" + PREFIX + "_db";
    static final String MY = RG + "/providers/Microsoft.DBforMySQL/flexibleServers/my";
    static final String MQ = RG + "/providers/Switchboard.Messaging/rabbitMQServers/mq";
    static final String APP = RG + "/providers/Microsoft.App/containerApps/app";
    static final String VAULT = RG + "/providers/Microsoft.KeyVault/vaults/kv-" + PREFIX;
    static final String SL = "/providers/Microsoft.ServiceLinker";
    static final String V = "?api-version=2024-04-01";
    static final String RV = "?api-version=2024-03-01";
    static final AtomicInteger LOGINS = new AtomicInteger();

    static TestServer sb;
    static Path data;

    /** One place a name goes: a path with {@code {}} where it goes, the method that would create it, and its body. */
    record Segment(String name, String template, String method, Supplier<Object> body) {
        @Override
        public String toString() {
            return name;
        }
    }

    @BeforeContainer
    static void start() throws Exception {
        data = Files.createTempDirectory("sb-hostile-ids");
        sb = TestServer.start(data);
        String script = System.getProperty("switchboard.repoRoot") + "/bin/lib/rabbitmq-management.sh";
        assertThat(new ProcessBuilder("bash", script).inheritIO().start().waitFor()).isZero();
        HostileConnections.put(sb, RG, Map.of("location", "local"));
        HostileConnections.put(sb, PG, Map.of("location", "local", "properties", Map.of()));
        HostileConnections.put(sb, PG_DB, Map.of("properties", Map.of()));
        HostileConnections.put(sb, MY, Map.of("location", "local", "properties", Map.of("fullyQualifiedDomainName", "127.0.0.1", "port", 3306,
                "administratorLogin", "root", "administratorLoginPassword", "")));
        HostileConnections.put(sb, MQ, Map.of("location", "local", "properties", Map.of("host", "127.0.0.1", "port", 5672,
                "administratorLogin", "guest", "administratorLoginPassword", "guest")));
        HostileConnections.put(sb, APP, Map.of("location", "local", "properties", Map.of()));
        HostileConnections.put(sb, VAULT, Map.of("location", "local", "properties", Map.of()));
    }

    @AfterContainer
    static void stop() throws Exception {
        try {
            HostileConnections.close(sb, RG);
        } finally {
            assertThat(ApiChecks.sweepLocalPostgres(PREFIX)).as("left on PostgreSQL").isEmpty();
            assertThat(TargetListings.mysqlDatabases(PREFIX)).as("left on MySQL").isEmpty();
            assertThat(TargetListings.rabbitNames("vhosts", PREFIX)).as("left on RabbitMQ").isEmpty();
        }
    }

    static List<Segment> segments() {
        Supplier<Object> app = () -> Map.of("location", "local", "properties", Map.of());
        Supplier<Object> empty = () -> Map.of("properties", Map.of());
        String apps = RG + "/providers/Microsoft.App/containerApps/";
        return List.of(
                new Segment("subscription", "/subscriptions/{}/resourceGroups/" + PREFIX + "/providers/Microsoft.App/containerApps/x" + RV,
                        "PUT", app),
                new Segment("resource group", "/subscriptions/" + SUB + "/resourceGroups/{}" + RV, "PUT",
                        () -> Map.of("location", "local")),
                new Segment("namespace", RG + "/providers/{}/containerApps/x" + RV, "PUT", app),
                new Segment("type", RG + "/providers/Microsoft.App/{}/x" + RV, "PUT", app),
                new Segment("app", apps + "{}" + RV, "PUT", app),
                new Segment("app under a linker", apps + "{}" + SL + "/linkers/l" + V, "PUT", HostileIdSegmentsTest::linker),
                new Segment("PostgreSQL server", RG + "/providers/Microsoft.DBforPostgreSQL/flexibleServers/{}" + RV, "PUT", app),
                new Segment("PostgreSQL database", PG + "/databases/{}" + RV, "PUT", empty),
                new Segment("MySQL database", MY + "/databases/{}" + RV, "PUT", empty),
                new Segment("RabbitMQ vhost", MQ + "/vhosts/{}" + RV, "PUT", empty),
                new Segment("vault", RG + "/providers/Microsoft.KeyVault/vaults/{}" + RV, "PUT", app),
                new Segment("vault secret", VAULT + "/secrets/{}" + RV, "PUT", () -> Map.of("properties", Map.of("value", "v"))),
                new Segment("linker", APP + SL + "/linkers/{}" + V, "PUT", HostileIdSegmentsTest::linker),
                new Segment("connector location", RG + SL + "/locations/{}/connectors/c" + V, "PUT", HostileIdSegmentsTest::linker),
                new Segment("connector", RG + SL + "/locations/local/connectors/{}" + V, "PUT", HostileIdSegmentsTest::linker),
                new Segment("dry run", APP + SL + "/dryruns/{}" + V, "PUT", () -> Map.of("properties",
                        Map.of("parameters", withAction(linkerProperties())))),
                new Segment("token", "/providers/Switchboard.Access/tokens/{}" + V, "PUT",
                        () -> Map.of("properties", Map.of("role", "Reader", "scope", RG))),
                new Segment("operation status", "/subscriptions/" + SUB + SL + "/locations/local/operationStatuses/{}" + V, "GET", null),
                new Segment("operation result", "/subscriptions/" + SUB + SL + "/locations/local/operationResults/{}" + V, "GET", null),
                new Segment("operation location", "/subscriptions/" + SUB + SL + "/locations/{}/operationStatuses/x" + V, "GET", null));
    }

    static Map<String, Object> linker() {
        return Map.of("properties", linkerProperties());
    }

    /** A valid connection to the fixture database with a login of this run (so PostgreSQL can be searched for it). */
    static Map<String, Object> linkerProperties() {
        return Map.of("targetService", Map.of("type", "AzureResource", "id", PG_DB),
                "authInfo", Map.of("authType", "secret", "name", PREFIX + "_l" + LOGINS.incrementAndGet(),
                        "secretInfo", Map.of("secretType", "rawValue", "value", "Pw-" + PREFIX)),
                "clientType", "none");
    }

    static Map<String, Object> withAction(Map<String, Object> properties) {
        Map<String, Object> out = new java.util.LinkedHashMap<>(properties);
        out.put("actionName", "createOrUpdate");
        return out;
    }

    @Provide
    Arbitrary<Segment> segment() {
        return Arbitraries.of(segments());
    }

    @Provide
    Arbitrary<String> names() {
        return HostileStrings.names(PREFIX);
    }

    @Property(tries = 150)
    void everySegmentRefusesHostileNamesOrRoundTripsThem(@ForAll("segment") Segment segment, @ForAll("names") String name,
                                                          @ForAll boolean raw) throws Exception {
        boolean asIs = raw && HostileStrings.sendableRaw(name);
        String path = segment.template().replace("{}", asIs ? name : HostileStrings.encode(name));
        World before = World.of(sb);
        String seen = segment + " " + path;
        ApiChecks.RawAnswer put = send(segment.method(), path, segment.body() == null ? null : segment.body().get());
        seen += " -> " + put.status() + " " + put.body();
        assertThat(put.status()).as(seen).isLessThan(500);
        if (put.status() >= 400 || segment.body() == null) {
            Statistics.collect(segment.name(), "refused");
            HostileStrings.assertRefusal(put.status(), put.body(), seen);
            refusedStaysRefused(path, before, seen);
            return;
        }
        if (put.status() == 200) {
            // The name is one that exists already, in another case (IDs are case-insensitive): an update, nothing new.
            Statistics.collect(segment.name(), "existing");
            assertThat(World.of(sb).withoutStore()).as("an update made something new: %s", seen).isEqualTo(before.withoutStore());
            return;
        }
        Statistics.collect(segment.name(), "accepted");
        roundTrip(path, asIs ? null : name, put, before, seen);
    }

    /**
     * Found by this property: a collection under a resource ({@code …/vaults/kv/secrets}) was parsed without its own
     * type and answered 400, and a PUT or DELETE of any collection path was answered as a GET (200, a list).
     */
    @net.jqwik.api.Example
    void collectionsAreListedAndRefuseWrites() throws Exception {
        assertThat(send("GET", VAULT + "/secrets" + RV, null).status()).isEqualTo(200);
        assertThat(send("GET", PG + "/databases" + RV, null).body()).contains(PREFIX + "_db");
        for (String method : List.of("PUT", "DELETE")) {
            ApiChecks.RawAnswer a = send(method, RG + "/providers/Microsoft.App/containerApps" + RV, method.equals("PUT") ? Map.of() : null);
            assertThat(a.status()).as(a.body()).isEqualTo(405);
        }
        assertThat(send("PUT", "/subscriptions/" + SUB + "/resourceGroups" + RV, Map.of()).status()).isEqualTo(405);
    }

    /**
     * Neither a GET nor a DELETE of a refused name is a 5xx, and after them and the PUT nothing has changed. (A GET
     * may be a 200 when the name folds away, an empty one making the path a collection's.)
     */
    private void refusedStaysRefused(String path, World before, String seen) throws Exception {
        ApiChecks.RawAnswer get = send("GET", path, null);
        assertThat(get.status()).as("GET %s -> %s", seen, get.body()).isLessThan(500);
        if (get.status() >= 400) HostileStrings.assertRefusal(get.status(), get.body(), "GET " + seen + " -> " + get.body());
        ApiChecks.RawAnswer delete = send("DELETE", path, null);
        assertThat(delete.status()).as("DELETE %s -> %s", seen, delete.body()).isLessThan(500);
        if (delete.status() >= 400) HostileStrings.assertRefusal(delete.status(), delete.body(), "DELETE " + seen);
        assertThat(World.of(sb)).as("changed by a refused name: %s", seen).isEqualTo(before);
    }

    /** An accepted name is found under the same path and name, and deleting it leaves everything as it was. */
    private void roundTrip(String path, String sentName, ApiChecks.RawAnswer put, World before, String seen) throws Exception {
        settle(path, seen, false);
        ApiChecks.RawAnswer get = send("GET", path, null);
        assertThat(get.status()).as("GET after an accepted PUT: %s -> %s", seen, get.body()).isEqualTo(200);
        if (sentName != null) {
            String id = TestServer.JSON.readTree(get.body()).path("id").asText().toLowerCase(java.util.Locale.ROOT);
            assertThat(id).as("the ID holds the name as sent: %s", seen).contains("/" + sentName.toLowerCase(java.util.Locale.ROOT));
        }
        ApiChecks.RawAnswer delete = send("DELETE", path, null);
        assertThat(delete.status()).as("DELETE %s -> %s", seen, delete.body()).isIn(200, 202, 204);
        if (delete.status() == 202) settle(path, seen, true);
        ApiChecks.RawAnswer gone = send("GET", path, null);
        assertThat(gone.status()).as("GET after DELETE: %s -> %s", seen, gone.body()).isEqualTo(404);
        assertThat(World.of(sb).withoutStore()).as("left after the round trip: %s", seen).isEqualTo(before.withoutStore());
    }

    /** Polls the resource until its provisioning ends (PUT) or it is gone (DELETE 202): works for any request line. */
    private static void settle(String path, String seen, boolean deleting) throws Exception {
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline) {
            ApiChecks.RawAnswer get = send("GET", path, null);
            if (deleting && get.status() == 404) return;
            if (!deleting) {
                String state = TestServer.JSON.readTree(get.body()).at("/properties/provisioningState").asText("Succeeded");
                if (!List.of("Accepted", "InProgress", "Creating", "Updating").contains(state)) {
                    assertThat(state).as("provisioning of an accepted name: %s -> %s", seen, get.body()).isEqualTo("Succeeded");
                    return;
                }
            }
            TestServer.sleep(50);
        }
        throw new AssertionError("did not settle: " + seen);
    }

    private static ApiChecks.RawAnswer send(String method, String path, Object body) throws Exception {
        String json = body == null ? null : TestServer.JSON.writeValueAsString(body);
        return ApiChecks.raw(sb.server(), method, path, "Bearer " + sb.server().token(), json);
    }

    /**
     * Everything a hostile name could have created: the API's lists (groups, the group's resources, the app's
     * linkers and dry runs, connectors, vault secrets, tokens), the store's tables (not the audit log, which records
     * refusals on purpose), and the targets' own catalogs, searched for the run's prefix.
     */
    record World(List<String> api, List<Integer> store, List<String> targets) {
        static final List<String> LISTS = List.of("/subscriptions/" + SUB + "/resourceGroups" + RV, RG + "/resources" + RV,
                APP + SL + "/linkers" + V, APP + SL + "/dryruns" + V, RG + SL + "/locations/local/connectors" + V,
                VAULT + "/secrets" + RV, "/providers/Switchboard.Access/tokens" + V);
        static final List<String> TABLES = List.of("resources", "secrets", "footprints", "operations", "journal", "tokens",
                "vault_secrets", "vault_secret_versions");

        static World of(TestServer sb) throws Exception {
            List<String> api = new java.util.ArrayList<>();
            for (String list : LISTS) {
                TestServer.Answer a = sb.call("GET", list, null);
                assertThat(a.status()).as("GET %s: %s", list, a.raw().body()).isEqualTo(200);
                List<String> ids = new java.util.ArrayList<>(a.body().path("value").findValuesAsText("id"));
                a.body().path("value").forEach(v -> ids.add(v.path("name").asText()));
                java.util.Collections.sort(ids);
                api.add(list + " " + ids);
            }
            List<Integer> store = TABLES.stream().map(t -> ApiChecks.storeRows(sb.server(), t)).toList();
            List<String> targets = List.of(String.valueOf(LocalPostgres.strings("postgres", "SELECT string_agg(n, ',' ORDER BY n) FROM"
                    + " (SELECT 'role ' || rolname AS n FROM pg_roles UNION ALL SELECT 'db ' || datname FROM pg_database) x"
                    + " WHERE strpos(lower(n), lower(?)) > 0", PREFIX)),
                    String.valueOf(TargetListings.mysqlDatabases(PREFIX)), String.valueOf(TargetListings.rabbitNames("vhosts", PREFIX)));
            return new World(api, store, targets);
        }

        /** After an accepted name's round trip: the operations it ran stay in the store, as they should. */
        World withoutStore() {
            return new World(api, List.of(), targets);
        }
    }
}
