package dev.switchboard.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.core.id.ResourceId;
import dev.switchboard.providers.TcpForwarder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 6: PostgreSQL goes down between two steps of a connection's creation (the forwarder in front of it is cut
 * right after EnsureLogin lands). Back within the retry budget, the operation rides it out; gone for good, it fails
 * with TargetUnreachable, the compensation that cannot reach the target either is kept in the footprint, and once the
 * target is back the connection can be retried and deleted with nothing orphaned.
 */
class TargetDownMidOperationTest {
    static final String SUFFIX = ApiChecks.suffix();
    static final String RG = "/subscriptions/" + TestServer.SUB + "/resourceGroups/mid-" + SUFFIX;
    static final String SERVER = RG + "/providers/Microsoft.DBforPostgreSQL/flexibleServers/pg";
    static final String DB = SERVER + "/databases/sbm_" + SUFFIX;
    static final String CONNECTORS = RG + "/providers/Microsoft.ServiceLinker/locations/local/connectors/";
    static final String V = TargetFaultsTest.V;
    static final String RV = TargetFaultsTest.RV;

    @TempDir
    static Path data;
    static TestServer sb;
    static TcpForwarder forwarder;
    /** What to do when EnsureLogin has landed; null: nothing. */
    static final AtomicReference<Runnable> afterLogin = new AtomicReference<>();

    @BeforeAll
    static void start() {
        forwarder = TcpForwarder.to(5432);
        sb = TestServer.start(data, FaultChecks.onceAfter("EnsureLogin", afterLogin));
        assertThat(sb.call("PUT", RG + RV, Map.of("location", "local")).status()).isEqualTo(201);
        TargetFaultsTest.sb = sb;
        TargetFaultsTest.register(SERVER, Map.of("fullyQualifiedDomainName", "127.0.0.1", "port", forwarder.port(),
                "administratorLogin", "postgres", "administratorLoginPassword", "trusted"), "/databases/sbm_" + SUFFIX);
    }

    @AfterAll
    static void stop() throws Exception {
        forwarder.up();
        sb.call("DELETE", DB + RV, null);
        sb.call("DELETE", RG + RV, null);
        sb.close();
        forwarder.close();
        assertThat(ApiChecks.sweepLocalPostgres("sbm" + SUFFIX)).as("left on PostgreSQL").isEmpty();
        assertThat(LocalPostgres.rolesLike("sbf_m")).noneMatch(r -> r.endsWith(SUFFIX));
    }

    @Test
    void aTargetBackWithinTheRetryBudgetIsRiddenOut() throws Exception {
        String connector = CONNECTORS + "back" + SUFFIX;
        String login = "sbf_mback" + SUFFIX;
        afterLogin.set(() -> {
            forwarder.down();
            Thread.ofVirtual().start(() -> {
                TestServer.sleep(1000);
                forwarder.up();
            });
        });
        JsonNode status = sb.await(sb.call("PUT", connector + V, TargetFaultsTest.body(DB, login, Map.of())));
        assertThat(status.path("status").asText()).as(status.toString()).isEqualTo("Succeeded");
        assertThat(LocalPostgres.roleExists(login)).isTrue();
        sb.await(sb.call("DELETE", connector + V, null));
        assertThat(LocalPostgres.roleExists(login)).isFalse();
    }

    @Test
    void aTargetThatStaysDownFailsTheOperationAndNothingIsOrphanedOnceItIsBack() throws Exception {
        String connector = CONNECTORS + "gone" + SUFFIX;
        String login = "sbf_mgone" + SUFFIX;
        afterLogin.set(forwarder::down);
        JsonNode status = sb.await(sb.call("PUT", connector + V, TargetFaultsTest.body(DB, login, Map.of())));
        FaultChecks.failedKeepingTheLogin(sb, connector, status, SERVER);

        JsonNode failed = sb.call("GET", connector + V, null).body();
        assertThat(failed.at("/properties/provisioningError/code").asText()).isEqualTo("TargetUnreachable");
        assertThat(sb.server().targetReturns().retryReturned()).as("nothing retried while the target is down").isEmpty();

        // Once the target answers again, the connection is applied again without anyone asking.
        forwarder.up();
        List<dev.switchboard.engine.LinkerService.Accepted> retried = sb.server().targetReturns().retryReturned();
        assertThat(retried).hasSize(1);
        assertThat(retried.get(0).completion().get(60, java.util.concurrent.TimeUnit.SECONDS).status()).isEqualTo("Succeeded");
        JsonNode healed = sb.call("GET", connector + V, null).body();
        assertThat(healed.at("/properties/provisioningState").asText()).isEqualTo("Succeeded");
        assertThat(healed.at("/properties/provisioningError").isMissingNode()).isTrue();
        assertThat(LocalPostgres.roleExists(login)).isTrue();
        assertThat(sb.server().targetReturns().retryReturned()).as("nothing more to retry").isEmpty();
        sb.await(sb.call("DELETE", connector + V, null));
        assertThat(LocalPostgres.roleExists(login)).as("orphaned login").isFalse();
        assertThat(sb.server().store().footprint(ResourceId.parse(connector))).isEmpty();
    }
}
