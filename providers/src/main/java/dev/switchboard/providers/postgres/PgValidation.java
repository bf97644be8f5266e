package dev.switchboard.providers.postgres;

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

/**
 * A connection's validation as the connection itself, not as the administrator: {@code TargetReachable} (a TCP
 * connect), {@code CredentialsLogIn} (a JDBC login with the connection's login and password to its database) and
 * {@code CanQuery} ({@code select 1} and a read of pg_catalog). The three items are always returned; a check that
 * could not run because an earlier one failed is a failure with code {@code Skipped}. No message contains the
 * password: messages are built from the server's primary text, which is scrubbed of both passwords.
 */
final class PgValidation {
    static final String REACHABLE = "TargetReachable";
    static final String LOGIN = "CredentialsLogIn";
    static final String QUERY = "CanQuery";
    private final PgConnector connector;

    PgValidation(PgConnector connector) {
        this.connector = connector;
    }

    List<ValidationItem> validate(TargetEndpoint endpoint, String database, String login, Secret password) {
        String address = PgConnector.address(endpoint.host(), endpoint.port());
        List<ValidationItem> items = new ArrayList<>();
        items.add(reachable(endpoint, address));
        if (!items.get(0).passed()) {
            items.add(skipped(LOGIN, loginDescription(login, database), REACHABLE));
            items.add(skipped(QUERY, queryDescription(), REACHABLE));
            return items;
        }
        try (Connection c = connector.open(endpoint.host(), endpoint.port(), login, password, database)) {
            items.add(ValidationItem.success(LOGIN, loginDescription(login, database)));
            items.add(query(c, secrets(endpoint, password)));
        } catch (SQLException e) {
            items.add(loginFailure(e, login, database, address, secrets(endpoint, password)));
            items.add(skipped(QUERY, queryDescription(), LOGIN));
        }
        return items;
    }

    private ValidationItem reachable(TargetEndpoint endpoint, String address) {
        String description = "A TCP connection to " + address + " can be opened";
        try {
            connector.probe(endpoint.host(), endpoint.port());
            return ValidationItem.success(REACHABLE, description);
        } catch (IOException e) {
            return ValidationItem.failure(REACHABLE, description, "TargetUnreachable",
                    "cannot connect to " + address + ": " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private static ValidationItem loginFailure(SQLException e, String login, String database, String address, List<String> secrets) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String code;
        if (state.startsWith("28")) code = "AuthenticationFailed";
        else if (state.equals("3D000")) code = "DatabaseNotFound";
        else if (state.equals("42501")) code = "PermissionDenied";
        else if (PgErrors.isTransient(e, state)) code = "TargetUnreachable";
        else code = "LoginFailed";
        String message = "login " + login + " to database " + database + " at " + address + " failed"
                + (state.isEmpty() ? "" : " (SQLState " + state + ")") + ": " + PgErrors.scrub(PgErrors.primaryMessage(e), secrets);
        return ValidationItem.failure(LOGIN, loginDescription(login, database), code, message);
    }

    /** Runs in the caller's open connection; any error here is a query failure, not a login failure. */
    private static ValidationItem query(Connection c, List<String> secrets) {
        try (Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("select 1")) {
                rs.next();
            }
            try (ResultSet rs = s.executeQuery("select count(*) from pg_catalog.pg_namespace")) {
                rs.next();
            }
            return ValidationItem.success(QUERY, queryDescription());
        } catch (SQLException e) {
            String state = e.getSQLState() == null ? "" : " (SQLState " + e.getSQLState() + ")";
            return ValidationItem.failure(QUERY, queryDescription(), "QueryFailed",
                    "query failed" + state + ": " + PgErrors.scrub(PgErrors.primaryMessage(e), secrets));
        }
    }

    private static ValidationItem skipped(String name, String description, String because) {
        return ValidationItem.failure(name, description, "Skipped", "not attempted because " + because + " failed");
    }

    private static String loginDescription(String login, String database) {
        return "The login " + login + " can log in to database " + database;
    }

    private static String queryDescription() {
        return "The login can run a query (select 1, and a read of pg_catalog)";
    }

    private static List<String> secrets(TargetEndpoint endpoint, Secret password) {
        List<String> secrets = new ArrayList<>();
        if (password != null) secrets.add(password.reveal());
        if (endpoint.adminPassword() != null) secrets.add(endpoint.adminPassword().reveal());
        return secrets;
    }
}
