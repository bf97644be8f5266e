package dev.switchboard.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.core.compute.AppObservation;
import dev.switchboard.core.compute.AppSpec;
import dev.switchboard.core.compute.ContainerSpec;
import dev.switchboard.core.id.ResourceId;
import dev.switchboard.core.linker.DriftPolicy;
import dev.switchboard.core.plan.Drift;
import dev.switchboard.core.store.ConnectionEvent;
import dev.switchboard.engine.Reconciler;
import dev.switchboard.providers.TcpForwarder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Drift on real targets, made by hand the way an administrator would make it (DROP ROLE, REVOKE, ACL DELUSER), found
 * by a reconciler round and healed (policy heal) or only reported (policy report), with the events visible through
 * the API. The app that uses the healed role keeps answering "connected". A target that cannot be reached is not
 * drift. Each test has its own connection, so they run in any order.
 */
class DriftHealingTest {
    static final String SUFFIX = ApiChecks.suffix();
    static final String RG = "/subscriptions/" + TestServer.SUB + "/resourceGroups/drift-" + SUFFIX;
    static final String SERVER = RG + "/providers/Microsoft.DBforPostgreSQL/flexibleServers/pg";
    static final String DB_NAME = "sbd_" + SUFFIX;
    static final String DB = SERVER + "/databases/" + DB_NAME;
    static final String APP = RG + "/providers/Microsoft.App/containerApps/health";
    static final String APP_LINKER = APP + "/providers/Microsoft.ServiceLinker/linkers/app" + SUFFIX;
    static final String CONNECTORS = RG + "/providers/Microsoft.ServiceLinker/locations/local/connectors/";
    static final String V = "?api-version=2024-04-01";
    static final String RV = "?api-version=2024-03-01";

    @TempDir
    static Path data;
    static TestServer sb;

    @BeforeAll
    static void start() {
        sb = TestServer.start(data);
        assertThat(sb.call("PUT", RG + RV, Map.of("location", "local")).status()).isEqualTo(201);
        assertThat(sb.call("PUT", SERVER + RV, Map.of("location", "local", "properties", Map.of())).status()).isEqualTo(201);
        assertThat(sb.call("PUT", DB + RV, Map.of("properties", Map.of())).status()).isEqualTo(201);
        ConnectionLifecycleTest.putHealthApp(sb, APP);
    }

    @AfterAll
    static void stop() throws Exception {
        if (sb == null) return;
        for (JsonNode linker : sb.call("GET", APP + "/providers/Microsoft.ServiceLinker/linkers" + V, null).body().path("value")) {
            delete(linker.path("id").asText());
        }
        for (JsonNode c : sb.call("GET", RG + "/providers/Microsoft.ServiceLinker/locations/local/connectors" + V, null).body().path("value")) {
            delete(c.path("id").asText());
        }
        sb.call("DELETE", RG + RV, null);
        sb.close();
        assertThat(ApiChecks.sweepLocalPostgres(SUFFIX)).as("left on PostgreSQL").isEmpty();
        try (Jedis redis = TargetLogins.redis()) {
            assertThat(redis.aclUsers()).noneMatch(u -> u.contains(SUFFIX));
        }
    }

    @Test
    void aRoleDroppedByHandIsRecreatedUnderTheSameNameAndTheAppStaysConnected() throws Exception {
        String role = create(APP_LINKER, body(DB, "java", Map.of()));
        assertThat(ConnectionLifecycleTest.health(sb, APP).path("status").asText()).isEqualTo("connected");

        dropRoleByHand(role);
        assertThat(LocalPostgres.roleExists(role)).isFalse();
        Reconciler.Finding finding = only(sb.server().reconciler().reconcileOnce());
        assertThat(finding.drift()).containsExactly(new Drift.LoginMissing(role));
        ConnectionEvent outcome = finding.heal().orElseThrow().get(60, TimeUnit.SECONDS);
        assertThat(outcome.kind()).as(outcome.message()).isEqualTo(ConnectionEvent.DRIFT_HEALED);

        assertThat(LocalPostgres.roleExists(role)).isTrue();
        assertThat(LocalPostgres.roleFlags(role)).as("a login again, nothing more").isEqualTo("0001");
        assertThat(LocalPostgres.strings(DB_NAME, "SELECT has_schema_privilege(?, 'public', 'USAGE')::text", role)).containsExactly("true");
        JsonNode linker = sb.call("GET", APP_LINKER + V, null).body();
        assertThat(linker.at("/properties/authInfo/name").asText()).isEqualTo(role);
        assertThat(linker.at("/properties/provisioningState").asText()).isEqualTo("Succeeded");
        assertThat(linker.at("/properties/drift").isMissingNode()).isTrue();
        assertThat(ConnectionLifecycleTest.health(sb, APP).path("status").asText()).as("the app logs in with the password it has")
                .isEqualTo("connected");

        JsonNode events = events(APP_LINKER);
        assertThat(kinds(events)).containsExactly("DriftHealed", "DriftDetected");
        assertThat(events.get(1).at("/detail/drift/0/kind").asText()).isEqualTo("LoginMissing");
        assertThat(events.get(1).at("/detail/policy").asText()).isEqualTo("heal");
        assertThat(events.get(0).at("/detail/tookMs").asLong()).isNotNegative();
        assertThat(sb.server().reconciler().reconcileOnce()).as("nothing left to heal").isEmpty();
    }

    @Test
    void aRevokedGrantIsGrantedAgain() throws Exception {
        String connector = CONNECTORS + "grant" + SUFFIX;
        String role = create(connector, body(DB, "none", Map.of()));
        LocalPostgres.execute(DB_NAME, "REVOKE USAGE ON SCHEMA public FROM " + ApiChecks.quote(role));

        Reconciler.Finding finding = only(sb.server().reconciler().reconcileOnce());
        assertThat(finding.drift()).containsExactly(new Drift.GrantsMissing(role, List.of("SCHEMA:USAGE")));
        assertThat(finding.heal().orElseThrow().get(60, TimeUnit.SECONDS).kind()).isEqualTo(ConnectionEvent.DRIFT_HEALED);
        assertThat(LocalPostgres.strings(DB_NAME, "SELECT has_schema_privilege(?, 'public', 'USAGE')::text", role)).containsExactly("true");
        assertThat(validate(connector)).isTrue();
        assertThat(kinds(events(connector)))
                .containsExactly("DriftHealed", "DriftDetected");
    }

    @Test
    void underPolicyReportTheDriftIsRecordedAndShownButNothingChanges() throws Exception {
        String connector = CONNECTORS + "report" + SUFFIX;
        Map<String, Object> body = body(DB, "none", Map.of("driftPolicy", "report"));
        String role = create(connector, body);
        assertThat(sb.call("GET", connector + V, null).body().at("/properties/driftPolicy").asText()).isEqualTo("report");

        dropRoleByHand(role);
        Reconciler.Finding finding = only(sb.server().reconciler().reconcileOnce());
        assertThat(finding.policy()).isEqualTo(DriftPolicy.REPORT);
        assertThat(finding.heal()).isEmpty();
        assertThat(LocalPostgres.roleExists(role)).as("reported, not healed").isFalse();
        JsonNode shown = sb.call("GET", connector + V, null).body();
        assertThat(shown.at("/properties/drift/0/kind").asText()).isEqualTo("LoginMissing");
        assertThat(shown.at("/properties/drift/0/login").asText()).isEqualTo(role);
        assertThat(shown.at("/properties/provisioningState").asText()).isEqualTo("Succeeded");
        assertThat(sb.server().reconciler().reconcileOnce()).as("the same drift is reported once").isEmpty();
        JsonNode events = events(connector);
        assertThat(kinds(events)).containsExactly("DriftDetected");
        assertThat(events.get(0).at("/detail/policy").asText()).isEqualTo("report");
        assertThat(events.get(0).path("message").asText()).contains(role).contains("reported only");

        // The user decides to heal: the PATCH applies the connection again and the mark goes.
        TestServer.Answer patch = sb.call("PATCH", connector + V, Map.of("properties", Map.of("driftPolicy", "heal")));
        assertThat(sb.await(patch).path("status").asText()).isEqualTo("Succeeded");
        assertThat(LocalPostgres.roleExists(role)).isTrue();
        JsonNode healed = sb.call("GET", connector + V, null).body();
        assertThat(healed.at("/properties/drift").isMissingNode()).isTrue();
        assertThat(healed.at("/properties/driftPolicy").asText()).isEqualTo("heal");
        assertThat(sb.server().reconciler().reconcileOnce()).isEmpty();
    }

    @Test
    void aTargetThatCannotBeReachedIsNotDrift() throws Exception {
        try (TcpForwarder forwarder = TcpForwarder.to(5432)) {
            String server = RG + "/providers/Microsoft.DBforPostgreSQL/flexibleServers/cut";
            assertThat(sb.call("PUT", server + RV, Map.of("location", "local", "properties", Map.of("fullyQualifiedDomainName",
                    "127.0.0.1", "port", forwarder.port(), "administratorLogin", "postgres", "administratorLoginPassword", "trusted")))
                    .status()).isEqualTo(201);
            String db = server + "/databases/" + DB_NAME + "c";
            String connector = CONNECTORS + "cut" + SUFFIX;
            assertThat(sb.call("PUT", db + RV, Map.of("properties", Map.of())).status()).isEqualTo(201);
            create(connector, body(db, "none", Map.of()));

            forwarder.down();
            assertThat(sb.server().reconciler().reconcileOnce()).extracting(Reconciler.Finding::linker)
                    .doesNotContain(ResourceId.parse(connector));
            assertThat(events(connector)).isEmpty();
            JsonNode still = sb.call("GET", connector + V, null).body();
            assertThat(still.at("/properties/drift").isMissingNode()).isTrue();
            assertThat(still.at("/properties/provisioningState").asText()).isEqualTo("Succeeded");
            forwarder.up();
            assertThat(sb.server().reconciler().reconcileOnce()).as("back, and as it was").isEmpty();
            delete(connector);
            assertThat(sb.call("DELETE", db + RV, null).status()).isBetween(200, 204);
            assertThat(sb.call("DELETE", server + RV, null).status()).isBetween(200, 204);
        }
    }

    @Test
    void aRedisAclUserDeletedByHandIsMadeAgain() throws Exception {
        String server = RG + "/providers/Microsoft.Cache/redis/cache";
        assertThat(sb.call("PUT", server + RV, Map.of("location", "local", "properties",
                Map.of("hostName", "127.0.0.1", "port", 6379))).status()).isEqualTo(201);
        String connector = CONNECTORS + "redis" + SUFFIX;
        String user = create(connector, body(server, "none", Map.of("access", Map.of("keyPattern", "drift" + SUFFIX + ":*"))));
        try (Jedis redis = TargetLogins.redis()) {
            redis.aclDelUser(user);
        }
        assertThat(TargetLogins.redisUser(user)).isFalse();

        Reconciler.Finding finding = only(sb.server().reconciler().reconcileOnce());
        assertThat(finding.drift()).containsExactly(new Drift.LoginMissing(user));
        assertThat(finding.heal().orElseThrow().get(60, TimeUnit.SECONDS).kind()).isEqualTo(ConnectionEvent.DRIFT_HEALED);
        assertThat(TargetLogins.redisUser(user)).isTrue();
        assertThat(validate(connector)).as("the stored password logs in again").isTrue();
        assertThat(kinds(events(connector)))
                .containsExactly("DriftHealed", "DriftDetected");
    }

    /**
     * Something other than Switchboard restarts the app with only its own settings (as a redeploy of the compute
     * layer would): its process runs without the connection's keys, which the next round projects again.
     */
    @Test
    void settingsWipedFromTheRunningAppAreProjectedAgain() throws Exception {
        String site = RG + "/providers/Microsoft.Web/sites/web";
        assertThat(sb.call("PUT", site + RV, Map.of("location", "local", "properties",
                Map.of("siteConfig", Map.of("appCommandLine", "sleep 600")))).status()).isEqualTo(201);
        String linker = site + "/providers/Microsoft.ServiceLinker/linkers/site" + SUFFIX;
        create(linker, body(DB, "none", Map.of()));
        assertThat(liveEnvironment(site)).containsKeys("AZURE_POSTGRESQL_HOST", "AZURE_POSTGRESQL_PASSWORD");

        ResourceId id = ResourceId.parse(site);
        sb.server().appHost().apply(new AppSpec(id, List.of(new ContainerSpec("site", List.of("/bin/sh", "-c", "sleep 600"),
                List.of(), Map.of("PATH", "/usr/bin:/bin"))), 1));
        assertThat(liveEnvironment(site)).doesNotContainKey("AZURE_POSTGRESQL_HOST");

        Reconciler.Finding finding = only(sb.server().reconciler().reconcileOnce());
        assertThat(finding.drift()).singleElement().isInstanceOfSatisfying(Drift.ConfigurationMissing.class,
                d -> assertThat(d.keys()).contains("AZURE_POSTGRESQL_HOST", "AZURE_POSTGRESQL_PASSWORD"));
        ConnectionEvent outcome = finding.heal().orElseThrow().get(60, TimeUnit.SECONDS);
        assertThat(outcome.kind()).as(outcome.message()).isEqualTo(ConnectionEvent.DRIFT_HEALED);
        assertThat(liveEnvironment(site)).containsKeys("AZURE_POSTGRESQL_HOST", "AZURE_POSTGRESQL_PASSWORD");
        JsonNode events = events(linker);
        assertThat(kinds(events)).containsExactly("DriftHealed", "DriftDetected");
        assertThat(events.get(1).at("/detail/drift/0/keys").toString()).contains("AZURE_POSTGRESQL_PASSWORD");
        assertThat(events.toString()).as("keys, never values").doesNotContain(liveEnvironment(site).get("AZURE_POSTGRESQL_PASSWORD"));
        delete(linker);
        assertThat(sb.call("DELETE", site + RV, null).status()).isBetween(200, 204);
    }

    @Test
    void aDriftPolicyOtherThanHealOrReportIsRefusedNamingTheField() {
        String connector = CONNECTORS + "bad" + SUFFIX;
        TestServer.Answer refused = sb.call("PUT", connector + V, body(DB, "none", Map.of("driftPolicy", "ignore")));
        ApiChecks.assertArmError(refused, 400, "InvalidDriftPolicy", "properties.driftPolicy");
        assertThat(sb.call("GET", connector + V, null).status()).isEqualTo(404);
        assertThat(sb.call("GET", connector + "/events" + V, null).status()).isEqualTo(404);
    }

    // ---- helpers

    /** Creates the connection, waits for it, and returns its login. */
    static String create(String linker, Map<String, Object> body) {
        TestServer.Answer put = sb.call("PUT", linker + V, body);
        assertThat(put.status()).as(put.raw().body()).isEqualTo(201);
        JsonNode status = sb.await(put);
        assertThat(status.path("status").asText()).as(status.toString()).isEqualTo("Succeeded");
        JsonNode created = sb.call("GET", linker + V, null).body();
        assertThat(created.at("/properties/driftPolicy").asText()).isIn("heal", "report");
        return created.at("/properties/authInfo/name").asText();
    }

    static Map<String, Object> body(String target, String clientType, Map<String, Object> extra) {
        Map<String, Object> p = new LinkedHashMap<>(Map.of("targetService", Map.of("type", "AzureResource", "id", target),
                "authInfo", Map.of("authType", "secret"), "clientType", clientType));
        p.putAll(extra);
        return Map.of("properties", p);
    }

    /** What an administrator does to remove a role: its privileges in every database it has any, then the role. */
    static void dropRoleByHand(String role) throws SQLException {
        String q = ApiChecks.quote(role);
        LocalPostgres.execute(DB_NAME, "DROP OWNED BY " + q);
        LocalPostgres.execute("postgres", "DROP OWNED BY " + q + "; DROP ROLE " + q);
    }

    /** The connection's events through the API, newest first. */
    static JsonNode events(String linker) {
        TestServer.Answer a = sb.call("GET", linker + "/events" + V, null);
        assertThat(a.status()).as(a.raw().body()).isEqualTo(200);
        return a.body().path("value");
    }

    static List<String> kinds(JsonNode events) {
        List<String> out = new java.util.ArrayList<>();
        events.forEach(e -> out.add(e.path("kind").asText()));
        return out;
    }

    static boolean validate(String linker) {
        JsonNode report = sb.result(sb.call("POST", linker + "/validateLinker" + V, null)).body();
        return report.at("/properties/isConnectionAvailable").asBoolean();
    }

    /**
     * The primary process's environment as the host reads it; a process caught between its spawn and its exec has
     * none readable yet (an empty map), so that is waited out (up to 5 s).
     */
    static Map<String, String> liveEnvironment(String app) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (true) {
            Map<String, String> env = sb.server().apps().observe(ResourceId.parse(app)).map(AppObservation::primary)
                    .orElseThrow().liveEnvironment();
            if (!env.isEmpty() || System.nanoTime() > deadline) return env;
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return env;
            }
        }
    }

    static Reconciler.Finding only(List<Reconciler.Finding> findings) {
        assertThat(findings).hasSize(1);
        return findings.get(0);
    }

    static void delete(String linker) {
        TestServer.Answer a = sb.call("DELETE", linker + V, null);
        if (a.status() == 202) sb.await(a);
    }
}
