package dev.switchboard.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.core.id.ResourceId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 6 with a real service stopped and started: a private PostgreSQL cluster (never the machine's) is shut down
 * ({@code pg_ctl stop -m fast}) right after a connection's EnsureLogin lands. Started again within the retry budget,
 * the operation rides it out; left down, the operation fails with TargetUnreachable and keeps the login it could not
 * drop in its footprint, and once the cluster is back a retry and a delete leave nothing on it.
 */
class TargetRestartMidOperationTest {
    static final String SUFFIX = ApiChecks.suffix();
    static final String RG = "/subscriptions/" + TestServer.SUB + "/resourceGroups/restart-" + SUFFIX;
    static final String SERVER = RG + "/providers/Microsoft.DBforPostgreSQL/flexibleServers/own";
    static final String DB = SERVER + "/databases/sbs_" + SUFFIX;
    static final String CONNECTORS = RG + "/providers/Microsoft.ServiceLinker/locations/local/connectors/";
    static final String V = TargetFaultsTest.V;
    static final String RV = TargetFaultsTest.RV;

    @TempDir
    static Path data;
    @TempDir
    static Path pgBase;
    static PrivatePostgres pg;
    static TestServer sb;
    /** What to do when EnsureLogin has landed; null: nothing. */
    static final AtomicReference<Runnable> afterLogin = new AtomicReference<>();

    @BeforeAll
    static void start() throws Exception {
        pg = PrivatePostgres.start(pgBase);
        sb = TestServer.start(data, FaultChecks.onceAfter("EnsureLogin", afterLogin));
        assertThat(sb.call("PUT", RG + RV, Map.of("location", "local")).status()).isEqualTo(201);
        TargetFaultsTest.sb = sb;
        TargetFaultsTest.register(SERVER, Map.of("fullyQualifiedDomainName", "127.0.0.1", "port", pg.port(),
                "administratorLogin", PrivatePostgres.SUPERUSER, "administratorLoginPassword", pg.password()), "/databases/sbs_" + SUFFIX);
    }

    @AfterAll
    static void stop() {
        try {
            if (sb != null) {
                sb.call("DELETE", DB + RV, null);
                sb.call("DELETE", RG + RV, null);
                sb.close();
            }
        } finally {
            if (pg != null) pg.close();
        }
    }

    @Test
    void aServiceStartedAgainWithinTheRetryBudgetIsRiddenOut() throws Exception {
        String connector = CONNECTORS + "back" + SUFFIX;
        String login = "sbf_sback" + SUFFIX;
        long[] downFor = new long[1];
        // Stopped before the next step starts, started again a second later beside it: that step finds the port closed and retries.
        afterLogin.set(() -> {
            pg.stop();
            long stopped = System.nanoTime();
            Thread.ofVirtual().start(() -> {
                TestServer.sleep(1000);
                pg.startAgain();
                downFor[0] = (System.nanoTime() - stopped) / 1_000_000;
            });
        });
        long started = System.nanoTime();
        JsonNode status = sb.await(sb.call("PUT", connector + V, TargetFaultsTest.body(DB, login, Map.of())));
        long took = (System.nanoTime() - started) / 1_000_000;
        System.out.printf("[faults] postgresql stopped and started mid-create (down %d ms): %s after %d ms%n",
                downFor[0], status.path("status").asText(), took);
        assertThat(status.path("status").asText()).as(status.toString()).isEqualTo("Succeeded");
        assertThat(pg.roleExists(login)).isTrue();
        sb.await(sb.call("DELETE", connector + V, null));
        assertThat(pg.roleExists(login)).isFalse();
    }

    @Test
    void aServiceThatStaysDownFailsTheOperationAndNothingIsOrphanedOnceItIsBack() throws Exception {
        String connector = CONNECTORS + "gone" + SUFFIX;
        String login = "sbf_sgone" + SUFFIX;
        afterLogin.set(pg::stop);
        long started = System.nanoTime();
        JsonNode status = sb.await(sb.call("PUT", connector + V, TargetFaultsTest.body(DB, login, Map.of())));
        long took = (System.nanoTime() - started) / 1_000_000;
        System.out.printf("[faults] postgresql stopped mid-create and left down: %s after %d ms: %s%n", status.path("status").asText(),
                took, status.at("/error/message").asText());
        FaultChecks.failedKeepingTheLogin(sb, connector, status, SERVER);
        assertThat(status.at("/error/message").asText()).doesNotContain(pg.password());
        assertThat(took).as("failure within the retry budget").isLessThan(TargetFaultsTest.BOUND_MILLIS);

        pg.startAgain();
        assertThat(pg.roleExists(login)).as("the login made before the stop is still on the cluster").isTrue();
        JsonNode retried = sb.await(sb.call("PUT", connector + V, TargetFaultsTest.body(DB, login, Map.of())));
        assertThat(retried.path("status").asText()).as(retried.toString()).isEqualTo("Succeeded");
        sb.await(sb.call("DELETE", connector + V, null));
        assertThat(pg.roleExists(login)).as("orphaned login").isFalse();
        assertThat(sb.server().store().footprint(ResourceId.parse(connector))).isEmpty();
    }
}
