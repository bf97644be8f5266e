package dev.switchboard.providers.mysql;

import dev.switchboard.core.failure.TerminalFailure;
import dev.switchboard.core.failure.TransientFailure;
import dev.switchboard.core.linker.ValidationItem;
import dev.switchboard.core.secret.Secret;
import dev.switchboard.core.target.AccessScope;
import dev.switchboard.core.target.ApplyResult;
import dev.switchboard.core.target.ObservedLogin;
import dev.switchboard.core.target.TargetEndpoint;
import dev.switchboard.core.target.TargetStep.EnsureLogin;
import dev.switchboard.core.target.TargetStep.GrantAccess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.switchboard.providers.mysql.MysqlTestSupport.ADMIN;
import static dev.switchboard.providers.mysql.MysqlTestSupport.connect;
import static dev.switchboard.providers.mysql.MysqlTestSupport.errorOf;
import static dev.switchboard.providers.mysql.MysqlTestSupport.exec;
import static dev.switchboard.providers.mysql.MysqlTestSupport.one;
import static dev.switchboard.providers.mysql.MysqlTestSupport.root;
import static dev.switchboard.providers.mysql.MysqlTestSupport.showGrants;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Against the machine's MariaDB (127.0.0.1:3306, root without a password over TCP). */
class MysqlProviderTest {
    private static final String PREFIX = MysqlTestSupport.prefix();
    /** Holds '_' on purpose: unescaped in a GRANT it would be a wildcard also matching {@link #NEIGHBOUR}. */
    private static final String DB = PREFIX + "_app";
    private static final String NEIGHBOUR = PREFIX + "xapp";
    private static final AccessScope.Database SCOPE = new AccessScope.Database(DB, null);
    private static final MysqlProvider provider = new MysqlProvider(Duration.ofSeconds(3));

    @BeforeAll
    static void createDatabases() throws SQLException {
        assertThat(provider.ensureDatabase(ADMIN, DB)).isEqualTo(ApplyResult.CREATED);
        assertThat(provider.ensureDatabase(ADMIN, NEIGHBOUR)).isEqualTo(ApplyResult.CREATED);
        try (Connection c = root()) {
            exec(c, "CREATE TABLE " + MysqlSql.quoteIdent(DB) + ".items (id INT AUTO_INCREMENT PRIMARY KEY, name TEXT)");
            exec(c, "INSERT INTO " + MysqlSql.quoteIdent(DB) + ".items (name) VALUES ('first')");
            exec(c, "CREATE TABLE " + MysqlSql.quoteIdent(NEIGHBOUR) + ".secret (v TEXT)");
        }
    }

    @AfterAll
    static void dropEverything() throws SQLException {
        MysqlTestSupport.dropEverything(PREFIX);
        assertThat(MysqlTestSupport.accounts(PREFIX)).isEmpty();
        assertThat(MysqlTestSupport.databases(PREFIX)).isEmpty();
        assertThat(MysqlTestSupport.databaseGrants(PREFIX)).isEmpty();
    }

    @Test
    void loginAndGrantGiveExactlyLeastPrivilege() throws SQLException {
        String login = PREFIX + "_least";
        Secret password = Secret.of("Pw-" + PREFIX);
        assertThat(provider.apply(ADMIN, new EnsureLogin(login, password))).isEqualTo(ApplyResult.CREATED);
        assertThat(provider.apply(ADMIN, new GrantAccess(login, SCOPE))).isEqualTo(ApplyResult.CREATED);

        assertThat(MysqlTestSupport.accounts(login)).containsExactly(login + "@%");
        assertThat(showGrants(login)).hasSize(2).anySatisfy(g -> assertThat(g).startsWith("GRANT USAGE ON *.* TO `" + login + "`@`%`"))
                .contains("GRANT SELECT, INSERT, UPDATE, DELETE ON `" + MysqlSql.grantPattern(DB) + "`.* TO `" + login + "`@`%`");
        ObservedLogin observed = provider.observe(ADMIN, login, SCOPE);
        assertThat(observed.exists()).isTrue();
        assertThat(observed.attributes()).containsExactly("LOGIN");
        assertThat(observed.grants()).containsExactlyInAnyOrderElementsOf(provider.requiredGrants(SCOPE))
                .containsExactlyInAnyOrder("DB:SELECT", "DB:INSERT", "DB:UPDATE", "DB:DELETE");

        try (Connection app = connect(login, password.reveal())) {
            exec(app, "USE " + MysqlSql.quoteIdent(DB));
            assertThat(one(app, "SELECT CURRENT_USER()")).isEqualTo(login + "@%");
            exec(app, "INSERT INTO items (name) VALUES ('from app')");
            exec(app, "UPDATE items SET name = 'renamed' WHERE name = 'from app'");
            assertThat(one(app, "SELECT COUNT(*) FROM items")).isEqualTo("2");
            exec(app, "DELETE FROM items WHERE name = 'renamed'");
            assertThat(errorOf(() -> exec(app, "CREATE TABLE mine (x INT)"))).isEqualTo(1142);
            assertThat(errorOf(() -> exec(app, "DROP TABLE items"))).isEqualTo(1142);
            assertThat(errorOf(() -> exec(app, "ALTER TABLE items ADD COLUMN y INT"))).isEqualTo(1142);
            assertThat(errorOf(() -> exec(app, "CREATE INDEX ix ON items (id)"))).isEqualTo(1142);
            assertThat(errorOf(() -> exec(app, "GRANT SELECT ON items TO " + MysqlSql.account(login, false)))).isIn(1142, 1044);
            assertThat(errorOf(() -> exec(app, "CREATE DATABASE " + MysqlSql.quoteIdent(PREFIX + "_mine")))).isEqualTo(1044);
            // '_' was escaped in the grant: the look-alike database stays out of reach.
            assertThat(errorOf(() -> exec(app, "USE " + MysqlSql.quoteIdent(NEIGHBOUR)))).isEqualTo(1044);
            assertThat(errorOf(() -> one(app, "SELECT * FROM " + MysqlSql.quoteIdent(NEIGHBOUR) + ".secret"))).isEqualTo(1142);
            assertThat(errorOf(() -> one(app, "SELECT COUNT(*) FROM mysql.user"))).isEqualTo(1142);
        }

        List<ValidationItem> items = provider.validate(ADMIN, SCOPE, login, password);
        assertThat(items).extracting(ValidationItem::name).containsExactly("TargetReachable", "CredentialsLogIn", "CanQuery", "LeastPrivilege");
        assertThat(items).allSatisfy(i -> assertThat(i.result()).as(i.toString()).isEqualTo(ValidationItem.Result.SUCCESS));
        assertThat(MysqlTestSupport.column(root(), "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = ?", DB))
                .containsExactly("items");

        assertThat(provider.revert(ADMIN, new GrantAccess(login, SCOPE))).isEqualTo(ApplyResult.DELETED);
        assertThat(provider.observe(ADMIN, login, SCOPE).grants()).isEmpty();
        assertThat(showGrants(login)).hasSize(1);
        assertThat(provider.revert(ADMIN, new EnsureLogin(login, password))).isEqualTo(ApplyResult.DELETED);
        assertThat(MysqlTestSupport.accounts(login)).isEmpty();
        assertThat(MysqlTestSupport.databaseGrants(login)).isEmpty();
    }

    @Test
    void applyTwiceThenRevertTwiceAndThePasswordChangeTakes() throws SQLException {
        String login = PREFIX + "_twice";
        EnsureLogin ensure = new EnsureLogin(login, Secret.of("first"));
        GrantAccess grant = new GrantAccess(login, SCOPE);
        assertThat(provider.apply(ADMIN, ensure)).isEqualTo(ApplyResult.CREATED);
        assertThat(provider.apply(ADMIN, new EnsureLogin(login, Secret.of("second")))).isEqualTo(ApplyResult.UPDATED);
        assertThat(errorOf(() -> connect(login, "first").close())).isEqualTo(1045);
        try (Connection app = connect(login, "second")) {
            assertThat(one(app, "SELECT 1")).isEqualTo("1");
        }
        assertThat(provider.apply(ADMIN, grant)).isEqualTo(ApplyResult.CREATED);
        assertThat(provider.apply(ADMIN, grant)).isEqualTo(ApplyResult.NOOP);

        assertThat(provider.revert(ADMIN, grant)).isEqualTo(ApplyResult.DELETED);
        assertThat(provider.revert(ADMIN, grant)).isEqualTo(ApplyResult.NOOP);
        assertThat(provider.revert(ADMIN, ensure)).isEqualTo(ApplyResult.DELETED);
        assertThat(provider.revert(ADMIN, ensure)).isEqualTo(ApplyResult.NOOP);
        assertThat(provider.revert(ADMIN, grant)).isEqualTo(ApplyResult.NOOP);
        assertThat(provider.observe(ADMIN, login, SCOPE)).isEqualTo(ObservedLogin.absent(login));
        assertThat(MysqlTestSupport.accounts(login)).isEmpty();
    }

    @Test
    void partialGrantsAreCompletedAndExtraOnesRemoved() throws SQLException {
        String login = PREFIX + "_partial";
        provider.apply(ADMIN, new EnsureLogin(login, Secret.of("pw")));
        try (Connection c = root()) {
            exec(c, "GRANT SELECT ON " + MysqlSql.quoteIdent(MysqlSql.grantPattern(DB)) + ".* TO " + MysqlSql.account(login, false));
        }
        assertThat(provider.observe(ADMIN, login, SCOPE).grants()).containsExactly("DB:SELECT");
        assertThat(provider.apply(ADMIN, new GrantAccess(login, SCOPE))).isEqualTo(ApplyResult.UPDATED);
        assertThat(provider.observe(ADMIN, login, SCOPE).grants()).isEqualTo(provider.requiredGrants(SCOPE));

        try (Connection c = root()) {
            exec(c, "GRANT CREATE, DROP ON " + MysqlSql.quoteIdent(MysqlSql.grantPattern(DB)) + ".* TO " + MysqlSql.account(login, false) + " WITH GRANT OPTION");
        }
        assertThat(provider.observe(ADMIN, login, SCOPE).grants()).contains("DB:CREATE", "DB:DROP", "DB:GRANT", "DB:SELECT");
        List<ValidationItem> excess = provider.validate(ADMIN, SCOPE, login, Secret.of("pw"));
        assertThat(excess.get(3).result()).isEqualTo(ValidationItem.Result.WARNING);
        assertThat(excess.get(3).errorCode()).isEqualTo("ExcessPrivilege");
        assertThat(MysqlTestSupport.column(root(), "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = ?", DB))
                .as("the validation's probe table is dropped again").containsExactly("items");

        assertThat(provider.apply(ADMIN, new GrantAccess(login, SCOPE))).isEqualTo(ApplyResult.UPDATED);
        assertThat(provider.observe(ADMIN, login, SCOPE).grants()).isEqualTo(provider.requiredGrants(SCOPE));
        assertThat(showGrants(login)).contains("GRANT SELECT, INSERT, UPDATE, DELETE ON `" + MysqlSql.grantPattern(DB) + "`.* TO `" + login + "`@`%`");
        provider.revert(ADMIN, new GrantAccess(login, SCOPE));
        provider.revert(ADMIN, new EnsureLogin(login, Secret.of("pw")));
        assertThat(MysqlTestSupport.databaseGrants(login)).isEmpty();
    }

    @Test
    void accountsThatAreNotAConnectionsAreNeverTouched() throws SQLException {
        String privileged = PREFIX + "_dba";
        String elsewhere = PREFIX + "_local";
        try (Connection c = root()) {
            exec(c, "CREATE USER " + MysqlSql.account(privileged, false) + " IDENTIFIED BY 'x'");
            exec(c, "GRANT RELOAD ON *.* TO " + MysqlSql.account(privileged, false));
            exec(c, "CREATE USER " + MysqlSql.quoteString(elsewhere, false) + "@'localhost' IDENTIFIED BY 'x'");
        }
        for (String login : List.of(privileged, elsewhere)) {
            for (var call : List.<Runnable>of(() -> provider.apply(ADMIN, new EnsureLogin(login, Secret.of("new"))),
                    () -> provider.revert(ADMIN, new EnsureLogin(login, Secret.of("new"))))) {
                TerminalFailure f = catchThrowableOfType(TerminalFailure.class, call::run);
                assertThat(f).as(login).isNotNull();
                assertThat(f.status()).isEqualTo(409);
                assertThat(f.code()).isEqualTo("LoginConflict");
            }
        }
        assertThat(MysqlTestSupport.accounts(PREFIX + "_dba")).containsExactly(privileged + "@%");
        assertThat(MysqlTestSupport.accounts(PREFIX + "_local")).containsExactly(elsewhere + "@localhost");
        assertThat(provider.observe(ADMIN, privileged, SCOPE).attributes()).containsExactly("GLOBAL:RELOAD", "LOGIN");
        for (String reserved : List.of("root", "ROOT", "mysql", "mariadb.sys")) {
            TerminalFailure f = catchThrowableOfType(TerminalFailure.class,
                    () -> provider.apply(ADMIN, new EnsureLogin(reserved, Secret.of("pw"))));
            assertThat(f.code()).as(reserved).isEqualTo("LoginConflict");
        }
        assertThat(MysqlTestSupport.accounts("root")).contains("root@127.0.0.1", "root@localhost");
    }

    @Test
    void validationReportsAWrongPasswordAndAMissingLoginWithoutLeakingIt() {
        String login = PREFIX + "_val";
        provider.apply(ADMIN, new EnsureLogin(login, Secret.of("right-one")));
        List<ValidationItem> wrong = provider.validate(ADMIN, SCOPE, login, Secret.of("wrong-Pa55-" + PREFIX));
        assertThat(wrong.get(0).passed()).isTrue();
        assertThat(wrong.get(1).errorCode()).isEqualTo("AuthenticationFailed");
        assertThat(wrong.get(1).errorMessage()).contains(login, "127.0.0.1:3306").doesNotContain("wrong-Pa55", "right-one");
        assertThat(wrong.subList(2, 4)).extracting(ValidationItem::errorCode).containsExactly("Skipped", "Skipped");

        List<ValidationItem> noGrant = provider.validate(ADMIN, SCOPE, login, Secret.of("right-one"));
        assertThat(noGrant.get(1).errorCode()).isEqualTo("PermissionDenied");

        TargetEndpoint closed = new TargetEndpoint("127.0.0.1", MysqlTestSupport.closedPort(), "root", Secret.of(""), null);
        List<ValidationItem> down = provider.validate(closed, SCOPE, login, Secret.of("right-one"));
        assertThat(down).extracting(ValidationItem::errorCode).containsExactly("TargetUnreachable", "Skipped", "Skipped", "Skipped");
        provider.revert(ADMIN, new EnsureLogin(login, Secret.of("right-one")));
    }

    @Test
    void aRefusedAdminIsTerminalAndNamesTheTargetWithoutThePassword() {
        String secret = "Adm1n-" + PREFIX + "-'\\";
        TargetEndpoint wrong = new TargetEndpoint("127.0.0.1", 3306, "root", Secret.of(secret), null);
        TerminalFailure f = catchThrowableOfType(TerminalFailure.class, () -> provider.checkAdmin(wrong));
        assertThat(f).isNotNull();
        assertThat(f.status()).isEqualTo(400);
        assertThat(f.code()).isEqualTo("TargetAuthenticationFailed");
        assertThat(f.target()).isEqualTo("properties.administratorLogin");
        assertThat(f.getMessage()).contains("MySQL at 127.0.0.1:3306", "root", "1045").doesNotContain(secret, "Adm1n");
        TerminalFailure viaApply = catchThrowableOfType(TerminalFailure.class,
                () -> provider.apply(wrong, new EnsureLogin(PREFIX + "_x", Secret.of("user-secret"))));
        assertThat(viaApply.code()).isEqualTo("TargetAuthenticationFailed");
        assertThat(viaApply.getMessage()).doesNotContain(secret, "user-secret");
    }

    @Test
    void anUnreachableServerIsTransient() {
        String secret = "Adm1n-" + PREFIX;
        TargetEndpoint closed = new TargetEndpoint("127.0.0.1", MysqlTestSupport.closedPort(), "root", Secret.of(secret), null);
        TransientFailure f = catchThrowableOfType(TransientFailure.class, () -> provider.checkAdmin(closed));
        assertThat(f).isNotNull();
        assertThat(f.getMessage()).contains("MySQL at 127.0.0.1:" + closed.port()).doesNotContain(secret);
        assertThat(String.valueOf(f.getCause())).doesNotContain(secret);
    }

    @Test
    void databasesAreCreatedOnceAndDroppedOnce() throws SQLException {
        String db = PREFIX + "_life";
        assertThat(provider.databaseExists(ADMIN, db)).isFalse();
        assertThat(provider.ensureDatabase(ADMIN, db)).isEqualTo(ApplyResult.CREATED);
        assertThat(provider.ensureDatabase(ADMIN, db)).isEqualTo(ApplyResult.NOOP);
        assertThat(provider.databaseExists(ADMIN, db)).isTrue();
        assertThat(provider.databaseExists(ADMIN, db.toUpperCase())).isFalse();
        try (Connection c = root()) {
            assertThat(one(c, "SELECT DEFAULT_CHARACTER_SET_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?", db)).isEqualTo("utf8mb4");
        }
        assertThat(provider.dropDatabase(ADMIN, db)).isEqualTo(ApplyResult.DELETED);
        assertThat(provider.dropDatabase(ADMIN, db)).isEqualTo(ApplyResult.NOOP);
        assertThat(MysqlTestSupport.databases(db)).isEmpty();
        TerminalFailure missing = catchThrowableOfType(TerminalFailure.class,
                () -> provider.apply(ADMIN, new GrantAccess(PREFIX + "_nobody", new AccessScope.Database(db, null))));
        assertThat(missing.status()).isEqualTo(404);
    }

    @ParameterizedTest
    @ValueSource(strings = {"mysql", "information_schema", "performance_schema", "sys", "MySQL", "INFORMATION_SCHEMA"})
    void systemSchemasAreNeverDropped(String schema) {
        TerminalFailure f = catchThrowableOfType(TerminalFailure.class, () -> provider.dropDatabase(ADMIN, schema));
        assertThat(f.status()).isEqualTo(400);
        assertThat(f.code()).isEqualTo("ReservedDatabaseName");
        assertThat(provider.databaseExists(ADMIN, schema.toLowerCase())).isTrue();
    }

    @Test
    void theSslModeOptionIsHonouredAndPreferredFallsBackOnAServerWithoutTls() {
        for (String mode : List.of("preferred", "disabled", "DISABLED")) {
            TargetEndpoint e = new TargetEndpoint("127.0.0.1", 3306, "root", Secret.of(""), null, Map.of("sslMode", mode));
            provider.checkAdmin(e);
        }
        // The machine's MariaDB has TLS off: insisting on it must fail clearly, not silently go plain.
        TargetEndpoint required = new TargetEndpoint("127.0.0.1", 3306, "root", Secret.of(""), null, Map.of("sslMode", "required"));
        RuntimeException f = catchThrowableOfType(RuntimeException.class, () -> provider.checkAdmin(required));
        assertThat(f).isNotNull();
        assertThat(f.getMessage()).contains("MySQL at 127.0.0.1:3306");
        TerminalFailure bad = catchThrowableOfType(TerminalFailure.class, () -> provider.checkAdmin(
                new TargetEndpoint("127.0.0.1", 3306, "root", Secret.of(""), null, Map.of("sslMode", "sometimes"))));
        assertThat(bad.code()).isEqualTo("InvalidSslMode");
    }
}
