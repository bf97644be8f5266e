package dev.switchboard.app;

import dev.switchboard.cli.CliEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code switchboard bench-redeploy} against the machine's PostgreSQL: three classic-mode redeploys each wipe the
 * connection's settings and are healed and validated (else the command fails), the report has p50/p99 for both
 * marks, and no role of the run is left.
 */
class BenchRedeployCommandTest {
    @TempDir
    Path home;

    @Test
    void reportsHealAndValidationTimesAndLeavesNoRole() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Launch launch = new Launch(home, home.resolve("data"), Map.of("PATH", "/usr/bin:/bin", "HOME", home.toString()), null);
        CliEnvironment cli = new CliEnvironment(home.resolve("data"), null, false, new PrintWriter(out, true), new PrintWriter(err, true));
        int code = Main.commandLine(launch, cli).execute("bench-redeploy", "-n", "3", "--warmup", "1");
        String report = out.toString();
        assertThat(code).as(report + err).isZero();
        assertThat(report).contains("3 runs after 1 warm-up").contains("left on the target: 0");
        for (String row : List.of("redeploy → heal checked \\(new revision\\)", "redeploy → connection validated")) {
            Matcher m = Pattern.compile("(?m)^" + row + "\\s+([0-9]+\\.[0-9]{2})\\s+([0-9]+\\.[0-9]{2})$").matcher(report);
            assertThat(m.find()).as(report).isTrue();
            assertThat(Double.parseDouble(m.group(1))).as(report).isPositive();
            assertThat(Double.parseDouble(m.group(2))).as(report).isGreaterThanOrEqualTo(Double.parseDouble(m.group(1)));
        }
    }
}
