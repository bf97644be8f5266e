package dev.switchboard.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.core.id.ResourceId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 4: restarting Switchboard while a container app's revision runs (told to leave apps running) re-adopts its
 * processes: the same pids, exactly one process per replica, no new revision. Stopping it for good stops them.
 */
class RevisionRestartTest {
    static final String SUFFIX = ApiChecks.suffix();
    static final String RG = "/subscriptions/" + TestServer.SUB + "/resourceGroups/rr-" + SUFFIX;
    static final String APP = RG + "/providers/Microsoft.App/containerApps/rr" + SUFFIX;
    static final String RV = "?api-version=2024-03-01";

    @TempDir
    Path data;

    private TestServer start(boolean leaveRunning) {
        var c = TestServer.config(data, dev.switchboard.server.ServerConfig.ADMIN_SESSION_IDLE);
        return TestServer.of(dev.switchboard.server.SwitchboardServer.start(new dev.switchboard.server.ServerConfig(c.dataDir(),
                c.host(), c.port(), c.postgres(), c.embeddedPostgres(), c.baseEnvironment(), leaveRunning, c.clock(), c.haltAt(),
                c.adminSessionIdle())));
    }

    /** The pids of processes whose command line carries this test's marker. */
    private static Set<Long> marked() {
        return ProcessHandle.allProcesses().filter(p -> p.info().arguments().map(a -> List.of(a).contains("-Dmarker=rr" + SUFFIX)).orElse(false))
                .map(ProcessHandle::pid).collect(Collectors.toSet());
    }

    @Test
    void aRestartedSwitchboardAdoptsEachReplicaOnceAndStartsNoNewRevision() throws Exception {
        TestServer first = start(true);
        first.call("PUT", RG + RV, Map.of("location", "local"));
        Map<String, Object> app = Map.of("location", "local", "properties", Map.of(
                "configuration", Map.of("ingress", Map.of("external", true)),
                "template", Map.of("scale", Map.of("minReplicas", 2), "containers", List.of(Map.of("name", "web", "command",
                        List.of(ProcessHandle.current().info().command().orElseThrow(), "-Dmarker=rr" + SUFFIX, "-jar", RevisionsTest.JAR))))));
        assertThat(first.call("PUT", APP + RV, app).status()).isEqualTo(201);
        JsonNode revisions = first.call("GET", APP + "/revisions" + RV, null).body().path("value");
        assertThat(revisions).hasSize(1);
        ResourceId revision = ResourceId.parse(revisions.get(0).path("id").asText());
        Set<Long> before = marked();
        assertThat(before).hasSize(2);
        first.close();
        assertThat(marked()).as("left running").isEqualTo(before);

        TestServer second = start(false);
        try {
            assertThat(second.call("GET", APP + "/revisions" + RV, null).body().path("value")).as("no new revision").hasSize(1);
            assertThat(second.server().appHost().observe(revision).orElseThrow().replicas())
                    .extracting(r -> r.pid()).containsExactlyInAnyOrderElementsOf(before);
            assertThat(marked()).as("exactly one process per replica, the same ones").isEqualTo(before);
            assertThat(second.call("GET", APP + RV, null).body().at("/properties/runningStatus").asText()).isEqualTo("Running");
            second.call("DELETE", RG + RV, null);
        } finally {
            second.close();
        }
        assertThat(marked()).as("stopped with the app").isEmpty();
    }
}
