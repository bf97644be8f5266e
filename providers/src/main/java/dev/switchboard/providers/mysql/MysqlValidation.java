package dev.switchboard.providers.mysql;

import dev.switchboard.core.linker.ValidationItem;
import dev.switchboard.core.secret.Secret;
import dev.switchboard.core.target.TargetEndpoint;

import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A connection's validation as the connection itself, on a fresh connection: {@code TargetReachable} (a TCP
 * connect), {@code CredentialsLogIn} (a login with the connection's password, then {@code USE} of its database),
 * {@code CanQuery} ({@code SELECT 1} and a read of the database's tables in information_schema) and
 * {@code LeastPrivilege} (a {@code CREATE TABLE} in the database must be refused; if it is not, the table is dropped
 * again and the item is a warning {@code ExcessPrivilege}: the connection works but holds more than it should).
 * All four items are always returned; one that could not run because an earlier one failed is a failure with code
 * {@code Skipped}. No message contains a password.
 */
final class MysqlValidation {
    static final String REACHABLE = "TargetReachable";
    static final String LOGIN = "CredentialsLogIn";
    static final String QUERY = "CanQuery";
    static final String LEAST = "LeastPrivilege";
    /** ER_TABLEACCESS_DENIED_ERROR and ER_DBACCESS_DENIED_ERROR: what a refused CREATE TABLE answers. */
    private static final int TABLE_ACCESS_DENIED = 1142;
    private static final int DB_ACCESS_DENIED = 1044;
    private final MysqlConnector connector;

    MysqlValidation(MysqlConnector connector) {
        this.connector = connector;
    }

    List<ValidationItem> validate(TargetEndpoint endpoint, String database, String login, Secret password) {
        String address = MysqlConnector.address(endpoint);
        List<String> secrets = secrets(endpoint, password);
        List<ValidationItem> items = new ArrayList<>();
        items.add(reachable(endpoint, address));
        if (!items.get(0).passed()) return skipRest(items, login, database, REACHABLE);
        try (Connection c = connector.open(endpoint, login, password)) {
            try (Statement s = c.createStatement()) {
                s.execute("USE " + MysqlSql.quoteIdent(database));
            }
            items.add(ValidationItem.success(LOGIN, loginDescription(login, database)));
            items.add(query(c, secrets));
            items.add(leastPrivilege(c, secrets));
        } catch (SQLException e) {
            items.add(loginFailure(e, login, database, address, secrets));
            return skipRest(items, login, database, LOGIN);
        }
        return items;
    }

    private ValidationItem reachable(TargetEndpoint endpoint, String address) {
        String description = "A TCP connection to " + address + " can be opened";
        try {
            connector.probe(endpoint);
            return ValidationItem.success(REACHABLE, description);
        } catch (IOException e) {
            return ValidationItem.failure(REACHABLE, description, "TargetUnreachable",
                    "cannot connect to " + address + ": " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private static ValidationItem loginFailure(SQLException e, String login, String database, String address, List<String> secrets) {
        String code;
        if (e.getErrorCode() == MysqlErrors.ACCESS_DENIED) code = "AuthenticationFailed";
        else if (e.getErrorCode() == MysqlErrors.UNKNOWN_DATABASE) code = "DatabaseNotFound";
        else if (e.getErrorCode() == DB_ACCESS_DENIED) code = "PermissionDenied";
        else if (MysqlErrors.isTransient(e)) code = "TargetUnreachable";
        else code = "LoginFailed";
        String message = "login " + login + " to database " + database + " at " + address + " failed"
                + MysqlErrors.describe(e) + ": " + MysqlErrors.scrub(String.valueOf(e.getMessage()), secrets);
        return ValidationItem.failure(LOGIN, loginDescription(login, database), code, message);
    }

    private static ValidationItem query(Connection c, List<String> secrets) {
        try (Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT 1")) {
                rs.next();
            }
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()")) {
                rs.next();
            }
            return ValidationItem.success(QUERY, queryDescription());
        } catch (SQLException e) {
            return ValidationItem.failure(QUERY, queryDescription(), "QueryFailed", "query failed" + MysqlErrors.describe(e)
                    + ": " + MysqlErrors.scrub(String.valueOf(e.getMessage()), secrets));
        }
    }

    /** The name is random so that a login which can create tables never touches an existing one. */
    private static ValidationItem leastPrivilege(Connection c, List<String> secrets) {
        String table = MysqlSql.quoteIdent("sb_validate_" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1));
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE " + table + " (id INT)");
            s.execute("DROP TABLE " + table);
            return new ValidationItem(LEAST, leastDescription(), ValidationItem.Result.WARNING, "ExcessPrivilege",
                    "the login could create a table in its database; it holds more than SELECT, INSERT, UPDATE, DELETE");
        } catch (SQLException e) {
            if (e.getErrorCode() == TABLE_ACCESS_DENIED || e.getErrorCode() == DB_ACCESS_DENIED) {
                return ValidationItem.success(LEAST, leastDescription());
            }
            return new ValidationItem(LEAST, leastDescription(), ValidationItem.Result.WARNING, "LeastPrivilegeUnchecked",
                    "CREATE TABLE failed for another reason" + MysqlErrors.describe(e) + ": "
                            + MysqlErrors.scrub(String.valueOf(e.getMessage()), secrets));
        }
    }

    private static List<ValidationItem> skipRest(List<ValidationItem> items, String login, String database, String because) {
        if (items.size() < 2) items.add(skipped(LOGIN, loginDescription(login, database), because));
        items.add(skipped(QUERY, queryDescription(), because));
        items.add(skipped(LEAST, leastDescription(), because));
        return items;
    }

    private static ValidationItem skipped(String name, String description, String because) {
        return ValidationItem.failure(name, description, "Skipped", "not attempted because " + because + " failed");
    }

    private static String loginDescription(String login, String database) {
        return "The login " + login + " can log in and use database " + database;
    }

    private static String queryDescription() {
        return "The login can run a query (SELECT 1, and a read of its database's tables in information_schema)";
    }

    private static String leastDescription() {
        return "The login cannot create a table (it holds only SELECT, INSERT, UPDATE, DELETE)";
    }

    static List<String> secrets(TargetEndpoint endpoint, Secret password) {
        List<String> secrets = new ArrayList<>();
        if (password != null) secrets.addAll(MysqlProvider.forms(password.reveal()));
        if (endpoint.adminPassword() != null) secrets.addAll(MysqlProvider.forms(endpoint.adminPassword().reveal()));
        return secrets;
    }
}
