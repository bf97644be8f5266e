package dev.switchboard.providers.mysql;

import dev.switchboard.core.failure.TerminalFailure;

/**
 * The only way names and passwords reach MySQL/MariaDB SQL text. Identifiers are backtick-quoted with inner
 * backticks doubled; string literals are single-quoted with {@code '} doubled and, unless the session has
 * {@code NO_BACKSLASH_ESCAPES}, {@code \} doubled (with that mode a backslash is an ordinary character and must
 * stay single). Accounts are always {@code 'login'@'%'}.
 *
 * <p>Names are also checked here, independently of the kind, against what the server can hold: no NUL, no
 * character outside the Basic Multilingual Plane (MySQL and MariaDB refuse them in identifiers), no trailing
 * whitespace, and the server's length limits (32 for logins, MySQL 8's; MariaDB takes 80).
 */
final class MysqlSql {
    /** Connections' accounts accept TCP logins from any host: Switchboard cannot know where the app runs. */
    static final String HOST = "%";
    static final int MAX_LOGIN = 32;
    static final int MAX_DATABASE = 64;

    private MysqlSql() {
    }

    static String quoteIdent(String name) {
        return "`" + name.replace("`", "``") + "`";
    }

    static String quoteString(String value, boolean noBackslashEscapes) {
        String body = value.replace("'", "''");
        if (!noBackslashEscapes) body = body.replace("\\", "\\\\");
        return "'" + body + "'";
    }

    /** {@code 'login'@'%'}: the account of a connection, as SQL. */
    static String account(String login, boolean noBackslashEscapes) {
        return quoteString(login, noBackslashEscapes) + "@" + quoteString(HOST, noBackslashEscapes);
    }

    /**
     * The database as a database-level GRANT/REVOKE target. There '_' and '%' are LIKE wildcards (a grant on
     * {@code app_db.*} would also cover {@code appXdb}), so they and the escape character '\' are escaped; the
     * result is what mysql.db stores in its {@code Db} column.
     */
    static String grantPattern(String database) {
        return database.replace("\\", "\\\\").replace("_", "\\_").replace("%", "\\%");
    }

    static String requireLoginName(String login) {
        // The grant tables keep user names in CHAR columns, which drop trailing spaces: 'a ' would be 'a'.
        if (login == null || login.isEmpty() || login.length() > MAX_LOGIN || !storable(login) || trailingSpace(login)) {
            throw TerminalFailure.badRequest("InvalidLoginName", "properties.authInfo.name", "a MySQL login must be 1-"
                    + MAX_LOGIN + " characters without NUL, characters outside the BMP or trailing whitespace");
        }
        return login;
    }

    static String requireDatabaseName(String database) {
        if (database == null || database.isEmpty() || grantPattern(database).length() > MAX_DATABASE || !storable(database)
                || trailingSpace(database)) {
            throw TerminalFailure.badRequest("InvalidDatabaseName", "name", "a MySQL database name must be 1-" + MAX_DATABASE
                    + " characters counting '_', '%' and '\\' twice (a grant stores them escaped, in " + MAX_DATABASE
                    + " characters), without NUL, characters outside the BMP or trailing whitespace");
        }
        return database;
    }

    /** The servers refuse database names ending in whitespace, and CHAR columns drop a user name's trailing spaces. */
    private static boolean trailingSpace(String s) {
        return !s.equals(s.stripTrailing());
    }

    private static boolean storable(String s) {
        return s.indexOf('\0') < 0 && s.chars().noneMatch(ch -> Character.isSurrogate((char) ch));
    }
}
