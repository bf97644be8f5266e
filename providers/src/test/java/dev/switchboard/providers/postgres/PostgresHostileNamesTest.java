package dev.switchboard.providers.postgres;

import dev.switchboard.core.target.AccessScope;
import dev.switchboard.core.failure.TerminalFailure;
import dev.switchboard.core.secret.Secret;
import dev.switchboard.core.target.ApplyResult;
import dev.switchboard.core.target.TargetStep.EnsureLogin;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static dev.switchboard.providers.postgres.PgTestSupport.ADMIN;
import static dev.switchboard.providers.postgres.PgTestSupport.connect;
import static dev.switchboard.providers.postgres.PgTestSupport.exec;
import static dev.switchboard.providers.postgres.PgTestSupport.one;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Names and passwords built from the pieces that break naive SQL (quotes, semicolons, comments, dollar quotes,
 * backslashes, NUL, unicode, reserved prefixes, lengths around 63 bytes) are either refused up front or stored
 * exactly, and nothing else appears on the server. Injection pieces create roles/databases named with this run's
 * prefix, so a successful injection would show up among the watched names.
 */
class PostgresHostileNamesTest {
    private static final String PREFIX = PgTestSupport.prefix();
    private static final String PW_ROLE = PREFIX + "_pw";
    private static final PostgresProvider provider = new PostgresProvider(Duration.ofSeconds(3));

    @BeforeContainer
    static void createPasswordRole() throws SQLException {
        try (Connection c = connect("postgres")) {
            exec(c, "create role " + PW_ROLE + " login");
        }
    }

    @AfterContainer
    static void dropEverything() throws SQLException {
        PgTestSupport.dropEverything(PREFIX);
        PgTestSupport.dropEverything("pg_" + PREFIX);
        assertThat(PgTestSupport.roles(PREFIX)).isEmpty();
        assertThat(watchedDatabases()).isEmpty();
    }

    private static List<String> pieces() {
        return List.of("a", "Z", "x1", "\"", "'", ";", " ", "\\", "--", "/*", "*/", "$$", "$q$", "%", "_", "\t", "\n",
                "é", "ß", "日本", "\uD83D\uDE00", "\u00A0", "\u200D", "Ω", "\u05D0",
                "\"; create role " + PREFIX + "_inj; --", "'; create database " + PREFIX + "_inj; --",
                "x".repeat(20), "é".repeat(12));
    }

    @Provide
    Arbitrary<String> names() {
        Arbitrary<String> body = Arbitraries.of(pieces()).list().ofMinSize(1).ofMaxSize(8).map(l -> String.join("", l));
        Arbitrary<String> prefixed = body.map(b -> PREFIX + b);
        Arbitrary<String> reserved = body.map(b -> "pg_" + PREFIX + b);
        Arbitrary<String> withNul = body.map(b -> PREFIX + b + "\0" + b);
        return Arbitraries.frequencyOf(Tuple.of(8, prefixed), Tuple.of(1, reserved), Tuple.of(1, withNul));
    }

    @Property(tries = 50)
    void loginNamesAreRefusedOrStoredExactly(@ForAll("names") String name) throws SQLException {
        Set<String> before = PgTestSupport.watchedRoles(PREFIX);
        EnsureLogin step = new EnsureLogin(name, Secret.of("pw"));
        Statistics.collect(shouldRefuseLogin(name) ? "refused" : "created");
        if (shouldRefuseLogin(name)) {
            TerminalFailure f = catchThrowableOfType(TerminalFailure.class, () -> provider.apply(ADMIN, step));
            assertThat(f).as("refused: %s", name).isNotNull();
            assertThat(f.status()).isEqualTo(400);
            assertThat(f.code()).isEqualTo("InvalidLoginName");
        } else {
            assertThat(provider.apply(ADMIN, step)).isEqualTo(ApplyResult.CREATED);
            Set<String> expected = new TreeSet<>(before);
            expected.add(name);
            assertThat(PgTestSupport.watchedRoles(PREFIX)).isEqualTo(expected);
            assertThat(provider.observe(ADMIN, name, new AccessScope.Database("postgres", "public")).attributes()).containsExactly("LOGIN");
            assertThat(provider.revert(ADMIN, step)).isEqualTo(ApplyResult.DELETED);
        }
        assertThat(PgTestSupport.watchedRoles(PREFIX)).isEqualTo(before);
    }

    @Property(tries = 15)
    void databaseNamesAreRefusedOrStoredExactly(@ForAll("names") String name) throws SQLException {
        Set<String> before = watchedDatabases();
        boolean refuse = name.indexOf('\0') >= 0 || bytes(name) > 63;
        Statistics.collect(refuse ? "refused" : "created");
        if (refuse) {
            TerminalFailure f = catchThrowableOfType(TerminalFailure.class, () -> provider.ensureDatabase(ADMIN, name));
            assertThat(f).as("refused: %s", name).isNotNull();
            assertThat(f.code()).isEqualTo("InvalidDatabaseName");
        } else {
            assertThat(provider.ensureDatabase(ADMIN, name)).isEqualTo(ApplyResult.CREATED);
            assertThat(provider.databaseExists(ADMIN, name)).isTrue();
            Set<String> expected = new TreeSet<>(before);
            expected.add(name);
            assertThat(watchedDatabases()).isEqualTo(expected);
            assertThat(provider.dropDatabase(ADMIN, name)).isEqualTo(ApplyResult.DELETED);
        }
        assertThat(watchedDatabases()).isEqualTo(before);
        assertThat(PgTestSupport.roles(PREFIX)).containsExactly(PW_ROLE);
    }

    @Provide
    Arbitrary<String> passwords() {
        List<String> pieces = List.of("a", "Z", "9", "'", "\"", "\\", ";", "--", "$$", " ", "\t", "\u0007", "é", "e\u0301",
                "\uFB01", "\uFF21", "\u00A0", "\u00AD", "\u200D", "\uFE0F", "\uD83D\uDE00", "\uD83D\uDC68\u200D\uD83D\uDC69",
                "\u05E9\u05DC\u05D5\u05DD", "\u0645\u0631\u062D\u0628\u0627", "\u2168", "日本", "ß", "\u0085", "\uE000",
                "\u2028", "SCRAM-SHA-256", "md5");
        return Arbitraries.of(pieces).list().ofMinSize(1).ofMaxSize(10).map(l -> String.join("", l));
    }

    /**
     * The server hashes the clear password itself (PASSWORD with a quoted literal, only here in the test); the
     * verifier the provider computes for the same password and the server's salt must be identical. This checks
     * SASLprep and the quoting of literals against PostgreSQL itself; then the provider sets the same password and
     * the stored verifier must again recompute from the password with its own salt.
     */
    @Property(tries = 50)
    void verifiersMatchWhatTheServerComputes(@ForAll("passwords") String password) throws SQLException {
        try (Connection c = connect("postgres")) {
            exec(c, "set password_encryption = 'scram-sha-256'");
            exec(c, "alter role " + PW_ROLE + " password " + PgIdentifiers.quoteLiteral(password));
            assertThat(recomputed(c, password)).as("server-hashed %s", password).isEqualTo(stored(c));
            assertThat(provider.apply(ADMIN, new EnsureLogin(PW_ROLE, Secret.of(password)))).isEqualTo(ApplyResult.UPDATED);
            assertThat(recomputed(c, password)).as("provider-set %s", password).isEqualTo(stored(c));
        }
    }

    /** Databases named with this run's prefix, also behind {@code pg_} (allowed for databases). */
    private static Set<String> watchedDatabases() throws SQLException {
        Set<String> all = new TreeSet<>(PgTestSupport.databases(PREFIX));
        all.addAll(PgTestSupport.databases("pg_" + PREFIX));
        return all;
    }

    private static String stored(Connection c) throws SQLException {
        return one(c, "select rolpassword from pg_authid where rolname = ?", PW_ROLE);
    }

    private static String recomputed(Connection c, String password) throws SQLException {
        String stored = stored(c);
        String[] head = stored.substring("SCRAM-SHA-256$".length(), stored.indexOf('$', 14)).split(":");
        return ScramVerifier.compute(password, Base64.getDecoder().decode(head[1]), Integer.parseInt(head[0]));
    }

    private static boolean shouldRefuseLogin(String name) {
        return name.indexOf('\0') >= 0 || bytes(name) > 63 || name.startsWith("pg_");
    }

    private static int bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}
