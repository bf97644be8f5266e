package dev.switchboard.app;

import dev.switchboard.cli.CliEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code switchboard bench-drift} against the machine's PostgreSQL: a role dropped by hand three times is found and
 * healed each time (else the command fails), the report has p50/p99 for both parts, and no role of the run is left.
 */
class BenchDriftCommandTest {
    /** The benchmark's connectors are {@code d<marker>[o<i>]}, so their logins are {@code sb_d<marker>..._<suffix>}. */
    static final Pattern BENCH_ROLE = Pattern.compile("sb_d[a-z0-9]{6}(o[0-9]+)?_[a-z0-9]{6}");

    @TempDir
    Path home;

    @Test
    void reportsDetectAndHealTimesAndLeavesNoRole() throws Exception {
        StringWriter out = new StringWriter();
        Launch launch = new Launch(home, home.resolve("data"), Map.of("PATH", "/usr/bin:/bin", "HOME", home.toString()), null);
        StringWriter err = new StringWriter();
        CliEnvironment cli = new CliEnvironment(home.resolve("data"), null, false, new PrintWriter(out, true), new PrintWriter(err, true));
        int code = Main.commandLine(launch, cli).execute("bench-drift", "-n", "3", "--warmup", "1", "--others", "2");
        String report = out.toString();
        assertThat(code).as(report + err).isZero();
        assertThat(report).contains("3 runs after 1 warm-up").contains("2 other connection(s) per round").contains("left on the target: 0");
        for (String row : List.of("detect \\(until the heal starts\\)", "heal \\(apply again, checked\\)", "detect \\+ heal")) {
            Matcher m = Pattern.compile("(?m)^" + row + "\\s+([0-9]+\\.[0-9]{2})\\s+([0-9]+\\.[0-9]{2})$").matcher(report);
            assertThat(m.find()).as(report).isTrue();
            assertThat(Double.parseDouble(m.group(1))).as(report).isNotNegative();
            assertThat(Double.parseDouble(m.group(2))).as(report).isGreaterThanOrEqualTo(Double.parseDouble(m.group(1)));
            if (row.startsWith("detect \\+")) assertThat(Double.parseDouble(m.group(1))).as(report).isPositive();
        }
        assertThat(benchRoles()).isEmpty();
    }

    private static List<String> benchRoles() throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "");
             ResultSet rs = c.createStatement().executeQuery("select rolname from pg_roles where rolname like 'sb\\_d%'")) {
            while (rs.next()) if (BENCH_ROLE.matcher(rs.getString(1)).matches()) out.add(rs.getString(1));
        }
        return out;
    }
}
