package dev.switchboard.providers.local;

import dev.switchboard.core.compute.AppObservation;
import dev.switchboard.core.compute.AppObservation.State;
import dev.switchboard.core.compute.AppSpec;
import dev.switchboard.core.compute.ContainerSpec;
import dev.switchboard.core.id.ResourceId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Kubernetes' CrashLoopBackOff on real processes: a container that exits at once is restarted after 1 s and 2 s,
 * and once it has failed three times in a row it is named a crash loop while it waits, with its restarts counted;
 * a healthy container beside it is untouched.
 */
@Timeout(value = 40, unit = TimeUnit.SECONDS)
class CrashLoopBackoffTest {

    private static final String RUN = "sbloop-" + UUID.randomUUID().toString().substring(0, 8);
    private static final Map<String, String> BASE_ENV = Map.of("PATH", "/usr/local/bin:/usr/bin:/bin", "LANG", "C.UTF-8");

    @TempDir
    Path work;

    private LocalAppHost host;

    @AfterEach
    void cleanUp() {
        if (host != null) host.close();
        for (long pid : LocalAppHostTest.processesWith(RUN)) ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    }

    @Test
    void aContainerThatExitsAtOnceIsACrashLoopWithItsRestartsCountedWhileAHealthyOneRuns() {
        host = new LocalAppHost(work.resolve("apps"), Clock.systemUTC(), Duration.ofMillis(300), BASE_ENV);
        ResourceId id = ResourceId.parse("/subscriptions/sub1/resourceGroups/rg1/providers/Microsoft.App/containerApps/loop");
        host.apply(new AppSpec(id, List.of(
                sh("crash", "echo boom; exit 3"),
                sh("steady", "echo up; exec sleep 300"))));

        AppObservation once = await().atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(50))
                .until(() -> host.observe(id).orElseThrow(), o -> !replica(o, "crash").alive());
        assertThat(replica(once, "crash").state()).as("one failure is not a loop yet").isEqualTo(State.FAILED);
        assertThat(once.state()).isEqualTo(State.FAILED);

        long began = System.nanoTime();
        AppObservation loop = await().atMost(Duration.ofSeconds(9)).pollInterval(Duration.ofMillis(100))
                .until(() -> host.observe(id).orElseThrow(), o -> o.state() == State.CRASH_LOOP_BACKOFF);
        assertThat((System.nanoTime() - began) / 1e9).as("1 s + 2 s of backoff, seconds").isBetween(2.0, 6.0);
        AppObservation.Replica crash = replica(loop, "crash");
        assertThat(crash.state()).isEqualTo(State.CRASH_LOOP_BACKOFF);
        assertThat(crash.alive()).isFalse();
        assertThat(crash.restartCount()).isGreaterThanOrEqualTo(2);
        assertThat(crash.lastError()).contains("exited with code 3").contains("boom");
        assertThat(crash.nextRestartAt()).as("the third backoff is 4 s")
                .isAfter(Instant.now().plusSeconds(2)).isBefore(Instant.now().plusSeconds(5));

        AppObservation.Replica steady = replica(loop, "steady");
        assertThat(steady.state()).isEqualTo(State.RUNNING);
        assertThat(steady.alive()).isTrue();
        assertThat(steady.restartCount()).isZero();
        assertThat(steady.nextRestartAt()).isNull();
        assertThat(steady.lastError()).isNull();
    }

    @Test
    void aCrashThatPrintsItsSettingsDoesNotPutThemIntoTheFailureReason() {
        host = new LocalAppHost(work.resolve("apps"), Clock.systemUTC(), Duration.ofMillis(300), BASE_ENV);
        ResourceId id = ResourceId.parse("/subscriptions/sub1/resourceGroups/rg1/providers/Microsoft.App/containerApps/leaky");
        String secret = "pw-" + java.util.UUID.randomUUID();
        host.apply(new AppSpec(id, List.of(new ContainerSpec("leaky", List.of("/bin/sh"),
                List.of("-c", "echo \"cannot connect: host=db password=$DB_PASSWORD mode=$MODE\"; exit 1", RUN),
                Map.of("DB_PASSWORD", secret, "MODE", "prod")))));
        AppObservation failed = await().atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(50))
                .until(() -> host.observe(id).orElseThrow(), o -> replica(o, "leaky").lastError() != null);
        assertThat(replica(failed, "leaky").lastError()).contains("cannot connect: host=db password=*** mode=prod")
                .doesNotContain(secret);
    }

    @Test
    void aCrashLoopOutranksAFailureInTheAppsStateAndStartsAtTheThirdFailureInARow() {
        assertThat(AppSupervisor.combine(List.of(State.FAILED, State.CRASH_LOOP_BACKOFF, State.RUNNING)))
                .isEqualTo(State.CRASH_LOOP_BACKOFF);
        assertThat(AppSupervisor.combine(List.of(State.STOPPED, State.CRASH_LOOP_BACKOFF))).isEqualTo(State.CRASH_LOOP_BACKOFF);
        assertThat(AppSupervisor.combine(List.of(State.RUNNING, State.FAILED))).isEqualTo(State.FAILED);
        assertThat(Backoff.crashLooping(2)).isFalse();
        assertThat(Backoff.crashLooping(3)).isTrue();
    }

    private static AppObservation.Replica replica(AppObservation o, String container) {
        return o.replicas().stream().filter(r -> r.container().equals(container)).findFirst().orElseThrow();
    }

    /** The run marker is {@code $0}, so leftovers can be found and cleaned up. */
    private static ContainerSpec sh(String name, String script) {
        return new ContainerSpec(name, List.of("/bin/sh"), List.of("-c", script, RUN), Map.of());
    }
}
