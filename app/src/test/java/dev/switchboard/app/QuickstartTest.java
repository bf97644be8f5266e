package dev.switchboard.app;

import dev.switchboard.cli.CliEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's first command, end to end: an embedded PostgreSQL, the example app as a real process, a
 * connection made through the CLI commands, a passing validation and the app's own "connected".
 */
class QuickstartTest {
    @TempDir
    Path data;

    @Test
    void quickstartConnectsTheSampleAppAndStopsCleanly() throws Exception {
        // World-traversable, so the embedded PostgreSQL (run as nobody) keeps its files here and they go with the test.
        java.nio.file.Files.setPosixFilePermissions(data, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Path home = Path.of(System.getProperty("switchboard.repoRoot"));
        Launch launch = new Launch(home, data, Map.of("PATH", "/usr/bin:/bin", "HOME", data.toString()), null);
        CliEnvironment cli = new CliEnvironment(data, null, false, new PrintWriter(out, true), new PrintWriter(err, true));

        int code = Main.commandLine(launch, cli).execute("quickstart", "--exit", "--port", "0", "--data-dir", data.toString());

        assertThat(code).as(out + "\n" + err).isZero();
        assertThat(out.toString())
                .contains("$ switchboard containerapp connection create postgres-flexible --connection appdb")
                .contains("TargetExistence").contains("CredentialsLogIn").contains("SourceConfiguration")
                .contains("\"status\":\"connected\"");
        assertThat(out.toString()).doesNotContainPattern("(?i)\\bfailure\\b");
        assertThat(ProcessHandle.allProcesses().filter(p -> p.info().commandLine().orElse("").contains(data.toString())))
                .as("no process of this quickstart survives it").isEmpty();
    }
}
