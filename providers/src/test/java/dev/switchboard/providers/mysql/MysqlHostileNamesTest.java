package dev.switchboard.providers.mysql;

import dev.switchboard.core.failure.TerminalFailure;
import dev.switchboard.core.kinds.mysql.MysqlKind;
import dev.switchboard.core.secret.Secret;
import dev.switchboard.core.target.AccessScope;
import dev.switchboard.core.target.ApplyResult;
import dev.switchboard.core.target.TargetStep.EnsureLogin;
import dev.switchboard.core.target.TargetStep.GrantAccess;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static dev.switchboard.providers.mysql.MysqlTestSupport.ADMIN;
import static dev.switchboard.providers.mysql.MysqlTestSupport.connect;
import static dev.switchboard.providers.mysql.MysqlTestSupport.errorOf;
import static dev.switchboard.providers.mysql.MysqlTestSupport.exec;
import static dev.switchboard.providers.mysql.MysqlTestSupport.one;
import static dev.switchboard.providers.mysql.MysqlTestSupport.root;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Names and passwords built from the pieces that break naive SQL, LIKE patterns and connection syntaxes (quotes,
 * backticks, backslashes, comments, '%', '_', '*', '>', '#', '+', '@', NUL, newlines, spaces, unicode, lengths
 * around the limits) are refused by the kind and either refused with a 400 or stored exactly by the provider, and
 * nothing else appears on the server. Injection pieces would create accounts/databases named with this run's
 * prefix, so a successful injection would show up among the watched names.
 */
class MysqlHostileNamesTest {
    private static final String PREFIX = MysqlTestSupport.prefix();
    private static final String PW_LOGIN = PREFIX + "_pw";
    private static final MysqlProvider provider = new MysqlProvider(Duration.ofSeconds(3));
    private static final MysqlKind kind = new MysqlKind();

    @BeforeContainer
    static void createPasswordLogin() {
        assertThat(provider.apply(ADMIN, new EnsureLogin(PW_LOGIN, Secret.of("initial")))).isEqualTo(ApplyResult.CREATED);
    }

    @AfterContainer
    static void dropEverything() throws SQLException {
        MysqlTestSupport.dropEverything(PREFIX);
        assertThat(MysqlTestSupport.accounts(PREFIX)).isEmpty();
        assertThat(MysqlTestSupport.databases(PREFIX)).isEmpty();
        assertThat(MysqlTestSupport.databaseGrants(PREFIX)).isEmpty();
    }

    private static List<String> pieces() {
        return List.of("a", "Z", "x1", "`", "``", "'", "\"", ";", " ", "\\", "--", "/*", "*/", "#", "%", "_", "*", ">", "+",
                "@", ".", "/", ":", "?", "&", "=", "\t", "\n", "é", "ß", "日本", "\uD83D\uDE00", "\u00A0", "Ω", "\u05D0",
                "'; CREATE USER '" + PREFIX + "inj'@'%'; --", "`; CREATE DATABASE `" + PREFIX + "inj`; --",
                "\\'; DROP USER 'root'@'localhost'; #", "x".repeat(20), "é".repeat(12));
    }

    @Provide
    Arbitrary<String> names() {
        Arbitrary<String> body = Arbitraries.of(pieces()).list().ofMinSize(1).ofMaxSize(6).map(l -> String.join("", l));
        Arbitrary<String> prefixed = body.map(b -> PREFIX + b);
        Arbitrary<String> withNul = body.map(b -> PREFIX + b + "\0" + b);
        // '_' counts twice in a grant: long names with it probe the 64-character limit of the escaped form
        Arbitrary<String> plain = Arbitraries.strings().withCharRange('a', 'z').withChars('_').ofMinLength(1).ofMaxLength(60).map(b -> PREFIX + b);
        return Arbitraries.frequencyOf(Tuple.of(7, prefixed), Tuple.of(1, withNul), Tuple.of(2, plain));
    }

    @Property(tries = 60)
    void loginNamesAreRefusedOrStoredExactly(@ForAll("names") String name) throws SQLException {
        Set<String> before = MysqlTestSupport.accounts(PREFIX);
        boolean kindAccepts = accepts(() -> kind.checkLogin(name));
        boolean refuse = name.indexOf('\0') >= 0 || name.length() > 32 || !name.equals(name.stripTrailing())
                || name.chars().anyMatch(ch -> Character.isSurrogate((char) ch));
        Statistics.collect(kindAccepts ? "kind accepts" : "kind refuses", refuse ? "provider refuses" : "provider stores");
        if (kindAccepts) assertThat(refuse).as("the provider takes every name the kind takes: %s", name).isFalse();
        EnsureLogin step = new EnsureLogin(name, Secret.of("pw-" + name));
        if (refuse) {
            TerminalFailure f = catchThrowableOfType(TerminalFailure.class, () -> provider.apply(ADMIN, step));
            assertThat(f).as("refused: %s", name).isNotNull();
            assertThat(f.status()).isEqualTo(400);
            assertThat(f.code()).isEqualTo("InvalidLoginName");
        } else {
            assertThat(provider.apply(ADMIN, step)).isEqualTo(ApplyResult.CREATED);
            Set<String> expected = new TreeSet<>(before);
            expected.add(name + "@%");
            assertThat(MysqlTestSupport.accounts(PREFIX)).isEqualTo(expected);
            assertThat(provider.observe(ADMIN, name, new AccessScope.Database(PREFIX, null)).attributes()).containsExactly("LOGIN");
            try (Connection app = connect(name, "pw-" + name)) {
                assertThat(one(app, "SELECT USER()")).isEqualTo(name + "@127.0.0.1");
            }
            assertThat(provider.revert(ADMIN, step)).isEqualTo(ApplyResult.DELETED);
        }
        assertThat(MysqlTestSupport.accounts(PREFIX)).isEqualTo(before);
    }

    /** A stored database also gets a grant: its escaped pattern must cover exactly it ('%', '_', '\' in the name). */
    @Property(tries = 30)
    void databaseNamesAreRefusedOrStoredAndGrantedExactly(@ForAll("names") String name) throws SQLException {
        Set<String> before = MysqlTestSupport.databases(PREFIX);
        boolean refuse = name.indexOf('\0') >= 0 || MysqlSql.grantPattern(name).length() > 64 || !name.equals(name.stripTrailing())
                || name.chars().anyMatch(ch -> Character.isSurrogate((char) ch));
        boolean kindAccepts = accepts(() -> MysqlKind.checkDatabase(name));
        Statistics.collect(kindAccepts ? "kind accepts" : "kind refuses", refuse ? "provider refuses" : "provider stores");
        if (kindAccepts) assertThat(refuse).isFalse();
        if (refuse) {
            TerminalFailure f = catchThrowableOfType(TerminalFailure.class, () -> provider.ensureDatabase(ADMIN, name));
            assertThat(f).as("refused: %s", name).isNotNull();
            assertThat(f.code()).isEqualTo("InvalidDatabaseName");
            return;
        }
        assertThat(provider.ensureDatabase(ADMIN, name)).isEqualTo(ApplyResult.CREATED);
        assertThat(provider.databaseExists(ADMIN, name)).isTrue();
        Set<String> expected = new TreeSet<>(before);
        expected.add(name);
        assertThat(MysqlTestSupport.databases(PREFIX)).isEqualTo(expected);

        AccessScope.Database scope = new AccessScope.Database(name, null);
        assertThat(provider.apply(ADMIN, new GrantAccess(PW_LOGIN, scope))).isEqualTo(ApplyResult.CREATED);
        assertThat(provider.observe(ADMIN, PW_LOGIN, scope).grants()).isEqualTo(provider.requiredGrants(scope));
        try (Connection c = root()) {
            assertThat(MysqlTestSupport.column(c, "SELECT Db FROM mysql.db WHERE User = ?", PW_LOGIN))
                    .containsExactly(MysqlSql.grantPattern(name));
        }
        assertThat(provider.revert(ADMIN, new GrantAccess(PW_LOGIN, scope))).isEqualTo(ApplyResult.DELETED);
        assertThat(provider.dropDatabase(ADMIN, name)).isEqualTo(ApplyResult.DELETED);
        assertThat(MysqlTestSupport.databases(PREFIX)).isEqualTo(before);
        assertThat(MysqlTestSupport.databaseGrants(PREFIX)).isEmpty();
        assertThat(MysqlTestSupport.accounts(PREFIX)).containsExactly(PW_LOGIN + "@%");
    }

    @Provide
    Arbitrary<String> passwords() {
        List<String> pieces = List.of("a", "Z", "9", "'", "''", "\"", "\\", "\\'", "\\\\", "`", ";", "--", "#", "/*", " ", "\t",
                "\n", "\r", "%", "_", "@", ":", "/", "é", "e\u0301", "\uFB01", "\u00A0", "\u200D", "\uD83D\uDE00",
                "\u05E9\u05DC\u05D5\u05DD", "日本", "ß", "\u0085", "\uE000", "\u2028", "*", "PASSWORD(", ")");
        return Arbitraries.of(pieces).list().ofMinSize(1).ofMaxSize(10).map(l -> String.join("", l));
    }

    /** The proof that a password was quoted right: the login logs in with exactly it, and not with a variant. */
    @Property(tries = 40)
    void hostilePasswordsLogIn(@ForAll("passwords") String password) throws SQLException {
        assertThat(provider.apply(ADMIN, new EnsureLogin(PW_LOGIN, Secret.of(password)))).isEqualTo(ApplyResult.UPDATED);
        try (Connection app = connect(PW_LOGIN, password)) {
            assertThat(one(app, "SELECT CURRENT_USER()")).isEqualTo(PW_LOGIN + "@%");
        }
        assertThat(errorOf(() -> connect(PW_LOGIN, password + "x").close())).isEqualTo(1045);
        if (password.contains("\\")) {
            assertThat(errorOf(() -> connect(PW_LOGIN, password.replace("\\", "\\\\")).close())).isEqualTo(1045);
        }
    }

    /** The literal quoting against the server itself, in both sql_modes that change what '\' means. */
    @Property(tries = 60)
    void literalsReadBackExactlyInBothSqlModes(@ForAll("passwords") String value) throws SQLException {
        try (Connection c = root()) {
            for (boolean noBackslash : List.of(false, true)) {
                exec(c, "SET SESSION sql_mode = '" + (noBackslash ? "NO_BACKSLASH_ESCAPES" : "") + "'");
                assertThat(MysqlAccounts.noBackslashEscapes(c)).isEqualTo(noBackslash);
                assertThat(one(c, "SELECT " + MysqlSql.quoteString(value, noBackslash))).isEqualTo(value);
            }
        }
    }

    private static boolean accepts(Runnable check) {
        try {
            check.run();
            return true;
        } catch (TerminalFailure f) {
            assertThat(f.status()).isEqualTo(400);
            return false;
        }
    }
}
