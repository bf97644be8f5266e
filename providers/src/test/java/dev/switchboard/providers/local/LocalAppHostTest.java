package dev.switchboard.providers.local;

import dev.switchboard.core.compute.SpecHash;
import dev.switchboard.core.compute.AppObservation;
import dev.switchboard.core.compute.AppObservation.State;
import dev.switchboard.core.compute.AppSpec;
import dev.switchboard.core.compute.ContainerSpec;
import dev.switchboard.core.failure.TerminalFailure;
import dev.switchboard.core.id.ResourceId;
import dev.switchboard.core.target.ApplyResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The local app host against real processes: {@code /bin/sh} scripts that print a line and keep a {@code sleep}
 * child (so stopping must reach a whole tree), and one real Java HTTP app. Every process carries a unique marker
 * in its command line, so the tests can count them and clean up whatever a failing test leaves behind.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LocalAppHostTest {

    private static final String RUN = "sbtest-" + UUID.randomUUID().toString().substring(0, 8);
    private static final Map<String, String> BASE_ENV = Map.of(
            "PATH", "/usr/local/bin:/usr/bin:/bin",
            "HOME", "/tmp/switchboard-test-home",
            "LANG", "C.UTF-8",
            "NOT_INHERITED", "must-not-reach-the-app");

    @TempDir
    Path work;

    private final List<LocalAppHost> hosts = new ArrayList<>();
    private final List<Process> extras = new ArrayList<>();
    private int counter;

    @AfterEach
    void cleanUp() {
        hosts.forEach(LocalAppHost::close);
        extras.forEach(Process::destroyForcibly);
        for (long pid : processesWith(RUN)) ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    }

    // ---------------------------------------------------------------------------------------------- apply

    @Test
    void applyStartsAProcessWithExactlyTheGivenEnvironmentPlusPort() throws IOException {
        LocalAppHost host = host(Duration.ofMillis(300), false);
        ResourceId id = app("envapp");
        String marker = marker();
        Map<String, String> env = Map.of(
                "GREETING", "hello world",
                "DB_PASSWORD", "s3cr3t=with=equals",
                "EMPTY", "",
                "PORT", "1"); // the host's PORT wins

        assertThat(host.apply(spec(id, shContainer("main", marker, env)))).isEqualTo(ApplyResult.CREATED);

        AppObservation.Replica r = host.observe(id).orElseThrow().primary();
        assertThat(r.alive()).isTrue();
        assertThat(r.port()).isBetween(1024, 65535);
        Map<String, String> expected = new HashMap<>(env);
        expected.put("PORT", Integer.toString(r.port()));
        expected.put("PATH", BASE_ENV.get("PATH"));
        expected.put("HOME", BASE_ENV.get("HOME"));
        expected.put("LANG", BASE_ENV.get("LANG"));
        assertThat(procEnviron(r.pid())).as("/proc/<pid>/environ read by the test").isEqualTo(expected);
        assertThat(r.liveEnvironment()).as("what observe reports").isEqualTo(expected);

        assertThat(Files.readSymbolicLink(Path.of("/proc", Long.toString(r.pid()), "cwd")))
                .isEqualTo(host.appDirectory(id));
        assertThat(ProcessHandle.of(r.pid()).orElseThrow().info().arguments().orElseThrow())
                .containsExactly("-c", "echo started; sleep 300", marker);
        await().atMost(Duration.ofSeconds(5)).until(() -> host.tail(id, 10).contains("started"));
        assertThat(host.appDirectory(id).resolve("main.log")).exists();
        await().atMost(Duration.ofSeconds(5)).until(() -> host.observe(id).orElseThrow().state() == State.RUNNING);

        String record = Files.readString(host.appDirectory(id).resolve(WorkLayout.RECORD_FILE));
        assertThat(record).contains("pid=" + r.pid()).contains("port=" + r.port())
                .doesNotContain("s3cr3t").doesNotContain("hello world");
    }

    @Test
    void applyingTheSameSpecAgainIsANoopAndKeepsThePid() {
        LocalAppHost host = host(Duration.ofMillis(200), false);
        ResourceId id = app("same");
        String marker = marker();
        assertThat(host.apply(spec(id, shContainer("main", marker, Map.of("A", "1"))))).isEqualTo(ApplyResult.CREATED);
        long pid = host.observe(id).orElseThrow().primary().pid();

        // an equal spec built anew, env in another order, ID in another case
        ResourceId sameIdOtherCase = ResourceId.parse(id.toString().toUpperCase().replace("/SUBSCRIPTIONS/", "/subscriptions/"));
        assertThat(host.apply(spec(sameIdOtherCase, shContainer("main", marker, Map.of("A", "1"))))).isEqualTo(ApplyResult.NOOP);
        assertThat(host.apply(spec(id, shContainer("main", marker, Map.of("A", "1"))))).isEqualTo(ApplyResult.NOOP);

        assertThat(host.observe(id).orElseThrow().primary().pid()).isEqualTo(pid);
        assertThat(processesWith(marker)).containsExactly(pid);
    }

    @Test
    void concurrentAppliesOfOneAppAreSerialisedAndStartOneProcess() throws Exception {
        LocalAppHost host = host(Duration.ofMillis(200), false);
        ResourceId id = app("racy");
        String marker = marker();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<ApplyResult>> results = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            results.add(pool.submit(() -> host.apply(spec(id, shContainer("main", marker, Map.of("A", "1"))))));
        }
        List<ApplyResult> outcomes = new ArrayList<>();
        for (Future<ApplyResult> f : results) outcomes.add(f.get(20, TimeUnit.SECONDS));
        pool.shutdown();

        assertThat(outcomes).containsExactlyInAnyOrder(ApplyResult.CREATED, ApplyResult.NOOP, ApplyResult.NOOP, ApplyResult.NOOP);
        assertThat(processesWith(marker)).containsExactly(host.observe(id).orElseThrow().primary().pid());
    }

    @Test
    void aChangedEnvironmentRestartsTheProcessWithTheNewEnvironmentOnTheSamePort() {
        LocalAppHost host = host(Duration.ofMillis(200), false);
        ResourceId id = app("changed");
        String marker = marker();
        host.apply(spec(id, shContainer("main", marker, Map.of("GREETING", "hello"))));
        AppObservation.Replica before = host.observe(id).orElseThrow().primary();
        long sleepChild = awaitChild(before.pid());

        assertThat(host.apply(spec(id, shContainer("main", marker, Map.of("GREETING", "bonjour")))))
                .isEqualTo(ApplyResult.UPDATED);

        AppObservation.Replica after = host.observe(id).orElseThrow().primary();
        assertThat(after.pid()).isNotEqualTo(before.pid());
        assertThat(after.port()).isEqualTo(before.port());
        assertThat(after.liveEnvironment()).containsEntry("GREETING", "bonjour");
        assertThat(procEnviron(after.pid())).containsEntry("GREETING", "bonjour");
        assertThat(running(before.pid())).isFalse();
        assertThat(running(sleepChild)).as("the old process's child").isFalse();
        assertThat(processesWith(marker)).containsExactly(after.pid());
    }

    @Test
    void aNonexistentExecutableIsABadRequestAndLeavesNothingRunning() {
        LocalAppHost host = host(Duration.ofMillis(200), false);
        ResourceId id = app("missing");
        String marker = marker();

        assertThatThrownBy(() -> host.apply(spec(id,
                new ContainerSpec("main", List.of("/nonexistent/bin/app-" + marker), List.of(marker), Map.of()))))
                .isInstanceOfSatisfying(TerminalFailure.class, f -> {
                    assertThat(f.status()).isEqualTo(400);
                    assertThat(f.code()).isEqualTo("InvalidContainerCommand");
                    assertThat(f.target()).isEqualTo("properties.template.containers[0].command");
                    assertThat(f.getMessage()).contains("does not exist");
                });
        // a bare name is looked up on the PATH; the second container's failure stops the first from starting
        assertThatThrownBy(() -> host.apply(spec(id, shContainer("ok", marker, Map.of()),
                new ContainerSpec("bad", List.of("no-such-program-" + marker), List.of(), Map.of()))))
                .isInstanceOfSatisfying(TerminalFailure.class, f -> {
                    assertThat(f.status()).isEqualTo(400);
                    assertThat(f.target()).isEqualTo("properties.template.containers[1].command");
                    assertThat(f.getMessage()).contains("not found on the PATH");
                });
        assertThat(host.observe(id)).isEmpty();
        assertThat(processesWith(marker)).isEmpty();

        // refused before anything is touched: what ran keeps running
        host.apply(spec(id, shContainer("main", marker, Map.of())));
        long pid = host.observe(id).orElseThrow().primary().pid();
        assertThatThrownBy(() -> host.apply(spec(id,
                new ContainerSpec("main", List.of("/nonexistent/" + marker), List.of(), Map.of()))))
                .isInstanceOf(TerminalFailure.class);
        assertThat(host.observe(id).orElseThrow().primary().pid()).isEqualTo(pid);
        assertThat(running(pid)).isTrue();
    }

    // ------------------------------------------------------------------------------------------ crashes

    @Test
    void aKilledProcessIsRestartedWithExponentialBackoff() {
        LocalAppHost host = host(Duration.ofMillis(200), false);
        ResourceId id = app("crashy");
        String marker = marker();
        host.apply(spec(id, shContainer("main", marker, Map.of("K", "v"))));
        AppObservation.Replica first = host.observe(id).orElseThrow().primary();
        long orphanCandidate = awaitChild(first.pid());

        long killedAt = System.nanoTime();
        ProcessHandle.of(first.pid()).orElseThrow().destroyForcibly(); // SIGKILL
        AppObservation failed = await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(50))
                .until(() -> host.observe(id).orElseThrow(), o -> o.state() == State.FAILED);
        assertThat(failed.primary().alive()).isFalse();
        assertThat(failed.primary().lastError()).contains("exited with code 137").contains("started").contains("restart 1");

        AppObservation.Replica second = awaitRestarted(host, id, first.pid());
        double firstGap = (System.nanoTime() - killedAt) / 1e9;
        assertThat(firstGap).as("first backoff, seconds").isBetween(0.9, 3.0);
        assertThat(second.port()).isEqualTo(first.port());
        assertThat(second.liveEnvironment()).containsEntry("K", "v");
        assertThat(running(orphanCandidate)).as("the dead process's child is cleaned up").isFalse();

        awaitChild(second.pid());
        killedAt = System.nanoTime();
        ProcessHandle.of(second.pid()).orElseThrow().destroyForcibly();
        await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(50))
                .until(() -> host.observe(id).orElseThrow(), o -> o.state() == State.FAILED
                        && o.primary().lastError().contains("restart 2"));
        AppObservation.Replica third = awaitRestarted(host, id, second.pid());
        double secondGap = (System.nanoTime() - killedAt) / 1e9;
        assertThat(secondGap).as("second backoff, seconds").isBetween(1.9, 4.5);
        assertThat(processesWith(marker)).containsExactly(third.pid());
    }

    // --------------------------------------------------------------------------------------------- remove

    @Test
    void removeStopsTheWholeProcessTreeAndForgetsTheApp() {
        LocalAppHost host = host(Duration.ofMillis(200), false);
        ResourceId id = app("removed");
        String marker = marker();
        host.apply(spec(id, shContainer("main", marker, Map.of())));
        long pid = host.observe(id).orElseThrow().primary().pid();
        long child = awaitChild(pid);

        assertThat(host.remove(id)).isEqualTo(ApplyResult.DELETED);

        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(running(pid)).isFalse();
        assertThat(running(child)).isFalse();
        assertThat(host.appDirectory(id).resolve(WorkLayout.RECORD_FILE)).doesNotExist();
        assertThat(host.observe(id)).isEmpty();
        assertThat(host.remove(id)).isEqualTo(ApplyResult.NOOP);
        assertThat(host.tail(id, 5)).as("logs stay after remove").contains("started");
    }

    @Test
    void aProcessThatIgnoresSigtermIsKilledAfterTheGracePeriod() {
        LocalAppHost host = host(Duration.ofMillis(200), false);
        ResourceId id = app("stubborn");
        String marker = marker();
        // SIG_IGN is inherited through exec, so the sleep child ignores SIGTERM too
        host.apply(spec(id, new ContainerSpec("main", List.of("/bin/sh"),
                List.of("-c", "trap '' TERM; echo started; sleep 300", marker), Map.of())));
        long pid = host.observe(id).orElseThrow().primary().pid();
        long child = awaitChild(pid);
        await().atMost(Duration.ofSeconds(5)).until(() -> host.tail(id, 5).contains("started"));

        long t0 = System.nanoTime();
        assertThat(host.remove(id)).isEqualTo(ApplyResult.DELETED);
        double seconds = (System.nanoTime() - t0) / 1e9;

        assertThat(seconds).as("SIGTERM, %s grace, then SIGKILL", LocalAppHost.STOP_GRACE).isBetween(4.8, 8.0);
        assertThat(running(pid)).isFalse();
        assertThat(running(child)).isFalse();
        assertThat(processesWith(marker)).isEmpty();
    }

    // ------------------------------------------------------------------------------------ restart safety

    @Test
    void aSecondHostAdoptsTheRunningProcessInsteadOfStartingADuplicate() {
        ResourceId id = app("adopted");
        String marker = marker();
        AppSpec spec = spec(id, shContainer("main", marker, Map.of("SECRET", "pa55")));
        LocalAppHost first = host(Duration.ofMillis(200), true);
        assertThat(first.apply(spec)).isEqualTo(ApplyResult.CREATED);
        AppObservation.Replica original = first.observe(id).orElseThrow().primary();
        first.close();
        assertThat(running(original.pid())).as("left running").isTrue();

        LocalAppHost second = host(Duration.ofMillis(200), false);
        AppObservation unsupervised = second.observe(id).orElseThrow();
        assertThat(unsupervised.state()).isEqualTo(State.RUNNING);
        assertThat(unsupervised.primary().pid()).isEqualTo(original.pid());

        assertThat(second.adopt(spec)).isEqualTo(ApplyResult.NOOP);
        assertThat(second.apply(spec)).isEqualTo(ApplyResult.NOOP);
        AppObservation adopted = second.observe(id).orElseThrow();
        assertThat(adopted.state()).isEqualTo(State.RUNNING);
        assertThat(adopted.primary().pid()).isEqualTo(original.pid());
        assertThat(adopted.primary().port()).isEqualTo(original.port());
        assertThat(adopted.primary().liveEnvironment()).containsEntry("SECRET", "pa55");
        assertThat(processesWith(marker)).containsExactly(original.pid());

        // the adopted process is supervised: killed, it comes back
        ProcessHandle.of(original.pid()).orElseThrow().destroyForcibly();
        AppObservation.Replica restarted = awaitRestarted(second, id, original.pid());
        assertThat(restarted.lastError()).contains("exit code unknown");
        assertThat(processesWith(marker)).containsExactly(restarted.pid());

        second.close();
        assertThat(processesWith(marker)).isEmpty();
    }

    @Test
    void aStalePidRecordWhoseProcessIsDeadLeadsToAFreshStart() {
        ResourceId id = app("stale");
        String marker = marker();
        AppSpec spec = spec(id, shContainer("main", marker, Map.of()));
        LocalAppHost first = host(Duration.ofMillis(200), true);
        first.apply(spec);
        AppObservation.Replica original = first.observe(id).orElseThrow().primary();
        first.close();
        ProcessHandle dead = ProcessHandle.of(original.pid()).orElseThrow();
        dead.descendants().forEach(ProcessHandle::destroyForcibly);
        dead.destroyForcibly();
        await().atMost(Duration.ofSeconds(5)).until(() -> !running(original.pid()));

        LocalAppHost second = host(Duration.ofMillis(200), false);
        assertThat(second.observe(id).orElseThrow().state()).isEqualTo(State.STOPPED);
        assertThat(second.apply(spec)).isEqualTo(ApplyResult.CREATED);
        AppObservation.Replica fresh = second.observe(id).orElseThrow().primary();
        assertThat(fresh.pid()).isNotEqualTo(original.pid());
        assertThat(fresh.alive()).isTrue();
        assertThat(fresh.port()).as("the recorded port is reused").isEqualTo(original.port());
        assertThat(processesWith(marker)).containsExactly(fresh.pid());
    }

    @Test
    void aRecordedPidReusedByAnotherProcessIsNeitherAdoptedNorKilled() throws IOException {
        ResourceId id = app("reused");
        String marker = marker();
        AppSpec spec = spec(id, shContainer("main", marker, Map.of()));
        Process impostor = new ProcessBuilder("/bin/sleep", "300").start();
        extras.add(impostor);
        ContainerSpec c = spec.containers().get(0);
        LocalAppHost host = host(Duration.ofMillis(200), false);
        Files.createDirectories(host.appDirectory(id));
        long ticks = OsProcesses.startTicks(impostor.pid());
        new PidRecord(id.toString(), SpecHash.of(spec), Instant.now(), List.of(new PidRecord.Entry("main", impostor.pid(),
                Instant.now().minus(Duration.ofHours(1)), ticks - 100_000, 0, SpecHash.of(c))))
                .write(host.appDirectory(id).resolve(WorkLayout.RECORD_FILE));

        assertThat(host.apply(spec)).isEqualTo(ApplyResult.CREATED);

        AppObservation.Replica r = host.observe(id).orElseThrow().primary();
        assertThat(r.pid()).isNotEqualTo(impostor.pid());
        assertThat(impostor.isAlive()).as("an unrelated process with the recorded pid is left alone").isTrue();
        assertThat(processesWith(marker)).containsExactly(r.pid());
    }

    // ---------------------------------------------------------------------------------------------- close

    @Test
    void closeStopsEveryChildOfAppsAppliedConcurrently() throws Exception {
        LocalAppHost host = host(Duration.ofMillis(200), false);
        String marker = marker();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<ApplyResult>> results = new ArrayList<>();
        List<ResourceId> ids = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            ResourceId id = app("many" + i);
            ids.add(id);
            AppSpec spec = spec(id, shContainer("web", marker, Map.of("N", "" + i)), shContainer("worker", marker, Map.of()));
            results.add(pool.submit((Callable<ApplyResult>) () -> host.apply(spec)));
            results.add(pool.submit(() -> host.observe(id).map(o -> ApplyResult.NOOP).orElse(ApplyResult.NOOP)));
        }
        for (Future<ApplyResult> f : results) f.get(20, TimeUnit.SECONDS);
        pool.shutdown();
        Set<Integer> ports = new HashSet<>();
        List<Long> pids = new ArrayList<>();
        for (ResourceId id : ids) {
            AppObservation o = host.observe(id).orElseThrow();
            assertThat(o.replicas()).hasSize(2).allSatisfy(r -> assertThat(r.alive()).isTrue());
            o.replicas().forEach(r -> {
                ports.add(r.port());
                pids.add(r.pid());
            });
        }
        assertThat(ports).as("one distinct port per process").hasSize(8);
        List<Long> children = new ArrayList<>();
        for (long pid : pids) children.add(awaitChild(pid));
        assertThat(processesWith(marker)).hasSize(8);

        host.close();

        for (long pid : pids) {
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).as("pid %d", pid).isFalse();
        }
        for (long child : children) assertThat(running(child)).as("child %d", child).isFalse();
        assertThat(processesWith(marker)).isEmpty();
        assertThatThrownBy(() -> host.apply(spec(app("late"), shContainer("main", marker, Map.of()))))
                .isInstanceOf(IllegalStateException.class);
    }

    // ------------------------------------------------------------------------------------- a real server

    @Test
    void aJavaHttpAppServesOnItsPortWithTheConfiguredEnvironment() throws Exception {
        Path source = work.resolve("EnvServer.java");
        Files.writeString(source, """
                import com.sun.net.httpserver.HttpServer;
                import java.net.InetAddress;
                import java.net.InetSocketAddress;
                import java.nio.charset.StandardCharsets;

                public class EnvServer {
                    public static void main(String[] args) throws Exception {
                        int port = Integer.parseInt(System.getenv("PORT"));
                        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
                        server.createContext("/", exchange -> {
                            byte[] body = String.valueOf(System.getenv(args[0])).getBytes(StandardCharsets.UTF_8);
                            exchange.sendResponseHeaders(200, body.length);
                            exchange.getResponseBody().write(body);
                            exchange.close();
                        });
                        server.start();
                        System.out.println("listening on " + port);
                    }
                }
                """);
        String java = ProcessHandle.current().info().command().orElseThrow();
        String marker = marker();
        LocalAppHost host = host(Duration.ofSeconds(30), false);
        ResourceId id = app("javaapp");
        AppSpec spec = spec(id, new ContainerSpec("web", List.of(java),
                List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx64m", "-Dmarker=" + marker,
                        source.toString(), "GREETING"),
                Map.of("GREETING", "hello from switchboard")));

        assertThat(host.apply(spec)).isEqualTo(ApplyResult.CREATED);
        assertThat(host.observe(id).orElseThrow().state()).as("not listening yet").isEqualTo(State.STARTING);

        AppObservation running = await().atMost(Duration.ofSeconds(25)).pollInterval(Duration.ofMillis(100))
                .until(() -> host.observe(id).orElseThrow(), o -> o.state() == State.RUNNING);
        int port = running.primary().port();
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("hello from switchboard");
        await().atMost(Duration.ofSeconds(5)).until(() -> host.tail(id, 5).contains("listening on " + port));

        assertThat(host.remove(id)).isEqualTo(ApplyResult.DELETED);
        assertThat(processesWith(marker)).isEmpty();
    }

    // -------------------------------------------------------------------------------------------- helpers

    private LocalAppHost host(Duration startTimeout, boolean leaveRunning) {
        LocalAppHost host = new LocalAppHost(work.resolve("apps"), Clock.systemUTC(), startTimeout, BASE_ENV, leaveRunning);
        hosts.add(host);
        return host;
    }

    private String marker() {
        return RUN + "-" + (++counter);
    }

    private static ResourceId app(String name) {
        return ResourceId.parse("/subscriptions/sub1/resourceGroups/rg1/providers/Microsoft.App/containerApps/" + name);
    }

    private static AppSpec spec(ResourceId id, ContainerSpec... containers) {
        return new AppSpec(id, List.of(containers));
    }

    /** {@code sh} prints a line and waits for a {@code sleep} child; the marker is its {@code $0}. */
    private static ContainerSpec shContainer(String name, String marker, Map<String, String> env) {
        return new ContainerSpec(name, List.of("/bin/sh"), List.of("-c", "echo started; sleep 300", marker), env);
    }

    private static AppObservation.Replica awaitRestarted(LocalAppHost host, ResourceId id, long oldPid) {
        return await().atMost(Duration.ofSeconds(6)).pollInterval(Duration.ofMillis(50))
                .until(() -> host.observe(id).orElseThrow().primary(), r -> r.alive() && r.pid() != oldPid);
    }

    /** The pid of {@code pid}'s first child, once it has one. */
    private static long awaitChild(long pid) {
        AtomicReference<Long> child = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(5)).until(() -> {
            ProcessHandle.of(pid).flatMap(p -> p.children().findFirst()).ifPresent(c -> child.set(c.pid()));
            return child.get() != null;
        });
        return child.get();
    }

    /** Running, as the OS sees it: exists and is not a zombie (this sandbox's init does not reap orphans). */
    private static boolean running(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            char state = stat.substring(stat.lastIndexOf(')') + 2).charAt(0);
            return state != 'Z' && state != 'X';
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Running processes whose command line holds {@code marker}, leaving out those whose parent holds it too
     * (a shell's fork shows the shell's command line until it has exec'ed its command).
     */
    static List<Long> processesWith(String marker) {
        List<ProcessHandle> marked = ProcessHandle.allProcesses()
                .filter(p -> p.info().arguments().map(a -> String.join(" ", a).contains(marker)).orElse(false))
                .filter(p -> running(p.pid()))
                .toList();
        Set<Long> pids = new HashSet<>(marked.stream().map(ProcessHandle::pid).toList());
        return marked.stream()
                .filter(p -> p.parent().map(parent -> !pids.contains(parent.pid())).orElse(true))
                .map(ProcessHandle::pid)
                .toList();
    }

    private static Map<String, String> procEnviron(long pid) {
        Map<String, String> env = new HashMap<>();
        try {
            for (String entry : new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "environ")),
                    StandardCharsets.UTF_8).split("\0")) {
                int eq = entry.indexOf('=');
                if (eq > 0) env.put(entry.substring(0, eq), entry.substring(eq + 1));
            }
        } catch (IOException e) {
            throw new AssertionError("cannot read the environment of " + pid, e);
        }
        return env;
    }
}
