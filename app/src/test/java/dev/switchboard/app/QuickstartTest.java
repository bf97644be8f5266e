package dev.switchboard.app;

import dev.switchboard.cli.CliEnvironment;
import dev.switchboard.server.leak.LeakRecorder;
import dev.switchboard.server.leak.StoreSecrets;
import dev.switchboard.store.SqlStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's first command, end to end: an embedded PostgreSQL, the example app as a real process, a
 * connection made through the CLI commands, a passing validation and the app's own "connected".
 */
class QuickstartTest {
    @TempDir
    Path data;

    /**
     * The data directory is owner-only, so as root the embedded PostgreSQL (run as nobody) keeps its cluster under
     * /var/tmp; it goes with the test.
     */
    @AfterEach
    void removeRelocatedCluster() throws Exception {
        Path location = data.resolve("embedded-pg/embedded-postgres.location");
        if (!Files.exists(location)) return;
        Path root = Path.of(Files.readString(location).trim());
        if (!root.startsWith("/var/tmp")) return;
        try (var paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }

    /**
     * The in-process server's log reaches the leak check through the test JVM's stderr; the CLI's output is what the
     * user sees, scanned like an answer; the secrets (the embedded PostgreSQL's password, the connection's) are read
     * from the data directory the quickstart leaves.
     */
    private void recordForTheLeakCheck(String cliOutput) {
        LeakRecorder.output("quickstart CLI output", cliOutput);
        try (SqlStore store = new SqlStore(data.resolve("switchboard.db")); StoreSecrets secrets = new StoreSecrets(data, store)) {
            secrets.collect();
        }
    }

    @Test
    void quickstartConnectsTheSampleAppAndStopsCleanly() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Path home = Path.of(System.getProperty("switchboard.repoRoot"));
        Launch launch = new Launch(home, data, Map.of("PATH", "/usr/bin:/bin", "HOME", data.toString()), null);
        CliEnvironment cli = new CliEnvironment(data, null, false, new PrintWriter(out, true), new PrintWriter(err, true));

        int code = Main.commandLine(launch, cli).execute("quickstart", "--exit", "--port", "0", "--data-dir", data.toString());
        recordForTheLeakCheck(out + "\n" + err);

        assertThat(code).as(out + "\n" + err).isZero();
        assertThat(out.toString())
                .contains("$ switchboard containerapp connection create postgres-flexible --connection appdb")
                .contains("TargetExistence").contains("CredentialsLogIn").contains("SourceConfiguration")
                .contains("\"status\":\"connected\"");
        assertThat(out.toString()).doesNotContainPattern("(?i)\\bfailure\\b");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data))).as("the data directory holds secrets")
                .isEqualTo("rwx------");
        assertThat(ProcessHandle.allProcesses().filter(p -> p.info().commandLine().orElse("").contains(data.toString())))
                .as("no process of this quickstart survives it").isEmpty();
    }
}
