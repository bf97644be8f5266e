package dev.switchboard.providers.postgres;

import dev.switchboard.core.failure.TerminalFailure;
import dev.switchboard.core.failure.TransientFailure;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

import java.io.IOException;
import java.sql.SQLException;
import java.util.Collection;

/**
 * Turns a {@link SQLException} into the failure the engine understands, with a message that names the
 * server and the operation but never a secret: the message is built from the server's primary text only
 * (not the statement, which for CREATE/ALTER ROLE holds a password verifier), and every known secret is
 * masked out of it anyway.
 *
 * <ul>
 *   <li>{@link TransientFailure}: connection problems (SQLState class 08, or no SQLState and an I/O cause), the
 *   server shutting down or starting (57P01-57P03, 57P05), resources exhausted (class 53, e.g. too many
 *   connections), serialization failures and deadlocks (40001, 40P01), lock timeouts (55P03), cancelled
 *   statements (57014), and "tuple concurrently updated" (XX000), which two connections granting on the same
 *   schema at once (default privileges share one catalog row) run into; a retry succeeds.</li>
 *   <li>Login refused (class 28): {@code TerminalFailure(400, "TargetAuthenticationFailed",
 *   "properties.administratorLogin")}: every call but validate logs in as the administrator.</li>
 *   <li>Database missing (3D000): {@code TerminalFailure(404, "DatabaseNotFound", "database")}.</li>
 *   <li>Anything else: {@code TerminalFailure(400, "TargetOperationFailed")}.</li>
 * </ul>
 */
final class PgErrors {
    static final String AUTH_FAILED = "TargetAuthenticationFailed";
    static final String ADMIN_LOGIN_FIELD = "properties.administratorLogin";

    private PgErrors() {
    }

    static RuntimeException map(SQLException e, String where, Collection<String> secrets) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String message = where + " failed" + (state.isEmpty() ? "" : " (SQLState " + state + ")") + ": "
                + scrub(primaryMessage(e), secrets);
        if (isTransient(e, state)) return new TransientFailure(message, e);
        if (state.startsWith("28")) {
            return new TerminalFailure(400, AUTH_FAILED, ADMIN_LOGIN_FIELD, message);
        }
        if (state.equals("3D000")) return TerminalFailure.notFound("DatabaseNotFound", "database", message);
        return TerminalFailure.badRequest("TargetOperationFailed", null, message);
    }

    static boolean isTransient(SQLException e, String state) {
        if (state.isEmpty()) return e.getCause() instanceof IOException;
        return state.startsWith("08") || state.startsWith("53") || state.equals("57014")
                || (state.startsWith("57P0") && !state.equals("57P04"))
                || state.equals("40001") || state.equals("40P01") || state.equals("55P03")
                || state.equals("XX000") && primaryMessage(e).contains("tuple concurrently updated");
    }

    /** The server's own primary message when there is one (no detail, hint or statement), else the driver's. */
    static String primaryMessage(SQLException e) {
        if (e instanceof PSQLException p) {
            ServerErrorMessage server = p.getServerErrorMessage();
            if (server != null && server.getMessage() != null) return server.getMessage();
        }
        return String.valueOf(e.getMessage());
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
