package dev.switchboard.providers.mysql;

import dev.switchboard.core.failure.TerminalFailure;
import dev.switchboard.core.kinds.mysql.MysqlKind;
import dev.switchboard.core.linker.ValidationItem;
import dev.switchboard.core.secret.PasswordText;
import dev.switchboard.core.secret.Secret;
import dev.switchboard.core.target.AccessScope;
import dev.switchboard.core.target.ApplyResult;
import dev.switchboard.core.target.ObservedLogin;
import dev.switchboard.core.target.ServerAdmin;
import dev.switchboard.core.target.TargetEndpoint;
import dev.switchboard.core.target.TargetProvider;
import dev.switchboard.core.target.TargetStep.EnsureLogin;
import dev.switchboard.core.target.TargetStep.GrantAccess;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static dev.switchboard.providers.mysql.MysqlSql.quoteIdent;
import static dev.switchboard.providers.mysql.MysqlSql.requireDatabaseName;
import static dev.switchboard.providers.mysql.MysqlSql.requireLoginName;

/**
 * MySQL and MariaDB as a Switchboard target: one account {@code 'login'@'%'} per connection holding exactly
 * {@code SELECT, INSERT, UPDATE, DELETE ON `database`.*}, and the server's databases themselves. Every call opens
 * its own connection as the endpoint's administrator (MariaDB Connector/J) and closes it; instances hold nothing
 * open and are safe to share between threads.
 *
 * <p>The host part is {@code '%'}: an app may connect from anywhere, and on a loopback server a TCP login from
 * 127.0.0.1 matches {@code '%'} as long as no anonymous account ({@code ''@'localhost'}) shadows it, which modern
 * MariaDB and MySQL installations no longer create. An account of the same name on any other host is refused
 * (409): it would shadow or be confused with the connection's.
 *
 * <p>Passwords travel as {@code IDENTIFIED BY '...'} literals quoted by {@link MysqlSql} for the session's
 * {@code sql_mode} (neither server takes a placeholder there); the server hashes them with its default plugin.
 */
public final class MysqlProvider implements TargetProvider, ServerAdmin, AutoCloseable {
    static final List<String> DML = List.of("SELECT", "INSERT", "UPDATE", "DELETE");
    private static final Set<String> REQUIRED_GRANTS = Set.of("DB:SELECT", "DB:INSERT", "DB:UPDATE", "DB:DELETE");
    private static final int DATABASE_EXISTS = 1007;
    private static final int USER_OPERATION_FAILED = 1396;
    private final MysqlConnector connector;
    private final MysqlValidation validation;

    /** @param connectTimeout bound on opening a TCP connection to the server (and on the reachability check) */
    public MysqlProvider(Duration connectTimeout) {
        this.connector = new MysqlConnector(connectTimeout);
        this.validation = new MysqlValidation(connector);
    }

    @Override
    public void checkAdmin(TargetEndpoint endpoint) {
        withAdmin(endpoint, "logging in as administrator " + endpoint.adminLogin(), c -> {
            MysqlAccounts.noBackslashEscapes(c);
            return null;
        });
    }

    /**
     * Attributes: {@code LOGIN} and the account's global privileges as {@code GLOBAL:<privilege>} (none for a
     * connection's login). Grants: its privileges on exactly the scope's database, {@code DB:<privilege>}.
     */
    @Override
    public ObservedLogin observe(TargetEndpoint endpoint, String login, AccessScope scope) {
        requireLoginName(login);
        String database = requireDatabaseName(database(scope));
        return withAdmin(endpoint, "observing login " + login, c -> {
            Set<String> global = MysqlAccounts.accounts(c, login).get(MysqlSql.HOST);
            if (global == null) return ObservedLogin.absent(login);
            Set<String> attributes = new TreeSet<>(global);
            attributes.add("LOGIN");
            return new ObservedLogin(login, true, frozen(attributes), frozen(MysqlAccounts.databasePrivileges(c, login, database)));
        });
    }

    @Override
    public Set<String> requiredGrants(AccessScope scope) {
        database(scope);
        return REQUIRED_GRANTS;
    }

    /** CREATE USER when absent (CREATED), else ALTER USER setting the password (UPDATED). */
    @Override
    public ApplyResult ensureLogin(TargetEndpoint endpoint, EnsureLogin step) {
        String login = requireConnectionLogin(endpoint, step.login());
        String password = PasswordText.require(step.password());
        return withAdmin(endpoint, "setting up login " + login, c -> {
            boolean exists = requireOwnAccount(c, login);
            boolean plain = MysqlAccounts.noBackslashEscapes(c);
            String identified = " IDENTIFIED BY " + MysqlSql.quoteString(password, plain);
            if (!exists) {
                try {
                    execute(c, "CREATE USER " + MysqlSql.account(login, plain) + identified);
                    return ApplyResult.CREATED;
                } catch (SQLException e) {
                    if (e.getErrorCode() != USER_OPERATION_FAILED) throw e;
                    // Created by a concurrent call in between: set the password like an update.
                }
            }
            execute(c, "ALTER USER " + MysqlSql.account(login, plain) + identified);
            return ApplyResult.UPDATED;
        }, password);
    }

    /**
     * Grants the four DML privileges on the database; NOOP when the login holds exactly those. Privileges beyond
     * them on that database (granted by hand) are revoked first, so the result is exactly the least privilege.
     */
    @Override
    public ApplyResult grantAccess(TargetEndpoint endpoint, GrantAccess step) {
        String login = requireConnectionLogin(endpoint, step.login());
        String database = requireDatabaseName(database(step.scope()));
        return withAdmin(endpoint, "granting " + login + " access to " + database, c -> {
            if (!MysqlAccounts.accounts(c, login).containsKey(MysqlSql.HOST)) {
                throw TerminalFailure.notFound("LoginNotFound", "authInfo.name", "login " + login + " does not exist");
            }
            if (!MysqlAccounts.databaseExists(c, database)) {
                throw TerminalFailure.notFound("DatabaseNotFound", "database", "database " + database + " does not exist");
            }
            Set<String> held = MysqlAccounts.databasePrivileges(c, login, database);
            if (held.equals(REQUIRED_GRANTS)) return ApplyResult.NOOP;
            boolean plain = MysqlAccounts.noBackslashEscapes(c);
            if (!REQUIRED_GRANTS.containsAll(held)) revokeAll(c, login, database, held, plain);
            execute(c, "GRANT " + String.join(", ", DML) + " ON " + on(database) + " TO " + MysqlSql.account(login, plain));
            return held.isEmpty() ? ApplyResult.CREATED : ApplyResult.UPDATED;
        });
    }

    /** Removes every privilege the login holds on the database: DELETED, or NOOP when there is none (or no login). */
    @Override
    public ApplyResult revokeAccess(TargetEndpoint endpoint, GrantAccess step) {
        String login = requireConnectionLogin(endpoint, step.login());
        String database = requireDatabaseName(database(step.scope()));
        return withAdmin(endpoint, "revoking " + login + " access to " + database, c -> {
            if (!MysqlAccounts.accounts(c, login).containsKey(MysqlSql.HOST)) return ApplyResult.NOOP;
            Set<String> held = MysqlAccounts.databasePrivileges(c, login, database);
            if (held.isEmpty()) return ApplyResult.NOOP;
            revokeAll(c, login, database, held, MysqlAccounts.noBackslashEscapes(c));
            return ApplyResult.DELETED;
        });
    }

    /** DROP USER, which also removes every privilege row of the account. NOOP when it does not exist. */
    @Override
    public ApplyResult dropLogin(TargetEndpoint endpoint, String rawLogin) {
        String login = requireConnectionLogin(endpoint, rawLogin);
        return withAdmin(endpoint, "dropping login " + login, c -> {
            if (!requireOwnAccount(c, login)) return ApplyResult.NOOP;
            execute(c, "DROP USER " + MysqlSql.account(login, MysqlAccounts.noBackslashEscapes(c)));
            return ApplyResult.DELETED;
        });
    }

    /** ALL PRIVILEGES at database level leaves the grant option, which has its own REVOKE. */
    private static void revokeAll(Connection c, String login, String database, Set<String> held, boolean plain) throws SQLException {
        String account = MysqlSql.account(login, plain);
        execute(c, "REVOKE ALL PRIVILEGES ON " + on(database) + " FROM " + account);
        if (held.contains("DB:GRANT")) execute(c, "REVOKE GRANT OPTION ON " + on(database) + " FROM " + account);
    }

    private static String on(String database) {
        return quoteIdent(MysqlSql.grantPattern(database)) + ".*";
    }

    @Override
    public List<ValidationItem> validate(TargetEndpoint endpoint, AccessScope scope, String login, Secret password) {
        return validation.validate(endpoint, requireDatabaseName(database(scope)), requireLoginName(login), password);
    }

    @Override
    public boolean databaseExists(TargetEndpoint endpoint, String database) {
        requireDatabaseName(database);
        return withAdmin(endpoint, "looking up database " + database, c -> MysqlAccounts.databaseExists(c, database));
    }

    /** CREATE DATABASE with utf8mb4 (the servers' defaults vary: latin1 on older MariaDB); NOOP when it exists. */
    @Override
    public ApplyResult ensureDatabase(TargetEndpoint endpoint, String database) {
        requireDatabaseName(database);
        return withAdmin(endpoint, "creating database " + database, c -> {
            if (MysqlAccounts.databaseExists(c, database)) return ApplyResult.NOOP;
            try {
                execute(c, "CREATE DATABASE " + quoteIdent(database) + " CHARACTER SET utf8mb4");
            } catch (SQLException e) {
                if (e.getErrorCode() == DATABASE_EXISTS) return ApplyResult.NOOP;
                throw e;
            }
            return ApplyResult.CREATED;
        });
    }

    /** DROP DATABASE; the system schemas are refused (400 ReservedDatabaseName), whatever their case. */
    @Override
    public ApplyResult dropDatabase(TargetEndpoint endpoint, String database) {
        requireDatabaseName(database);
        if (MysqlKind.SYSTEM_SCHEMAS.contains(database.toLowerCase(Locale.ROOT))) {
            throw TerminalFailure.badRequest("ReservedDatabaseName", "name",
                    "the database " + database + " belongs to the server and cannot be dropped");
        }
        return withAdmin(endpoint, "dropping database " + database, c -> {
            if (!MysqlAccounts.databaseExists(c, database)) return ApplyResult.NOOP;
            execute(c, "DROP DATABASE IF EXISTS " + quoteIdent(database));
            return ApplyResult.DELETED;
        });
    }

    /**
     * Whether {@code 'login'@'%'} exists, refusing (409 LoginConflict) an account of that name on another host or
     * one with any global privilege: those are not a connection's, and must be neither taken over nor dropped.
     */
    private static boolean requireOwnAccount(Connection c, String login) throws SQLException {
        Map<String, Set<String>> accounts = MysqlAccounts.accounts(c, login);
        for (Map.Entry<String, Set<String>> account : accounts.entrySet()) {
            if (!account.getKey().equals(MysqlSql.HOST) || !account.getValue().isEmpty()) {
                throw TerminalFailure.conflict("LoginConflict", "authInfo.name", "an account " + login + "@" + account.getKey()
                        + (account.getValue().isEmpty() ? "" : " with global privileges") + " exists; it is not a"
                        + " connection's login and cannot be used or removed as one");
            }
        }
        return accounts.containsKey(MysqlSql.HOST);
    }

    /** A storable login that is not the administrator nor a server account (root, mysql, mariadb.sys, ...). */
    private static String requireConnectionLogin(TargetEndpoint endpoint, String login) {
        requireLoginName(login);
        if (login.equals(endpoint.adminLogin()) || MysqlKind.RESERVED_LOGINS.contains(login.toLowerCase(Locale.ROOT))) {
            throw TerminalFailure.conflict("LoginConflict", "authInfo.name",
                    "the login " + login + " is the server's administrator or a server account and cannot be a connection's login");
        }
        return login;
    }

    /** NUL cannot travel in the login handshake; surrogates must pair up to encode as UTF-8. */
    private static String database(AccessScope scope) {
        if (scope instanceof AccessScope.Database d && d.schema() == null) return d.database();
        throw new IllegalArgumentException("MySQL grants need a database scope without a schema, not " + scope);
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement statement = c.createStatement()) {
            statement.execute(sql);
        }
    }

    private static Set<String> frozen(Set<String> words) {
        return Collections.unmodifiableSortedSet(new TreeSet<>(words));
    }

    /** The forms a secret can take in server text: as given, and quoted for either sql_mode. */
    static List<String> forms(String secret) {
        return List.of(secret, MysqlSql.quoteString(secret, false), MysqlSql.quoteString(secret, true));
    }

    @FunctionalInterface
    private interface SqlWork<T> {
        T run(Connection connection) throws SQLException;
    }

    /** Runs {@code work} on a fresh administrator connection; SQL errors become failures naming the server. */
    private <T> T withAdmin(TargetEndpoint endpoint, String what, SqlWork<T> work, String... secrets) {
        try (Connection c = connector.admin(endpoint)) {
            return work.run(c);
        } catch (SQLException e) {
            List<String> masked = new ArrayList<>();
            for (String s : secrets) masked.addAll(forms(s));
            if (endpoint.adminPassword() != null) masked.addAll(forms(endpoint.adminPassword().reveal()));
            throw MysqlErrors.map(e, "MySQL at " + MysqlConnector.address(endpoint) + ": " + what, masked);
        }
    }

    /** Nothing is kept open; present so the engine can treat every provider alike. */
    @Override
    public void close() {
        // no pooled sessions
    }
}
