package dev.switchboard.providers.postgres;

import dev.switchboard.core.failure.TerminalFailure;
import dev.switchboard.core.linker.ValidationItem;
import dev.switchboard.core.secret.Secret;
import dev.switchboard.core.target.ApplyResult;
import dev.switchboard.core.target.ObservedLogin;
import dev.switchboard.core.target.ServerAdmin;
import dev.switchboard.core.target.TargetEndpoint;
import dev.switchboard.core.target.TargetProvider;
import dev.switchboard.core.target.TargetStep.EnsureLogin;
import dev.switchboard.core.target.TargetStep.GrantAccess;
import dev.switchboard.core.target.AccessScope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import static dev.switchboard.providers.postgres.PgIdentifiers.quoteIdent;
import static dev.switchboard.providers.postgres.PgIdentifiers.requireDatabaseName;
import static dev.switchboard.providers.postgres.PgIdentifiers.requireLoginName;
import static dev.switchboard.providers.postgres.PgIdentifiers.requireSchemaName;

/**
 * PostgreSQL as a Switchboard target: one login role per connection with least privilege on one database
 * and schema, and the server's databases themselves. Every call opens its own short-lived JDBC connection as
 * the endpoint's administrator (to {@code adminDatabase}, or to the target database for grants) and closes it.
 *
 * <p>Passwords reach the server only as SCRAM-SHA-256 verifiers computed here ({@link ScramVerifier}); names
 * reach SQL only through {@link PgIdentifiers}. Failures: see {@link PgErrors}. Instances hold no connection and
 * are safe to share between threads.
 */
public final class PostgresProvider implements TargetProvider, ServerAdmin, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PostgresProvider.class);
    private static final Set<String> TEMPLATE_DATABASES = Set.of("template0", "template1");
    private final PgConnector connector;
    private final ScramVerifier scram;
    private final PgValidation validation;

    /** @param connectTimeout bound on opening a TCP connection to the server (and on the reachability check) */
    public PostgresProvider(Duration connectTimeout) {
        this(connectTimeout, PgConnector.DEFAULT_SESSION_IDLE);
    }

    /** @param adminSessionIdle how long an idle administrator session is kept for reuse; zero logs out after each call. */
    public PostgresProvider(Duration connectTimeout, Duration adminSessionIdle) {
        this.connector = new PgConnector(connectTimeout, adminSessionIdle);
        this.scram = new ScramVerifier(new SecureRandom());
        this.validation = new PgValidation(connector);
    }

    /**
     * The login's attributes ({@code LOGIN}, and any of {@code SUPERUSER CREATEDB CREATEROLE REPLICATION BYPASSRLS
     * INHERIT} it has) and the privileges it holds itself (not through PUBLIC or role membership) as words:
     * <ul>
     *   <li>{@code CONNECT}, {@code TEMP}, {@code DATABASE:CREATE} on the database;</li>
     *   <li>{@code SCHEMA:USAGE}, {@code SCHEMA:CREATE} on the schema;</li>
     *   <li>{@code TABLES:<privilege>} (SELECT, INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER) when held on
     *   <em>every</em> table, view, materialized view and foreign table in the schema, and only when there is at
     *   least one; {@code SEQUENCES:<privilege>} (USAGE, SELECT, UPDATE) likewise for sequences;</li>
     *   <li>{@code DEFAULT:TABLES:<privilege>}, {@code DEFAULT:SEQUENCES:<privilege>} (and FUNCTIONS, TYPES, SCHEMAS)
     *   from pg_default_acl in the schema, when held for objects created by every role the grants cover: the
     *   administrator and, if it may act for it, the database owner.</li>
     * </ul>
     * A database that does not exist yields the login with no grants.
     */
    @Override
    public ObservedLogin observe(TargetEndpoint endpoint, String login, AccessScope scope) {
        AccessScope.Database on = databaseScope(scope);
        String database = on.database();
        String schema = on.schema();
        requireLoginName(login);
        requireDatabaseName(database);
        requireSchemaName(schema);
        String what = "observing login " + login;
        try {
            return withAdmin(endpoint, database, what, c -> observeIn(c, login, schema, true));
        } catch (TerminalFailure f) {
            if (!"DatabaseNotFound".equals(f.code())) throw f;
            return withAdmin(endpoint, endpoint.adminDatabase(), what, c -> observeIn(c, login, schema, false));
        }
    }

    private static ObservedLogin observeIn(Connection c, String login, String schema, boolean grants) throws SQLException {
        Optional<Set<String>> attributes = PgPrivileges.attributes(c, login);
        if (attributes.isEmpty()) return ObservedLogin.absent(login);
        Set<String> held = grants ? PgPrivileges.grants(c, login, schema, PgPrivileges.creators(c)) : Set.of();
        return new ObservedLogin(login, true, frozen(attributes.get()), frozen(held));
    }

    /** CREATE ROLE when absent (CREATED), else ALTER ROLE setting the password and undoing attribute drift (UPDATED). */
    @Override
    public ApplyResult ensureLogin(TargetEndpoint endpoint, EnsureLogin step) {
        String login = requireConnectionLogin(endpoint, step.login());
        String password = requirePassword(step.password());
        String verifier = scram.verifierFor(password);
        return withAdmin(endpoint, endpoint.adminDatabase(), "setting up login " + login, c -> {
            Optional<Set<String>> attributes = PgPrivileges.attributes(c, login);
            if (attributes.isPresent()) refuseSuperuser(login, attributes.get());
            execute(c, attributes.isEmpty() ? PgRoles.create(login, verifier) : PgRoles.alter(login, verifier, attributes.get()));
            return attributes.isEmpty() ? ApplyResult.CREATED : ApplyResult.UPDATED;
        }, password, verifier);
    }

    /** All grants in one transaction; NOOP when every expected word is already held. */
    @Override
    public ApplyResult grantAccess(TargetEndpoint endpoint, GrantAccess step) {
        String login = requireConnectionLogin(endpoint, step.login());
        String database = requireDatabaseName(databaseScope(step.scope()).database());
        String schema = requireSchemaName(databaseScope(step.scope()).schema());
        return withAdmin(endpoint, database, "granting " + login + " access to " + database + "." + schema, c -> {
            if (PgPrivileges.attributes(c, login).isEmpty()) {
                throw TerminalFailure.notFound("LoginNotFound", "authInfo.name", "login " + login + " does not exist");
            }
            requireSchema(c, schema);
            List<String> creators = PgPrivileges.creators(c);
            Set<String> held = PgPrivileges.grants(c, login, schema, creators);
            Set<String> expected = PgGrants.expectedWords(PgPrivileges.relationKinds(c, schema));
            if (held.containsAll(expected)) return ApplyResult.NOOP;
            inTransaction(c, PgGrants.grants(login, database, schema, creators));
            return held.stream().anyMatch(expected::contains) ? ApplyResult.UPDATED : ApplyResult.CREATED;
        });
    }

    /** The inverse of {@link #grantAccess}: DELETED when the login held anything there, NOOP when not (or gone). */
    @Override
    public ApplyResult revokeAccess(TargetEndpoint endpoint, GrantAccess step) {
        String login = requireConnectionLogin(endpoint, step.login());
        String database = requireDatabaseName(databaseScope(step.scope()).database());
        String schema = requireSchemaName(databaseScope(step.scope()).schema());
        try {
            return withAdmin(endpoint, database, "revoking " + login + " access to " + database + "." + schema, c -> {
                if (PgPrivileges.attributes(c, login).isEmpty() || !PgPrivileges.holdsAny(c, login, schema)) {
                    return ApplyResult.NOOP;
                }
                boolean schemaExists = PgPrivileges.schemaExists(c, schema);
                List<String> owners = schemaExists ? PgPrivileges.defaultAclOwners(c, login, schema) : List.of();
                inTransaction(c, PgGrants.revokes(login, database, schema, schemaExists, owners));
                return ApplyResult.DELETED;
            });
        } catch (TerminalFailure f) {
            if ("DatabaseNotFound".equals(f.code())) return ApplyResult.NOOP;
            throw f;
        }
    }

    /**
     * DROP ROLE. Normally its grants were reverted first and nothing references it any more. If pg_shdepend still
     * shows references (grants never reverted, or added by hand), they are cleared as a last resort in each
     * database concerned with REASSIGN OWNED (to the administrator, so no data is lost; a login has no CREATE and
     * should own nothing) and DROP OWNED, which then only revokes; otherwise DROP ROLE would fail forever.
     */
    @Override
    public ApplyResult dropLogin(TargetEndpoint endpoint, String rawLogin) {
        String login = requireConnectionLogin(endpoint, rawLogin);
        return withAdmin(endpoint, endpoint.adminDatabase(), "dropping login " + login, c -> {
            Optional<Set<String>> attributes = PgPrivileges.attributes(c, login);
            if (attributes.isEmpty()) return ApplyResult.NOOP;
            refuseSuperuser(login, attributes.get());
            Set<String> databases = PgPrivileges.strings(c, PgRoles.DEPENDENCIES_SQL, login);
            if (!databases.isEmpty()) {
                LOG.warn("login {} is still referenced in databases {}; clearing with REASSIGN/DROP OWNED", login, databases);
                for (String db : databases) clearDependencies(endpoint, db.isEmpty() ? endpoint.adminDatabase() : db, login);
            }
            execute(c, PgRoles.drop(login));
            return ApplyResult.DELETED;
        });
    }

    private void clearDependencies(TargetEndpoint endpoint, String database, String login) {
        withAdmin(endpoint, database, "clearing what login " + login + " holds in " + database, c -> {
            inTransaction(c, PgRoles.clearDependencies(login));
            return null;
        });
    }

    @Override
    public List<ValidationItem> validate(TargetEndpoint endpoint, AccessScope scope, String login, Secret password) {
        return validation.validate(endpoint, databaseScope(scope).database(), login, password);
    }

    /** The words {@link #observe} reports for a login holding the connection's grants (tables/sequences vary, so only the fixed part). */
    @Override
    public Set<String> requiredGrants(AccessScope scope) {
        databaseScope(scope);
        return REQUIRED_GRANTS;
    }

    private static final Set<String> REQUIRED_GRANTS = Set.of("CONNECT", "SCHEMA:USAGE",
            "DEFAULT:TABLES:SELECT", "DEFAULT:TABLES:INSERT", "DEFAULT:TABLES:UPDATE", "DEFAULT:TABLES:DELETE");

    private static AccessScope.Database databaseScope(AccessScope scope) {
        if (scope instanceof AccessScope.Database d && d.schema() != null) return d;
        throw new IllegalArgumentException("PostgreSQL grants need a database and schema scope, not " + scope);
    }

    @Override
    public void checkAdmin(TargetEndpoint endpoint) {
        try (Connection c = connector.freshAdmin(endpoint, endpoint.adminDatabase())) {
            PgPrivileges.strings(c, "select 'ok'");
        } catch (SQLException e) {
            throw PgErrors.map(e, "PostgreSQL at " + PgConnector.address(endpoint.host(), endpoint.port())
                    + ": logging in as administrator " + endpoint.adminLogin(), secretsOf(endpoint));
        }
    }

    @Override
    public boolean databaseExists(TargetEndpoint endpoint, String database) {
        requireDatabaseName(database);
        return withAdmin(endpoint, endpoint.adminDatabase(), "looking up database " + database,
                c -> exists(c, database));
    }

    /** CREATE DATABASE owned by the administrator; NOOP when it exists (also when another call created it first). */
    @Override
    public ApplyResult ensureDatabase(TargetEndpoint endpoint, String database) {
        requireDatabaseName(database);
        return withAdmin(endpoint, endpoint.adminDatabase(), "creating database " + database, c -> {
            if (exists(c, database)) return ApplyResult.NOOP;
            try {
                execute(c, "CREATE DATABASE " + quoteIdent(database));
            } catch (SQLException e) {
                if ("42P04".equals(e.getSQLState())) return ApplyResult.NOOP;
                throw e;
            }
            return ApplyResult.CREATED;
        });
    }

    /**
     * DROP DATABASE, ending its sessions first (WITH (FORCE), PostgreSQL 13 and later). The templates and the
     * administrator's maintenance database are refused: dropping them would break the server or this provider.
     */
    @Override
    public ApplyResult dropDatabase(TargetEndpoint endpoint, String database) {
        requireDatabaseName(database);
        if (TEMPLATE_DATABASES.contains(database) || database.equals(endpoint.adminDatabase())) {
            throw TerminalFailure.badRequest("ReservedDatabaseName", "name",
                    "the database " + database + " belongs to the server and cannot be dropped");
        }
        return withAdmin(endpoint, endpoint.adminDatabase(), "dropping database " + database, c -> {
            if (!exists(c, database)) return ApplyResult.NOOP;
            boolean force = c.getMetaData().getDatabaseMajorVersion() >= 13;
            execute(c, "DROP DATABASE IF EXISTS " + quoteIdent(database) + (force ? " WITH (FORCE)" : ""));
            return ApplyResult.DELETED;
        });
    }

    private static boolean exists(Connection c, String database) throws SQLException {
        return PgPrivileges.bool(c, "select exists (select 1 from pg_catalog.pg_database where datname = ?)", database);
    }

    private static void requireSchema(Connection c, String schema) throws SQLException {
        if (!PgPrivileges.schemaExists(c, schema)) {
            throw TerminalFailure.notFound("SchemaNotFound", "schema", "schema " + schema + " does not exist");
        }
    }

    /** A valid login name that is not the administrator itself: a connection must never take over the admin role. */
    private static String requireConnectionLogin(TargetEndpoint endpoint, String login) {
        requireLoginName(login);
        if (login.equals(endpoint.adminLogin())) {
            throw TerminalFailure.conflict("LoginConflict", "authInfo.name",
                    "the login " + login + " is the server's administrator and cannot be a connection's login");
        }
        return login;
    }

    private static void refuseSuperuser(String login, Set<String> attributes) {
        if (attributes.contains("SUPERUSER")) {
            throw TerminalFailure.conflict("LoginConflict", "authInfo.name",
                    "a superuser role named " + login + " exists; it cannot be used or removed as a connection's login");
        }
    }

    private static String requirePassword(Secret secret) {
        String field = "authInfo.secretInfo.value";
        if (secret == null || secret.reveal().isEmpty()) throw TerminalFailure.missingField(field);
        String password = secret.reveal();
        if (password.indexOf('\0') >= 0 || !PgIdentifiers.wellFormed(password)) {
            throw TerminalFailure.badRequest("InvalidPassword", field,
                    "the password must be valid Unicode text without NUL characters");
        }
        return password;
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement statement = c.createStatement()) {
            statement.execute(sql);
        }
    }

    /**
     * Runs {@code statements} in one transaction, holding a transaction-scoped advisory lock of this database
     * first: grants and default privileges of every connection on a schema share catalog rows (pg_default_acl,
     * the schema's ACL), and concurrent writers would otherwise fail with "tuple concurrently updated". The lock
     * serialises them, across Switchboard replicas too, and goes away with the transaction.
     */
    private static void inTransaction(Connection c, List<String> statements) throws SQLException {
        c.setAutoCommit(false);
        try (var lock = c.prepareStatement("select pg_advisory_xact_lock(hashtext('switchboard.grants'), hashtext(current_database()))")) {
            lock.execute();
        }
        for (String sql : statements) execute(c, sql);
        c.commit();
    }

    private static Set<String> frozen(Set<String> words) {
        return Collections.unmodifiableSortedSet(new TreeSet<>(words));
    }

    @FunctionalInterface
    private interface SqlWork<T> {
        T run(Connection connection) throws SQLException;
    }

    /** Runs {@code work} on a fresh administrator connection to {@code database}; SQL errors become failures. */
    private <T> T withAdmin(TargetEndpoint endpoint, String database, String what, SqlWork<T> work, String... secrets) {
        try (Connection c = connector.admin(endpoint, database)) {
            return work.run(c);
        } catch (SQLException e) {
            List<String> masked = new ArrayList<>(List.of(secrets));
            masked.addAll(secretsOf(endpoint));
            throw PgErrors.map(e, "PostgreSQL at " + PgConnector.address(endpoint.host(), endpoint.port()) + ": " + what, masked);
        }
    }

    private static List<String> secretsOf(TargetEndpoint endpoint) {
        return endpoint.adminPassword() == null ? List.of() : List.of(endpoint.adminPassword().reveal());
    }

    /** Logs out the idle administrator sessions this provider keeps. */
    @Override
    public void close() {
        connector.closeIdle();
    }
}
