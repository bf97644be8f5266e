package dev.switchboard.providers.postgres;

import dev.switchboard.core.target.AccessScope;
import dev.switchboard.core.failure.TerminalFailure;
import dev.switchboard.core.failure.TransientFailure;
import dev.switchboard.core.linker.ValidationItem;
import dev.switchboard.core.secret.Secret;
import dev.switchboard.core.target.ApplyResult;
import dev.switchboard.core.target.ObservedLogin;
import dev.switchboard.core.target.TargetEndpoint;
import dev.switchboard.core.target.TargetStep.EnsureLogin;
import dev.switchboard.core.target.TargetStep.GrantAccess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;

import static dev.switchboard.providers.postgres.PgTestSupport.ADMIN;
import static dev.switchboard.providers.postgres.PgTestSupport.connect;
import static dev.switchboard.providers.postgres.PgTestSupport.exec;
import static dev.switchboard.providers.postgres.PgTestSupport.one;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Against the machine's PostgreSQL (127.0.0.1:5432, trust on loopback). */
class PostgresProviderTest {
    private static final String PREFIX = PgTestSupport.prefix();
    private static final String DB = PREFIX + "_app";
    private static final PostgresProvider provider = new PostgresProvider(Duration.ofSeconds(3));

    @BeforeAll
    static void createDatabase() throws SQLException {
        assertThat(provider.ensureDatabase(ADMIN, DB)).isEqualTo(ApplyResult.CREATED);
        try (Connection c = connect(DB)) {
            exec(c, "create table items (id serial primary key, name text)");
            exec(c, "insert into items (name) values ('first')");
        }
    }

    @AfterAll
    static void dropEverything() throws SQLException {
        PgTestSupport.dropEverything(PREFIX);
        assertThat(PgTestSupport.roles(PREFIX)).isEmpty();
        assertThat(PgTestSupport.databases(PREFIX)).isEmpty();
    }

    @Test
    void loginAndGrantGiveExactlyLeastPrivilege() throws SQLException {
        String login = PREFIX + "_least";
        Secret password = Secret.of("Pw-" + PREFIX);
        assertThat(provider.apply(ADMIN, new EnsureLogin(login, password))).isEqualTo(ApplyResult.CREATED);
        assertThat(provider.apply(ADMIN, new GrantAccess(login, new AccessScope.Database(DB, "public")))).isEqualTo(ApplyResult.CREATED);

        try (Connection c = connect("postgres")) {
            assertThat(one(c, "select concat_ws(',', rolcanlogin, rolsuper, rolcreatedb, rolcreaterole, rolreplication,"
                    + " rolbypassrls, rolinherit) from pg_roles where rolname = ?", login)).isEqualTo("t,f,f,f,f,f,f");
            assertThat(one(c, "select rolpassword from pg_authid where rolname = ?", login)).startsWith("SCRAM-SHA-256$4096:");
        }
        ObservedLogin observed = provider.observe(ADMIN, login, new AccessScope.Database(DB, "public"));
        assertThat(observed.exists()).isTrue();
        assertThat(observed.attributes()).containsExactly("LOGIN");
        assertThat(observed.grants()).containsExactlyInAnyOrderElementsOf(PgGrants.WORDS);

        try (Connection admin = connect(DB)) {
            exec(admin, "create table later (id serial primary key, v text)");
        }
        try (Connection app = PgTestSupport.connect("127.0.0.1", 5432, login, password.reveal(), DB)) {
            assertThat(one(app, "select current_user")).isEqualTo(login);
            exec(app, "insert into items (name) values ('from app')");
            exec(app, "update items set name = 'renamed' where name = 'from app'");
            assertThat(one(app, "select count(*) from items")).isEqualTo("2");
            exec(app, "delete from items where name = 'renamed'");
            exec(app, "insert into later (v) values ('default privileges cover me')");
            assertThat(one(app, "select v from later")).isEqualTo("default privileges cover me");
            assertThat(sqlState(() -> exec(app, "create table mine (x int)"))).isEqualTo("42501");
            assertThat(sqlState(() -> exec(app, "drop table items"))).isEqualTo("42501");
            assertThat(sqlState(() -> exec(app, "truncate items"))).isEqualTo("42501");
            assertThat(sqlState(() -> exec(app, "create schema mine"))).isEqualTo("42501");
        }
        assertThat(provider.observe(ADMIN, login, new AccessScope.Database(DB, "public")).grants()).containsExactlyInAnyOrderElementsOf(PgGrants.WORDS);

        assertThat(provider.revert(ADMIN, new GrantAccess(login, new AccessScope.Database(DB, "public")))).isEqualTo(ApplyResult.DELETED);
        assertThat(provider.revert(ADMIN, new EnsureLogin(login, password))).isEqualTo(ApplyResult.DELETED);
        assertThat(PgTestSupport.roles(login)).isEmpty();
    }

    @Test
    void applyTwiceThenRevertTwice() throws SQLException {
        String login = PREFIX + "_twice";
        EnsureLogin ensure = new EnsureLogin(login, Secret.of("first"));
        GrantAccess grant = new GrantAccess(login, new AccessScope.Database(DB, "public"));
        assertThat(provider.apply(ADMIN, ensure)).isEqualTo(ApplyResult.CREATED);
        assertThat(provider.apply(ADMIN, new EnsureLogin(login, Secret.of("second")))).isEqualTo(ApplyResult.UPDATED);
        assertThat(provider.apply(ADMIN, grant)).isEqualTo(ApplyResult.CREATED);
        assertThat(provider.apply(ADMIN, grant)).isEqualTo(ApplyResult.NOOP);
        String oid;
        try (Connection c = connect(DB)) {
            oid = one(c, "select oid::text from pg_roles where rolname = ?", login);
            assertThat(defaultAclsMentioning(c, oid)).isEqualTo("2");
        }

        assertThat(provider.revert(ADMIN, grant)).isEqualTo(ApplyResult.DELETED);
        try (Connection c = connect(DB)) {
            assertThat(defaultAclsMentioning(c, oid)).isEqualTo("0");
            assertThat(one(c, "select count(*) from pg_shdepend where refobjid = ?::oid", oid)).isEqualTo("0");
        }
        assertThat(provider.observe(ADMIN, login, new AccessScope.Database(DB, "public")).grants()).isEmpty();
        assertThat(provider.revert(ADMIN, ensure)).isEqualTo(ApplyResult.DELETED);
        try (Connection c = connect(DB)) {
            assertThat(one(c, "select count(*) from pg_shdepend where refobjid = ?::oid", oid)).isEqualTo("0");
            assertThat(one(c, "select count(*) from pg_default_acl where defaclacl::text like ?", "%" + login + "%")).isEqualTo("0");
        }
        assertThat(PgTestSupport.roles(login)).isEmpty();
        assertThat(provider.revert(ADMIN, grant)).isEqualTo(ApplyResult.NOOP);
        assertThat(provider.revert(ADMIN, ensure)).isEqualTo(ApplyResult.NOOP);
        assertThat(provider.observe(ADMIN, login, new AccessScope.Database(DB, "public"))).isEqualTo(ObservedLogin.absent(login));
    }

    @Test
    void partialGrantsAreCompletedAsAnUpdate() throws SQLException {
        String login = PREFIX + "_partial";
        provider.apply(ADMIN, new EnsureLogin(login, Secret.of("pw")));
        try (Connection c = connect(DB)) {
            exec(c, "grant connect on database " + PgIdentifiers.quoteIdent(DB) + " to " + login);
        }
        assertThat(provider.observe(ADMIN, login, new AccessScope.Database(DB, "public")).grants()).containsExactly("CONNECT");
        assertThat(provider.apply(ADMIN, new GrantAccess(login, new AccessScope.Database(DB, "public")))).isEqualTo(ApplyResult.UPDATED);
        try (Connection c = connect(DB)) {
            exec(c, "revoke insert on items from " + login);
        }
        assertThat(provider.observe(ADMIN, login, new AccessScope.Database(DB, "public")).grants()).doesNotContain("TABLES:INSERT").contains("TABLES:SELECT");
        assertThat(provider.apply(ADMIN, new GrantAccess(login, new AccessScope.Database(DB, "public")))).isEqualTo(ApplyResult.UPDATED);
        assertThat(provider.observe(ADMIN, login, new AccessScope.Database(DB, "public")).grants()).containsExactlyInAnyOrderElementsOf(PgGrants.WORDS);
        provider.revert(ADMIN, new GrantAccess(login, new AccessScope.Database(DB, "public")));
        provider.revert(ADMIN, new EnsureLogin(login, Secret.of("pw")));
    }

    @Test
    void droppingALoginWhoseGrantsWereNotRevertedClearsThemAndKeepsTheData() throws SQLException {
        String login = PREFIX + "_orphan";
        provider.apply(ADMIN, new EnsureLogin(login, Secret.of("pw")));
        provider.apply(ADMIN, new GrantAccess(login, new AccessScope.Database(DB, "public")));
        assertThat(provider.revert(ADMIN, new EnsureLogin(login, Secret.of("pw")))).isEqualTo(ApplyResult.DELETED);
        assertThat(PgTestSupport.roles(login)).isEmpty();
        try (Connection c = connect(DB)) {
            assertThat(one(c, "select name from items where name = 'first'")).isEqualTo("first");
            assertThat(one(c, "select count(*) from pg_default_acl where defaclacl::text like ?", "%" + login + "%")).isEqualTo("0");
        }
    }

    @Test
    void attributeDriftIsUndoneBySettingThePasswordAgain() throws SQLException {
        String login = PREFIX + "_drift";
        provider.apply(ADMIN, new EnsureLogin(login, Secret.of("pw")));
        try (Connection c = connect("postgres")) {
            exec(c, "alter role " + login + " createdb createrole inherit nologin");
        }
        assertThat(provider.observe(ADMIN, login, new AccessScope.Database(DB, "public")).attributes()).containsExactlyInAnyOrder("CREATEDB", "CREATEROLE", "INHERIT");
        assertThat(provider.apply(ADMIN, new EnsureLogin(login, Secret.of("pw2")))).isEqualTo(ApplyResult.UPDATED);
        assertThat(provider.observe(ADMIN, login, new AccessScope.Database(DB, "public")).attributes()).containsExactly("LOGIN");
        provider.revert(ADMIN, new EnsureLogin(login, Secret.of("pw2")));
    }

    @Test
    void observeWithoutLoginOrDatabase() {
        assertThat(provider.observe(ADMIN, PREFIX + "_nobody", new AccessScope.Database(DB, "public")).exists()).isFalse();
        String login = PREFIX + "_nodb";
        provider.apply(ADMIN, new EnsureLogin(login, Secret.of("pw")));
        ObservedLogin observed = provider.observe(ADMIN, login, new AccessScope.Database(PREFIX + "_missing", "public"));
        assertThat(observed.exists()).isTrue();
        assertThat(observed.grants()).isEmpty();
        assertThat(provider.revert(ADMIN, new GrantAccess(login, new AccessScope.Database(PREFIX + "_missing", "public")))).isEqualTo(ApplyResult.NOOP);
        provider.revert(ADMIN, new EnsureLogin(login, Secret.of("pw")));
    }

    @Test
    void refusedRequests() {
        TerminalFailure reserved = catchThrowableOfType(TerminalFailure.class,
                () -> provider.apply(ADMIN, new EnsureLogin("pg_" + PREFIX, Secret.of("pw"))));
        assertThat(reserved.status()).isEqualTo(400);
        assertThat(reserved.code()).isEqualTo("InvalidLoginName");
        assertThat(reserved.target()).isEqualTo("authInfo.name");
        assertThatThrownBy(() -> provider.apply(ADMIN, new EnsureLogin(PREFIX + "x".repeat(60), Secret.of("pw"))))
                .isInstanceOf(TerminalFailure.class).hasMessageContaining("63 bytes");
        assertThatThrownBy(() -> provider.apply(ADMIN, new EnsureLogin("postgres", Secret.of("pw"))))
                .isInstanceOfSatisfying(TerminalFailure.class, f -> assertThat(f.status()).isEqualTo(409));
        assertThatThrownBy(() -> provider.apply(ADMIN, new EnsureLogin(PREFIX + "_np", Secret.of(""))))
                .isInstanceOfSatisfying(TerminalFailure.class, f -> assertThat(f.status()).isEqualTo(400));
        assertThatThrownBy(() -> provider.apply(ADMIN, new GrantAccess(PREFIX + "_ghost", new AccessScope.Database(DB, "public"))))
                .isInstanceOfSatisfying(TerminalFailure.class, f -> assertThat(f.code()).isEqualTo("LoginNotFound"));
        assertThatThrownBy(() -> provider.dropDatabase(ADMIN, "template1"))
                .isInstanceOfSatisfying(TerminalFailure.class, f -> assertThat(f.code()).isEqualTo("ReservedDatabaseName"));
        assertThatThrownBy(() -> provider.dropDatabase(ADMIN, "postgres")).isInstanceOf(TerminalFailure.class);
    }

    @Test
    void grantOnAMissingSchemaIsNotFound() {
        String login = PREFIX + "_noschema";
        provider.apply(ADMIN, new EnsureLogin(login, Secret.of("pw")));
        assertThatThrownBy(() -> provider.apply(ADMIN, new GrantAccess(login, new AccessScope.Database(DB, "nope"))))
                .isInstanceOfSatisfying(TerminalFailure.class, f -> assertThat(f.code()).isEqualTo("SchemaNotFound"));
        assertThat(provider.revert(ADMIN, new GrantAccess(login, new AccessScope.Database(DB, "nope")))).isEqualTo(ApplyResult.NOOP);
        provider.revert(ADMIN, new EnsureLogin(login, Secret.of("pw")));
    }

    @Test
    void hostileDatabaseAndSchemaNamesWorkEndToEnd() throws SQLException {
        String db = PREFIX + " d\"b'; drop database postgres; --$$ é";
        String schema = "s\"'; --";
        String login = PREFIX + " l\"'\\;";
        assertThat(provider.ensureDatabase(ADMIN, db)).isEqualTo(ApplyResult.CREATED);
        try (Connection c = connect(db)) {
            exec(c, "create schema " + PgIdentifiers.quoteIdent(schema));
            exec(c, "create table " + PgIdentifiers.quoteIdent(schema) + ".t (id serial primary key)");
        }
        provider.apply(ADMIN, new EnsureLogin(login, Secret.of("pw")));
        assertThat(provider.apply(ADMIN, new GrantAccess(login, new AccessScope.Database(db, schema)))).isEqualTo(ApplyResult.CREATED);
        assertThat(provider.observe(ADMIN, login, new AccessScope.Database(db, schema)).grants()).containsExactlyInAnyOrderElementsOf(PgGrants.WORDS);
        try (Connection app = PgTestSupport.connect("127.0.0.1", 5432, login, "pw", db)) {
            exec(app, "insert into " + PgIdentifiers.quoteIdent(schema) + ".t default values");
        }
        assertThat(provider.revert(ADMIN, new GrantAccess(login, new AccessScope.Database(db, schema)))).isEqualTo(ApplyResult.DELETED);
        assertThat(provider.revert(ADMIN, new EnsureLogin(login, Secret.of("pw")))).isEqualTo(ApplyResult.DELETED);
        assertThat(provider.dropDatabase(ADMIN, db)).isEqualTo(ApplyResult.DELETED);
        assertThat(PgTestSupport.databases(PREFIX + " ")).isEmpty();
    }

    @Test
    void databasesAreCreatedOnceAndDroppedEvenWithSessions() throws SQLException {
        String db = PREFIX + "_scratch";
        assertThat(provider.databaseExists(ADMIN, db)).isFalse();
        assertThat(provider.ensureDatabase(ADMIN, db)).isEqualTo(ApplyResult.CREATED);
        assertThat(provider.ensureDatabase(ADMIN, db)).isEqualTo(ApplyResult.NOOP);
        assertThat(provider.databaseExists(ADMIN, db)).isTrue();
        try (Connection open = connect(db)) {
            assertThat(provider.dropDatabase(ADMIN, db)).isEqualTo(ApplyResult.DELETED);
        }
        assertThat(provider.dropDatabase(ADMIN, db)).isEqualTo(ApplyResult.NOOP);
        assertThat(provider.databaseExists(ADMIN, db)).isFalse();
    }

    /** Tables the database owner creates later are covered too, not only the administrator's. */
    @Test
    void defaultPrivilegesCoverTheDatabaseOwner() throws SQLException {
        String owner = PREFIX + "_owner";
        String db = PREFIX + "_owned";
        String login = PREFIX + "_ownerapp";
        try (Connection c = connect("postgres")) {
            exec(c, "create role " + owner);
            exec(c, "create database " + db + " owner " + owner);
        }
        provider.apply(ADMIN, new EnsureLogin(login, Secret.of("pw")));
        assertThat(provider.apply(ADMIN, new GrantAccess(login, new AccessScope.Database(db, "public")))).isEqualTo(ApplyResult.CREATED);
        try (Connection c = connect(db)) {
            assertThat(one(c, "select string_agg(r.rolname, ',' order by r.rolname) from pg_default_acl d"
                    + " join pg_roles r on r.oid = d.defaclrole where d.defaclobjtype = 'r'")).isEqualTo("postgres," + owner);
            exec(c, "set role " + owner);
            exec(c, "create table by_owner (id serial primary key)");
        }
        assertThat(provider.observe(ADMIN, login, new AccessScope.Database(db, "public")).grants()).containsExactlyInAnyOrderElementsOf(PgGrants.WORDS);
        try (Connection app = PgTestSupport.connect("127.0.0.1", 5432, login, "pw", db)) {
            exec(app, "insert into by_owner default values");
        }
        assertThat(provider.revert(ADMIN, new GrantAccess(login, new AccessScope.Database(db, "public")))).isEqualTo(ApplyResult.DELETED);
        try (Connection c = connect(db)) {
            assertThat(one(c, "select count(*) from pg_default_acl")).isEqualTo("0");
        }
        assertThat(provider.revert(ADMIN, new EnsureLogin(login, Secret.of("pw")))).isEqualTo(ApplyResult.DELETED);
        assertThat(provider.dropDatabase(ADMIN, db)).isEqualTo(ApplyResult.DELETED);
    }

    /** An administrator with only CREATEROLE and CREATEDB, as on managed servers, can do everything a connection needs. */
    @Test
    void worksWithANonSuperuserAdministrator() throws SQLException {
        String admin = PREFIX + "_admin";
        try (Connection c = connect("postgres")) {
            exec(c, "create role " + admin + " login createrole createdb");
        }
        TargetEndpoint endpoint = new TargetEndpoint("127.0.0.1", 5432, admin, Secret.of("trusted"), "postgres");
        String db = PREFIX + "_managed";
        String login = PREFIX + "_managedapp";
        provider.checkAdmin(endpoint);
        assertThat(provider.ensureDatabase(endpoint, db)).isEqualTo(ApplyResult.CREATED);
        try (Connection c = PgTestSupport.connect("127.0.0.1", 5432, admin, "trusted", db)) {
            exec(c, "create table t (id serial primary key)");
        }
        assertThat(provider.apply(endpoint, new EnsureLogin(login, Secret.of("pw")))).isEqualTo(ApplyResult.CREATED);
        assertThat(provider.apply(endpoint, new EnsureLogin(login, Secret.of("pw2")))).isEqualTo(ApplyResult.UPDATED);
        assertThat(provider.apply(endpoint, new GrantAccess(login, new AccessScope.Database(db, "public")))).isEqualTo(ApplyResult.CREATED);
        assertThat(provider.apply(endpoint, new GrantAccess(login, new AccessScope.Database(db, "public")))).isEqualTo(ApplyResult.NOOP);
        assertThat(provider.observe(endpoint, login, new AccessScope.Database(db, "public")).grants()).containsExactlyInAnyOrderElementsOf(PgGrants.WORDS);
        assertThat(provider.revert(endpoint, new GrantAccess(login, new AccessScope.Database(db, "public")))).isEqualTo(ApplyResult.DELETED);
        assertThat(provider.revert(endpoint, new EnsureLogin(login, Secret.of("pw2")))).isEqualTo(ApplyResult.DELETED);
        assertThat(provider.dropDatabase(endpoint, db)).isEqualTo(ApplyResult.DELETED);
        assertThat(PgTestSupport.roles(login)).isEmpty();
    }

    @Test
    void validateSucceedsForAGoodLogin() {
        String login = PREFIX + "_valid";
        Secret password = Secret.of("pw-valid");
        provider.apply(ADMIN, new EnsureLogin(login, password));
        provider.apply(ADMIN, new GrantAccess(login, new AccessScope.Database(DB, "public")));
        List<ValidationItem> items = provider.validate(ADMIN, new AccessScope.Database(DB, "public"), login, password);
        assertThat(items).extracting(ValidationItem::name).containsExactly("TargetReachable", "CredentialsLogIn", "CanQuery");
        assertThat(items).allMatch(ValidationItem::passed);
        provider.revert(ADMIN, new GrantAccess(login, new AccessScope.Database(DB, "public")));
        provider.revert(ADMIN, new EnsureLogin(login, password));
    }

    @Test
    void validateReportsAnUnreachableServer() {
        TargetEndpoint closed = new TargetEndpoint("127.0.0.1", PgTestSupport.closedPort(), "postgres", Secret.of("x"), "postgres");
        List<ValidationItem> items = provider.validate(closed, new AccessScope.Database(DB, "public"), "someone", Secret.of("s3cret-value"));
        assertThat(items).extracting(ValidationItem::errorCode).containsExactly("TargetUnreachable", "Skipped", "Skipped");
        assertThat(items).noneMatch(i -> String.valueOf(i.errorMessage()).contains("s3cret-value"));
    }

    @Test
    void adminChecks() {
        provider.checkAdmin(ADMIN);
        TargetEndpoint closed = new TargetEndpoint("127.0.0.1", PgTestSupport.closedPort(), "postgres", Secret.of("adminpw"), "postgres");
        assertThatThrownBy(() -> provider.checkAdmin(closed)).isInstanceOf(TransientFailure.class)
                .hasMessageContaining("127.0.0.1:" + closed.port()).hasMessageNotContaining("adminpw");
        assertThatThrownBy(() -> provider.ensureDatabase(closed, PREFIX + "_x")).isInstanceOf(TransientFailure.class);
    }

    private static String defaultAclsMentioning(Connection c, String oid) throws SQLException {
        return one(c, "select count(distinct d.oid) from pg_default_acl d, aclexplode(d.defaclacl) a where a.grantee = ?::oid", oid);
    }

    private interface SqlAction {
        void run() throws SQLException;
    }

    private static String sqlState(SqlAction action) {
        try {
            action.run();
            return "no error";
        } catch (SQLException e) {
            return e.getSQLState();
        }
    }
}
