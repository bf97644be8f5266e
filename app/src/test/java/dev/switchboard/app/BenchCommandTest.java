package dev.switchboard.app;

import dev.switchboard.cli.CliEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code switchboard bench} for a few creates against the machine's PostgreSQL and Redis: the report has numbers for
 * both series and the ratio, and the target itself holds none of the logins either series made.
 */
class BenchCommandTest {
    /** The names both series give their logins: the engine's {@code sb_b<marker>n<i>_<suffix>}, the floor's {@code sb_floor_<marker>_<i>}. */
    static final Pattern BENCH_LOGIN = Pattern.compile("sb_(floor_[a-z0-9]{6}_[0-9]+|b[a-z0-9]{6}n[0-9]+_[a-z0-9]{6})");
    static final Pattern NUMBER_ROW = Pattern.compile("(?m)^%s\\s+([0-9]+\\.[0-9]{2})\\s+([0-9]+\\.[0-9]{2})$");

    @TempDir
    Path home;

    @Test
    void postgresReportsBothSeriesAndTheRatioAndLeavesNoLogin() throws Exception {
        String report = bench("postgres");
        for (String row : List.of("switchboard \\(engine\\)", "raw floor \\(same admin work\\)", "ratio")) {
            var m = Pattern.compile(NUMBER_ROW.pattern().formatted(row)).matcher(report);
            assertThat(m.find()).as(report).isTrue();
            assertThat(Double.parseDouble(m.group(1))).as(report).isPositive();
        }
        assertThat(report).contains("3 runs after 1 warm-up").contains("left on the target: 0");
        assertThat(postgresRoles()).as("bench logins left in pg_roles").isEmpty();
    }

    @Test
    void redisReportsBothSeriesAndLeavesNoAclUser() throws Exception {
        String report = bench("redis");
        assertThat(report).contains("Redis 127.0.0.1:6379").contains("left on the target: 0");
        assertThat(report).containsPattern("(?m)^ratio\\s+[0-9]+\\.[0-9]{2}\\s+[0-9]+\\.[0-9]{2}$");
        try (Jedis jedis = new Jedis("127.0.0.1", 6379)) {
            assertThat(jedis.aclUsers().stream().filter(u -> BENCH_LOGIN.matcher(u).matches())).as("bench ACL users").isEmpty();
        }
    }

    @Test
    void anUnknownTargetIsRefusedWithTheChoices() {
        StringWriter out = new StringWriter();
        int code = Main.commandLine(launch(), cli(out)).execute("bench", "--target", "oracle");
        assertThat(code).isEqualTo(2);
        assertThat(out.toString()).contains("unknown target oracle").contains("mqtt").contains("kafka");
    }

    private String bench(String target) {
        StringWriter out = new StringWriter();
        int code = Main.commandLine(launch(), cli(out)).execute("bench", "-n", "3", "--warmup", "1", "--target", target);
        assertThat(code).as(out.toString()).isZero();
        return out.toString();
    }

    private Launch launch() {
        return new Launch(home, home.resolve("data"), Map.of("PATH", "/usr/bin:/bin", "HOME", home.toString()), null);
    }

    private CliEnvironment cli(StringWriter out) {
        return new CliEnvironment(home.resolve("data"), null, false, new PrintWriter(out, true), new PrintWriter(new StringWriter(), true));
    }

    private static List<String> postgresRoles() throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "");
             ResultSet rs = c.createStatement().executeQuery("select rolname from pg_roles where rolname like 'sb\\_%'")) {
            while (rs.next()) if (BENCH_LOGIN.matcher(rs.getString(1)).matches()) out.add(rs.getString(1));
        }
        return out;
    }
}
