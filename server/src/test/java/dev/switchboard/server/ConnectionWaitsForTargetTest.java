package dev.switchboard.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.core.compute.AppObservation;
import dev.switchboard.core.id.ResourceId;
import dev.switchboard.providers.TcpForwarder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 5, ordering: a connection whose target does not exist yet, or does not answer yet, is accepted and waits for
 * it (bounded by the server's targetWait, {@link #BOUND} here), then is made as any other, or fails having made
 * nothing. Bad input is still refused at once, and a target outside a token's scope still looks missing. Real server,
 * real PostgreSQL, apps as real processes; each test has its own connection and app.
 */
class ConnectionWaitsForTargetTest {
    static final String SUFFIX = ApiChecks.suffix();
    static final String RG = "/subscriptions/" + TestServer.SUB + "/resourceGroups/wait-" + SUFFIX;
    static final String SERVER = RG + "/providers/Microsoft.DBforPostgreSQL/flexibleServers/pg";
    static final String CUT = RG + "/providers/Microsoft.DBforPostgreSQL/flexibleServers/cut";
    static final String CONNECTORS = RG + "/providers/Microsoft.ServiceLinker/locations/local/connectors/";
    static final String V = "?api-version=2024-04-01";
    static final String RV = "?api-version=2024-03-01";
    static final Duration BOUND = Duration.ofSeconds(10);

    @TempDir
    static Path data;
    static TestServer sb;
    static TcpForwarder forwarder;

    @BeforeAll
    static void start() {
        forwarder = TcpForwarder.to(5432);
        sb = TestServer.of(SwitchboardServer.start(TestServer.config(data, Duration.ZERO).withTargetWait(BOUND)));
        assertThat(sb.call("PUT", RG + RV, Map.of("location", "local")).status()).isEqualTo(201);
        assertThat(sb.call("PUT", SERVER + RV, Map.of("location", "local", "properties", Map.of())).status()).isEqualTo(201);
    }

    @AfterAll
    static void stop() throws Exception {
        forwarder.up();
        for (JsonNode c : sb.call("GET", RG + "/providers/Microsoft.ServiceLinker/locations/local/connectors" + V, null).body().path("value")) {
            TestServer.Answer a = sb.call("DELETE", c.path("id").asText() + V, null);
            if (a.status() == 202) sb.await(a);
        }
        sb.call("DELETE", RG + RV, null);
        sb.close();
        forwarder.close();
        assertThat(ApiChecks.sweepLocalPostgres(SUFFIX)).as("left on PostgreSQL").isEmpty();
    }

    @Test
    void aConnectionMadeBeforeItsDatabaseWaitsForItAndThenSucceeds() throws Exception {
        OnSite c = OnSite.named("early");

        TestServer.Answer put = sb.call("PUT", c.linker() + V, body(c.db(), c.login()));
        assertThat(put.status()).as(put.raw().body()).isEqualTo(201);
        assertThat(put.header("Azure-AsyncOperation")).isNotNull();
        assertWaiting(put.body(), c.db(), "TargetResourceNotFound");
        TestServer.sleep(2000);
        JsonNode meanwhile = sb.call("GET", c.linker() + V, null).body();
        assertWaiting(meanwhile, c.db(), "TargetResourceNotFound");
        assertThat(meanwhile.at("/properties/waitingFor/message").asText()).contains("to be created").contains(c.db());
        assertThat(sb.call("GET", put.header("Azure-AsyncOperation"), null).body().path("status").asText()).isEqualTo("InProgress");
        assertThat(LocalPostgres.roleExists(c.login())).as("nothing made while waiting").isFalse();

        assertThat(sb.call("PUT", c.db() + RV, Map.of("properties", Map.of())).status()).isEqualTo(201);
        JsonNode status = sb.await(put);
        assertThat(status.path("status").asText()).as(status.toString()).isEqualTo("Succeeded");
        JsonNode made = sb.call("GET", c.linker() + V, null).body();
        assertThat(made.at("/properties/provisioningState").asText()).isEqualTo("Succeeded");
        assertThat(made.at("/properties/waitingFor").isMissingNode()).isTrue();
        assertThat(TargetListings.pgPrivileges(c.login(), "sbw_early_" + SUFFIX, "public")).isEqualTo(HostileSqlNamesTest.PG_GRANTS);
        assertThat(liveEnvironment(c.site())).containsEntry("AZURE_POSTGRESQL_DATABASE", "sbw_early_" + SUFFIX)
                .containsEntry("AZURE_POSTGRESQL_USERNAME", c.login()).containsKey("AZURE_POSTGRESQL_PASSWORD");

        sb.await(sb.call("DELETE", c.linker() + V, null));
        assertThat(LocalPostgres.roleExists(c.login())).isFalse();
        assertThat(sb.call("DELETE", c.db() + RV, null).status()).isBetween(200, 204);
    }

    @Test
    void aTargetThatNeverAppearsFailsAfterTheBoundLeavingNothing() throws Exception {
        OnSite c = OnSite.named("never");

        long started = System.nanoTime();
        TestServer.Answer put = sb.call("PUT", c.linker() + V, body(c.db(), c.login()));
        assertThat(put.status()).isEqualTo(201);
        JsonNode status = sb.await(put);
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertThat(status.path("status").asText()).isEqualTo("Failed");
        assertThat(status.at("/error/code").asText()).isEqualTo("TargetResourceNotFound");
        assertThat(status.at("/error/message").asText()).contains(c.db()).contains("gave up waiting").contains("10.");
        assertThat(took).isBetween(BOUND, BOUND.plusSeconds(10));
        System.out.printf("[wait] a target that never appears: Failed after %d ms: %s%n", took.toMillis(), status.at("/error/message").asText());

        JsonNode failed = sb.call("GET", c.linker() + V, null).body();
        assertThat(failed.at("/properties/provisioningState").asText()).isEqualTo("Failed");
        assertThat(failed.at("/properties/provisioningError/code").asText()).isEqualTo("TargetResourceNotFound");
        assertThat(ApiChecks.rolesContaining(c.login())).as("no role").isEmpty();
        FaultChecks.nothingLeft(sb, c.linker(), c.login(), LocalPostgres::roleExists);
        assertThat(liveEnvironment(c.site())).noneSatisfy((k, v) -> assertThat(k).startsWith("AZURE_POSTGRESQL"));

        TestServer.Answer delete = sb.call("DELETE", c.linker() + V, null);
        if (delete.status() == 202) sb.await(delete);
        assertThat(sb.call("GET", c.linker() + V, null).status()).isEqualTo(404);
    }

    @Test
    void aServerThatIsDownWhenAskedAndBackWithinTheBoundIsWaitedFor() throws Exception {
        String connector = CONNECTORS + "cut" + SUFFIX;
        String db = CUT + "/databases/sbw_cut_" + SUFFIX;
        String login = "sbw_cut" + SUFFIX;
        TargetFaultsTest.sb = sb;
        TargetFaultsTest.register(CUT, Map.of("fullyQualifiedDomainName", "127.0.0.1", "port", forwarder.port(),
                "administratorLogin", "postgres", "administratorLoginPassword", "trusted"), "/databases/sbw_cut_" + SUFFIX);
        forwarder.down();
        // Longer than the request's own retries (about 3 s), so that the request has to wait.
        Thread.ofVirtual().start(() -> {
            TestServer.sleep(6000);
            forwarder.up();
        });
        TestServer.Answer put = sb.call("PUT", connector + V, body(db, login));
        assertThat(put.status()).as(put.raw().body()).isEqualTo(201);
        assertWaiting(put.body(), db, "TargetUnreachable");
        assertThat(put.body().at("/properties/waitingFor/message").asText()).contains("to answer").contains("127.0.0.1:" + forwarder.port());

        JsonNode status = sb.await(put);
        assertThat(status.path("status").asText()).as(status.toString()).isEqualTo("Succeeded");
        assertThat(TargetListings.pgPrivileges(login, "sbw_cut_" + SUFFIX, "public")).isEqualTo(HostileSqlNamesTest.PG_GRANTS);
        sb.await(sb.call("DELETE", connector + V, null));
        assertThat(LocalPostgres.roleExists(login)).isFalse();
        TargetFaultsTest.unregister(CUT, "/databases/sbw_cut_" + SUFFIX);
    }

    @Test
    void deletingAWaitingConnectionEndsTheWait() throws Exception {
        String connector = CONNECTORS + "gone" + SUFFIX;
        String login = "sbw_gone" + SUFFIX;
        TestServer.Answer put = sb.call("PUT", connector + V, body(SERVER + "/databases/sbw_gone_" + SUFFIX, login));
        assertThat(put.status()).isEqualTo(201);
        long started = System.nanoTime();
        TestServer.Answer delete = sb.call("DELETE", connector + V, null, Map.of("Authorization", "Bearer " + sb.server().token(),
                "If-Match", put.header("ETag")));
        assertThat(delete.status()).as(delete.raw().body()).isIn(200, 202, 204);
        if (delete.status() == 202) assertThat(sb.await(delete).path("status").asText()).isEqualTo("Succeeded");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(BOUND);
        JsonNode create = sb.await(put);
        assertThat(create.path("status").asText()).isEqualTo("Failed");
        assertThat(create.at("/error/code").asText()).isEqualTo("OperationCanceled");
        assertThat(sb.call("GET", connector + V, null).status()).isEqualTo(404);
        FaultChecks.nothingLeft(sb, connector, login, LocalPostgres::roleExists);
    }

    @Test
    void badInputIsStillRefusedAtOnceAndNothingIsStored() {
        String connector = CONNECTORS + "bad" + SUFFIX;
        String missing = SERVER + "/databases/sbw_bad_" + SUFFIX;
        List<Object[]> cases = List.of(
                new Object[] {withProperty(body(missing, "sbw_bad"), "clientType", "cobol"), "InvalidClientType", "properties.clientType"},
                new Object[] {body(RG + "/providers/Microsoft.Nowhere/things/x", "sbw_bad"), "TargetTypeNotSupported", "properties.targetService.id"},
                new Object[] {body(missing, "pg_not_allowed"), "InvalidLoginName", "properties.authInfo.name"},
                new Object[] {withProperty(body(missing, "sbw_bad"), "access", Map.of("schema", "pg_catalog")), "InvalidAccess",
                        "properties.access.schema"},
                new Object[] {withProperty(body(missing, "sbw_bad"), "authInfo", Map.of("authType", "telepathy")), "InvalidAuthType",
                        "properties.authInfo.authType"});
        for (Object[] c : cases) {
            long started = System.nanoTime();
            TestServer.Answer a = sb.call("PUT", connector + V, c[0]);
            JsonNode error = ApiChecks.assertArmError(a, 400, (String) c[1]);
            assertThat(error.path("target").asText()).isEqualTo(c[2]);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("refused at once").isLessThan(Duration.ofSeconds(2));
            assertThat(sb.call("GET", connector + V, null).status()).as("nothing stored for %s", c[1]).isEqualTo(404);
        }
    }

    @Test
    void aTargetOutsideAScopedTokensReachStillLooksMissingAndIsNotWaitedFor() {
        String other = "/subscriptions/" + TestServer.SUB + "/resourceGroups/wait-other-" + SUFFIX;
        assertThat(sb.call("PUT", other + RV, Map.of("location", "local")).status()).isEqualTo(201);
        String token = mint("wait" + SUFFIX, "Contributor", RG);
        Map<String, String> auth = Map.of("Authorization", "Bearer " + token);
        String connector = CONNECTORS + "scope" + SUFFIX;
        String outside = other + "/providers/Microsoft.DBforPostgreSQL/flexibleServers/pg/databases/sbw_scope_" + SUFFIX;
        long started = System.nanoTime();
        ApiChecks.assertArmError(sb.call("PUT", connector + V, body(outside, "sbw_scope" + SUFFIX), auth), 404,
                "TargetResourceNotFound", outside);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("not waited for").isLessThan(Duration.ofSeconds(2));
        assertThat(sb.call("GET", connector + V, null).status()).isEqualTo(404);

        // The same token, the same missing database inside its scope: accepted, and it waits.
        String inside = SERVER + "/databases/sbw_scope_" + SUFFIX;
        TestServer.Answer waits = sb.call("PUT", connector + V, body(inside, "sbw_scope" + SUFFIX), auth);
        assertThat(waits.status()).as(waits.raw().body()).isEqualTo(201);
        assertWaiting(waits.body(), inside, "TargetResourceNotFound");
        TestServer.Answer delete = sb.call("DELETE", connector + V, null, auth);
        if (delete.status() == 202) sb.await(delete);
        assertThat(sb.call("DELETE", other + RV, null).status()).isBetween(200, 204);
    }

    /**
     * A template whose connection names its database by a literal ID (so no dependency says to make the database
     * first) and comes before it: the connection waits while the deployment goes on and makes the database. Beside it,
     * one that names it by resourceId() is ordered after it and does not wait.
     */
    @Test
    void aDeploymentMayMakeAConnectionsTargetAfterTheConnection() throws Exception {
        String dbName = "sbw_dep_" + SUFFIX;
        String db = SERVER + "/databases/" + dbName;
        Map<String, Object> literal = linkerResource("literal" + SUFFIX, db, "sbw_literal" + SUFFIX);
        Map<String, Object> ordered = linkerResource("ordered" + SUFFIX,
                "[resourceId('Microsoft.DBforPostgreSQL/flexibleServers/databases', 'pg', '" + dbName + "')]", "sbw_ordered" + SUFFIX);
        Map<String, Object> template = Map.of("$schema", "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
                "contentVersion", "1.0.0.0", "resources", List.of(ordered, literal,
                        Map.of("type", "Microsoft.Web/sites", "apiVersion", "2023-01-01", "name", "dep", "location", "local",
                                "properties", Map.of("siteConfig", Map.of("appCommandLine", "sleep 600"))),
                        Map.of("type", "Microsoft.DBforPostgreSQL/flexibleServers/databases", "apiVersion", "2022-12-01",
                                "name", "pg/" + dbName, "properties", Map.of())));
        String deployment = RG + "/providers/Microsoft.Resources/deployments/order" + SUFFIX;
        TestServer.Answer put = sb.call("PUT", deployment + RV, Map.of("properties", Map.of("mode", "Incremental", "template", template)));
        assertThat(put.body().at("/properties/provisioningState").asText()).as(put.raw().body()).isEqualTo("Succeeded");
        JsonNode operations = sb.call("GET", deployment + "/operations" + RV, null).body().path("value");
        assertThat(operations).hasSize(4);
        operations.forEach(o -> assertThat(o.at("/properties/provisioningState").asText()).as(o.toString()).isEqualTo("Succeeded"));
        String site = RG + "/providers/Microsoft.Web/sites/dep";
        String linkers = site + "/providers/Microsoft.ServiceLinker/linkers/";
        assertThat(started(operations, linkers + "literal" + SUFFIX)).as("the literal one was started before the database")
                .isBefore(started(operations, db));
        assertThat(started(operations, linkers + "ordered" + SUFFIX)).as("the ordered one after it")
                .isAfter(started(operations, db));
        for (String login : List.of("sbw_literal" + SUFFIX, "sbw_ordered" + SUFFIX)) {
            assertThat(TargetListings.pgPrivileges(login, dbName, "public")).as(login).isEqualTo(HostileSqlNamesTest.PG_GRANTS);
        }
        for (String name : List.of("literal", "ordered")) {
            String linker = linkers + name + SUFFIX;
            assertThat(sb.call("GET", linker + V, null).body().at("/properties/provisioningState").asText()).isEqualTo("Succeeded");
            sb.await(sb.call("DELETE", linker + V, null));
        }
        assertThat(ApiChecks.rolesContaining("sbw_literal" + SUFFIX)).isEmpty();
        assertThat(sb.call("DELETE", db + RV, null).status()).isBetween(200, 204);
    }

    /** When the deployment started writing {@code id}, by its deployment operation. */
    static java.time.Instant started(JsonNode operations, String id) {
        for (JsonNode o : operations) {
            if (o.at("/properties/targetResource/id").asText().equalsIgnoreCase(id)) {
                return java.time.Instant.parse(o.at("/properties/timestamp").asText())
                        .minus(Duration.parse(o.at("/properties/duration").asText()));
            }
        }
        throw new AssertionError("no deployment operation for " + id + ": " + operations);
    }

    static Map<String, Object> linkerResource(String name, String target, String login) {
        return Map.of("type", "Microsoft.ServiceLinker/linkers", "apiVersion", "2022-05-01", "name", name,
                "scope", "[resourceId('Microsoft.Web/sites', 'dep')]", "properties", body(target, login).get("properties"));
    }

    /** A server restarted while a connection waits takes the wait up again; one whose password was given fails clearly. */
    @Test
    void aWaitSurvivesARestart(@TempDir Path dir) throws Exception {
        String rg = "/subscriptions/" + TestServer.SUB + "/resourceGroups/wait-r-" + SUFFIX;
        String server = rg + "/providers/Microsoft.DBforPostgreSQL/flexibleServers/pg";
        String db = server + "/databases/sbw_restart_" + SUFFIX;
        String resumed = rg + "/providers/Microsoft.ServiceLinker/locations/local/connectors/resumed" + SUFFIX;
        String given = rg + "/providers/Microsoft.ServiceLinker/locations/local/connectors/given" + SUFFIX;
        ServerConfigs configs = new ServerConfigs(dir);
        String waitingOp;
        String givenOp;
        try (TestServer first = TestServer.of(SwitchboardServer.start(configs.config()))) {
            assertThat(first.call("PUT", rg + RV, Map.of("location", "local")).status()).isEqualTo(201);
            assertThat(first.call("PUT", server + RV, Map.of("location", "local", "properties", Map.of())).status()).isEqualTo(201);
            TestServer.Answer a = first.call("PUT", resumed + V, body(db, "sbw_resumed" + SUFFIX));
            assertThat(a.status()).isEqualTo(201);
            waitingOp = URI.create(a.header("Azure-AsyncOperation")).getRawPath() + "?" + URI.create(a.header("Azure-AsyncOperation")).getRawQuery();
            Map<String, Object> withPassword = body(db, "sbw_given" + SUFFIX);
            withProperty(withPassword, "authInfo", Map.of("authType", "secret", "name", "sbw_given" + SUFFIX,
                    "secretInfo", Map.of("secretType", "rawValue", "value", "Given-" + SUFFIX + "-pw1")));
            TestServer.Answer b = first.call("PUT", given + V, withPassword);
            assertThat(b.status()).isEqualTo(201);
            givenOp = URI.create(b.header("Azure-AsyncOperation")).getRawPath() + "?" + URI.create(b.header("Azure-AsyncOperation")).getRawQuery();
        }
        try (TestServer second = TestServer.of(SwitchboardServer.start(configs.config()))) {
            JsonNode refused = second.call("GET", givenOp, null).body();
            assertThat(refused.path("status").asText()).isEqualTo("Failed");
            assertThat(refused.at("/error/code").asText()).isEqualTo("OperationInterrupted");
            assertThat(refused.at("/error/message").asText()).contains("send the request again");
            assertThat(second.call("GET", resumed + V, null).body().at("/properties/provisioningState").asText()).isEqualTo("Waiting");

            assertThat(second.call("PUT", db + RV, Map.of("properties", Map.of())).status()).isEqualTo(201);
            JsonNode status = awaitPath(second, waitingOp);
            assertThat(status.path("status").asText()).as(status.toString()).isEqualTo("Succeeded");
            assertThat(LocalPostgres.roleExists("sbw_resumed" + SUFFIX)).isTrue();
            assertThat(LocalPostgres.roleExists("sbw_given" + SUFFIX)).isFalse();
            for (String c : List.of(resumed, given)) {
                TestServer.Answer d = second.call("DELETE", c + V, null);
                if (d.status() == 202) second.await(d);
            }
            assertThat(LocalPostgres.roleExists("sbw_resumed" + SUFFIX)).isFalse();
            second.call("DELETE", db + RV, null);
            second.call("DELETE", rg + RV, null);
        }
    }

    /** The same data directory for both servers of the restart test, with a wait long enough to span the restart. */
    record ServerConfigs(Path dir) {
        ServerConfig config() {
            return TestServer.config(dir, Duration.ZERO).withTargetWait(Duration.ofSeconds(60));
        }
    }

    static JsonNode awaitPath(TestServer server, String path) {
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline) {
            JsonNode status = server.call("GET", path, null).body();
            if (!"InProgress".equals(status.path("status").asText())) return status;
            TestServer.sleep(100);
        }
        throw new AssertionError("operation did not finish: " + path);
    }

    static void assertWaiting(JsonNode linker, String target, String code) {
        assertThat(linker.at("/properties/provisioningState").asText()).as(linker.toString()).isEqualTo("Waiting");
        assertThat(linker.at("/properties/waitingFor/targetId").asText()).isEqualTo(target);
        assertThat(linker.at("/properties/waitingFor/code").asText()).isEqualTo(code);
        assertThat(linker.at("/properties/waitingFor/until").asText()).isNotBlank();
    }

    /** A test's own site (made now), its connection, the database it is to use, and its login. */
    record OnSite(String site, String linker, String db, String login) {
        static OnSite named(String name) {
            String site = ConnectionWaitsForTargetTest.site(name);
            return new OnSite(site, site + "/providers/Microsoft.ServiceLinker/linkers/" + name + SUFFIX,
                    SERVER + "/databases/sbw_" + name + "_" + SUFFIX, "sbw_" + name + SUFFIX);
        }
    }

    /** A site running {@code sleep}: its live environment shows what connections projected. */
    static String site(String name) {
        String site = RG + "/providers/Microsoft.Web/sites/" + name;
        assertThat(sb.call("PUT", site + RV, Map.of("location", "local", "properties",
                Map.of("siteConfig", Map.of("appCommandLine", "sleep 600")))).status()).isEqualTo(201);
        return site;
    }

    static Map<String, String> liveEnvironment(String app) {
        return sb.server().apps().observe(ResourceId.parse(app)).map(AppObservation::primary).orElseThrow().liveEnvironment();
    }

    static String mint(String name, String role, String scope) {
        TestServer.Answer a = sb.call("PUT", AccessFixture.TOKENS + "/" + name + AccessFixture.TV, AccessFixture.tokenBody(role, scope));
        assertThat(a.status()).as(a.raw().body()).isEqualTo(201);
        return a.body().at("/properties/token").asText();
    }

    static Map<String, Object> body(String target, String login) {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("targetService", Map.of("type", "AzureResource", "id", target));
        props.put("authInfo", Map.of("authType", "secret", "name", login));
        props.put("clientType", "none");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("properties", props);
        return body;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> withProperty(Map<String, Object> body, String name, Object value) {
        ((Map<String, Object>) body.get("properties")).put(name, value);
        return body;
    }
}
