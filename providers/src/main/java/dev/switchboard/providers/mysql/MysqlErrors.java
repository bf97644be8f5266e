package dev.switchboard.providers.mysql;

import dev.switchboard.core.failure.TerminalFailure;
import dev.switchboard.core.failure.TransientFailure;

import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLTransientException;
import java.util.Collection;
import java.util.Set;

/**
 * Turns a {@link SQLException} into the failure the engine understands, with a message naming the server and
 * the operation but never a secret: MariaDB Connector/J does not put the statement in its messages (it would hold
 * {@code IDENTIFIED BY '...'}), and every known secret is masked out of the text anyway.
 *
 * <ul>
 *   <li>{@link TransientFailure}: connection problems (SQLState class 08, or an I/O cause; includes 1040 too many
 *   connections and 1053 shutdown in progress), deadlocks (1213) and lock wait timeouts (1205).</li>
 *   <li>Login refused (1045, SQLState 28000): {@code TerminalFailure(400, "TargetAuthenticationFailed",
 *   "properties.administratorLogin")}, as for PostgreSQL: every call but validate logs in as the administrator.</li>
 *   <li>Unknown database (1049): {@code TerminalFailure(404, "DatabaseNotFound", "database")}.</li>
 *   <li>Anything else: {@code TerminalFailure(400, "TargetOperationFailed")}.</li>
 * </ul>
 */
final class MysqlErrors {
    static final String AUTH_FAILED = "TargetAuthenticationFailed";
    static final String ADMIN_LOGIN_FIELD = "properties.administratorLogin";
    static final int ACCESS_DENIED = 1045;
    static final int UNKNOWN_DATABASE = 1049;
    private static final Set<Integer> TRANSIENT_CODES = Set.of(1040, 1053, 1205, 1213, 2002, 2003, 2006, 2013);

    private MysqlErrors() {
    }

    static RuntimeException map(SQLException e, String where, Collection<String> secrets) {
        String message = where + " failed" + describe(e) + ": " + scrub(String.valueOf(e.getMessage()), secrets);
        if (isTransient(e)) return new TransientFailure(message, new SQLException(message, e.getSQLState(), e.getErrorCode()));
        if (e.getErrorCode() == ACCESS_DENIED || state(e).startsWith("28")) {
            return new TerminalFailure(400, AUTH_FAILED, ADMIN_LOGIN_FIELD, message);
        }
        if (e.getErrorCode() == UNKNOWN_DATABASE) return TerminalFailure.notFound("DatabaseNotFound", "database", message);
        return TerminalFailure.badRequest("TargetOperationFailed", null, message);
    }

    /** The cause is re-created from the scrubbed text: the driver's own exception could carry a secret further. */
    static boolean isTransient(SQLException e) {
        return state(e).startsWith("08") || TRANSIENT_CODES.contains(e.getErrorCode()) || e instanceof SQLTransientException
                || e.getCause() instanceof IOException;
    }

    static String describe(SQLException e) {
        String state = state(e);
        if (state.isEmpty() && e.getErrorCode() == 0) return "";
        return " (error " + e.getErrorCode() + (state.isEmpty() ? "" : ", SQLState " + state) + ")";
    }

    static String state(SQLException e) {
        return e.getSQLState() == null ? "" : e.getSQLState();
    }

    /** {@code text} with every non-empty secret replaced by {@code ***}. */
    static String scrub(String text, Collection<String> secrets) {
        String out = text;
        for (String secret : secrets) {
            if (secret != null && !secret.isEmpty()) out = out.replace(secret, "***");
        }
        return out;
    }
}
