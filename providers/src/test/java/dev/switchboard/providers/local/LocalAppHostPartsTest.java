package dev.switchboard.providers.local;

import dev.switchboard.core.compute.SpecHash;
import dev.switchboard.core.compute.AppObservation.State;
import dev.switchboard.core.compute.AppSpec;
import dev.switchboard.core.compute.ContainerSpec;
import dev.switchboard.core.failure.TerminalFailure;
import dev.switchboard.core.id.ResourceId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The small parts of the local app host, without starting apps. */
class LocalAppHostPartsTest {

    @TempDir
    Path dir;

    private static final ResourceId APP =
            ResourceId.parse("/subscriptions/s/resourceGroups/rg/providers/Microsoft.App/containerApps/web");

    @Test
    void backoffDoublesFromOneSecondUpToThirty() {
        assertThat(IntStream.rangeClosed(1, 9).mapToObj(Backoff::delay).map(Duration::toSeconds).toList())
                .containsExactly(1L, 2L, 4L, 8L, 16L, 30L, 30L, 30L, 30L);
        assertThat(Backoff.delay(Integer.MAX_VALUE)).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void pidRecordRoundTripsAndIgnoresWhatItCannotParse() throws IOException {
        Path file = dir.resolve("pids.txt");
        PidRecord record = new PidRecord(APP.toString(), "abc", Instant.parse("2025-01-02T03:04:05Z"), List.of(
                new PidRecord.Entry("web", 123, Instant.parse("2025-01-02T03:04:05.120Z"), 456, 34567, "h1"),
                new PidRecord.Entry("odd name=\n#x", 124, null, 0, 0, "h2")));
        record.write(file);
        assertThat(PidRecord.read(file)).contains(record);
        assertThat(Files.readString(file)).doesNotContain("\n#x");

        Files.writeString(file, "version=1\nprocess.0.pid=notanumber\n");
        assertThat(PidRecord.read(file)).isEmpty();
        Files.writeString(file, "version=99\n");
        assertThat(PidRecord.read(file)).isEmpty();
        assertThat(PidRecord.read(dir.resolve("missing"))).isEmpty();
    }

    @Test
    void logTailReadsTheLastLinesFromTheEnd() throws IOException {
        Path log = dir.resolve("a.log");
        assertThat(LogTail.lastLines(log, 3)).isEmpty();
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i <= 5000; i++) sb.append("line ").append(i).append('\n');
        Files.writeString(log, sb);
        assertThat(LogTail.lastLines(log, 3)).containsExactly("line 4998", "line 4999", "line 5000");
        assertThat(LogTail.lastLines(log, 2000)).hasSize(2000).startsWith("line 3001");
        assertThat(LogTail.lastLines(log, 0)).isEmpty();

        Files.writeString(log, "first\r\nsecond\n\n  \nno newline at end");
        assertThat(LogTail.lastLines(log, 10)).containsExactly("first", "second", "", "  ", "no newline at end");
        assertThat(LogTail.lastLine(log)).isEqualTo("no newline at end");
        Files.writeString(log, "boom\u0007\n\n");
        assertThat(LogTail.lastLine(log)).isEqualTo("boom?");
    }

    @Test
    void liveEnvironmentParsesNulSeparatedEntries() {
        byte[] raw = "A=1\0B=x=y\0EMPTY=\0NOEQUALS\0\0Ü=ä\0".getBytes(StandardCharsets.UTF_8);
        assertThat(LiveEnvironment.parse(raw)).containsExactlyInAnyOrderEntriesOf(
                Map.of("A", "1", "B", "x=y", "EMPTY", "", "Ü", "ä"));
        assertThat(LiveEnvironment.read(ProcessHandle.current().pid())).isNotEmpty();
        assertThat(LiveEnvironment.read(Long.MAX_VALUE)).isEmpty();
    }

    @Test
    void procStatIsParsedAfterTheLastParenthesis() {
        String line = "42 (we)ird ) name) S 1 42 42 0 -1 4194304 206 0 1 0 0 0 0 0 20 0 1 0 66654 2654208 363";
        OsProcesses.Stat st = OsProcesses.parseStat(42, line).orElseThrow();
        assertThat(st.state()).isEqualTo('S');
        assertThat(st.ppid()).isEqualTo(1);
        assertThat(st.session()).isEqualTo(42);
        assertThat(st.startTicks()).isEqualTo(66654);
        assertThat(OsProcesses.parseStat(1, "garbage")).isEmpty();
        assertThat(OsProcesses.isRunning(ProcessHandle.current().pid(), 0)).isTrue();
        assertThat(OsProcesses.isRunning(ProcessHandle.current().pid(), 1)).isFalse();
    }

    @Test
    void portAllocatorKeepsAFreePreferredPortAndNeverHandsOutOneTwice() throws IOException {
        PortAllocator ports = new PortAllocator();
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 20; i++) assertThat(seen.add(ports.allocate(0))).isTrue();

        int preferred = seen.iterator().next();
        assertThat(ports.allocate(preferred)).as("reserved by another app").isNotEqualTo(preferred);
        ports.release(preferred);
        assertThat(ports.allocate(preferred)).isEqualTo(preferred);
        ports.release(preferred);

        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThat(ports.allocate(busy.getLocalPort())).as("something listens there").isNotEqualTo(busy.getLocalPort());
            assertThat(OsProcesses.isListening(busy.getLocalPort())).isTrue();
        }
    }

    @Test
    void specHashSeesEveryFieldButNotEnvOrder() {
        ContainerSpec a = new ContainerSpec("web", List.of("/bin/sh"), List.of("-c", "x"), Map.of("A", "1", "B", "2"));
        ContainerSpec sameOtherOrder = new ContainerSpec("web", List.of("/bin/sh"), List.of("-c", "x"), Map.of("B", "2", "A", "1"));
        assertThat(SpecHash.of(a)).isEqualTo(SpecHash.of(sameOtherOrder));
        assertThat(SpecHash.of(a)).isNotEqualTo(SpecHash.of(new ContainerSpec("web", List.of("/bin/sh"), List.of("-c", "x"), Map.of("A", "1", "B", "3"))));
        assertThat(SpecHash.of(a)).isNotEqualTo(SpecHash.of(new ContainerSpec("web", List.of("/bin/sh", "-c"), List.of("x"), Map.of("A", "1", "B", "2"))));
        assertThat(SpecHash.of(a)).isNotEqualTo(SpecHash.of(new ContainerSpec("web2", List.of("/bin/sh"), List.of("-c", "x"), Map.of("A", "1", "B", "2"))));
        assertThat(SpecHash.of(new ContainerSpec("w", List.of("ab"), List.of("c"), Map.of())))
                .isNotEqualTo(SpecHash.of(new ContainerSpec("w", List.of("a"), List.of("bc"), Map.of())));
        assertThat(SpecHash.of(new AppSpec(APP, List.of(a)))).isEqualTo(SpecHash.of(new AppSpec(APP, List.of(sameOtherOrder))));
    }

    @Test
    void workLayoutNamesAreSafeAndDistinct() {
        ResourceId other = ResourceId.parse("/subscriptions/s/resourceGroups/rg/providers/Microsoft.Web/sites/web");
        ResourceId upper = ResourceId.parse("/subscriptions/S/resourceGroups/RG/providers/Microsoft.App/containerApps/WEB");
        assertThat(WorkLayout.dirName(APP)).matches("rg\\.web-[0-9a-f]{12}");
        assertThat(WorkLayout.dirName(APP)).isNotEqualTo(WorkLayout.dirName(other)).isEqualTo(WorkLayout.dirName(upper));
        assertThat(WorkLayout.fileStem("api")).isEqualTo("api");
        assertThat(WorkLayout.fileStem("../etc/passwd")).doesNotContain("/").doesNotStartWith(".");
        assertThat(WorkLayout.fileStem("a b")).isNotEqualTo(WorkLayout.fileStem("a_b"));
    }

    @Test
    void launchPlannerRefusesWhatCannotStartAndInheritsOnlyTheListedVariables() throws IOException {
        WorkLayout layout = new WorkLayout(dir);
        LaunchPlanner planner = new LaunchPlanner(layout, Map.of("PATH", "/usr/bin:/bin", "HOME", "/h"));
        LaunchPlan plan = planner.plan(new AppSpec(APP, List.of(
                new ContainerSpec("main", List.of("sh", "-c"), List.of("true"), Map.of("HOME", "/mine", "PORT", "1", "X", "y")))))
                .get(0);
        assertThat(plan.commandLine()).containsExactly(Path.of("/usr/bin/sh").toString(), "-c", "true");
        assertThat(plan.environment()).isEqualTo(Map.of("PATH", "/usr/bin:/bin", "HOME", "/mine", "X", "y"));
        assertThat(plan.toString()).doesNotContain("/mine");

        assertThatThrownBy(() -> planner.plan(new AppSpec(APP, List.of())))
                .isInstanceOfSatisfying(TerminalFailure.class, f -> assertThat(f.status()).isEqualTo(400));
        assertThatThrownBy(() -> planner.plan(new AppSpec(APP, List.of(
                new ContainerSpec("a", List.of("/bin/sh"), List.of(), Map.of()),
                new ContainerSpec("a", List.of("/bin/sh"), List.of(), Map.of())))))
                .isInstanceOfSatisfying(TerminalFailure.class, f -> assertThat(f.code()).isEqualTo("DuplicateContainerName"));
        assertThatThrownBy(() -> planner.plan(new AppSpec(APP, List.of(
                new ContainerSpec("a", List.of("/bin/sh"), List.of(), Map.of("BAD=NAME", "secret-value"))))))
                .isInstanceOfSatisfying(TerminalFailure.class, f -> {
                    assertThat(f.code()).isEqualTo("InvalidEnvironmentVariable");
                    assertThat(f.getMessage()).doesNotContain("secret-value");
                });
        Path notExecutable = Files.writeString(dir.resolve("plain.txt"), "echo hi");
        Files.setPosixFilePermissions(notExecutable, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        for (String command : List.of(notExecutable.toString(), dir.toString())) {
            assertThatThrownBy(() -> planner.plan(new AppSpec(APP, List.of(
                    new ContainerSpec("a", List.of(command), List.of(), Map.of())))))
                    .isInstanceOfSatisfying(TerminalFailure.class, f -> assertThat(f.getMessage()).contains("not an executable"));
        }
        assertThatThrownBy(() -> new LaunchPlanner(layout, Map.of()).plan(new AppSpec(APP, List.of(
                new ContainerSpec("a", List.of("sh"), List.of(), Map.of())))))
                .isInstanceOfSatisfying(TerminalFailure.class, f -> assertThat(f.getMessage()).contains("no PATH"));
    }

    @Test
    void appStateIsTheWorstOfItsProcesses() {
        assertThat(AppSupervisor.combine(List.of(State.RUNNING, State.RUNNING))).isEqualTo(State.RUNNING);
        assertThat(AppSupervisor.combine(List.of(State.RUNNING, State.STARTING))).isEqualTo(State.STARTING);
        assertThat(AppSupervisor.combine(List.of(State.STARTING, State.FAILED))).isEqualTo(State.FAILED);
        assertThat(AppSupervisor.combine(List.of(State.STOPPED, State.STOPPED))).isEqualTo(State.STOPPED);
        assertThat(AppSupervisor.combine(List.of())).isEqualTo(State.STOPPED);
    }
}
