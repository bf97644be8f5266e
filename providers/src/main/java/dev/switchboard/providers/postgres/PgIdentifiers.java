package dev.switchboard.providers.postgres;

import dev.switchboard.core.failure.TerminalFailure;

import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * The one place where names and literals become SQL text. PostgreSQL's DDL (CREATE ROLE, GRANT, CREATE
 * DATABASE…) takes no bind parameters, so every name is validated here and then quoted as an identifier
 * by {@link #quoteIdent}; nothing is concatenated raw.
 *
 * <p>Validation mirrors the server's own limits so a name is either refused up front or stored exactly as
 * given: 1 to 63 bytes of UTF-8 (longer identifiers would be silently truncated to NAMEDATALEN-1),
 * no NUL (it ends a C string), well-formed UTF-16 (an unpaired surrogate has no UTF-8 form), and for
 * roles the names the server reserves: those starting with {@code pg_}, and {@code public} and
 * {@code none}, which GRANT would read as keywords even when quoted.
 */
final class PgIdentifiers {
    static final int MAX_NAME_BYTES = 63;
    private static final Set<String> RESERVED_ROLES = Set.of("public", "none");

    private PgIdentifiers() {
    }

    /** Refuses a login (role) name that PostgreSQL would reject, truncate or read as something else. */
    static String requireLoginName(String name) {
        String field = "authInfo.name";
        requireName(name, "InvalidLoginName", field, "login name");
        if (name.startsWith("pg_")) {
            throw TerminalFailure.badRequest("InvalidLoginName", field,
                    "login names starting with pg_ are reserved by PostgreSQL");
        }
        if (RESERVED_ROLES.contains(name)) {
            throw TerminalFailure.badRequest("InvalidLoginName", field, "the login name '" + name + "' is reserved");
        }
        return name;
    }

    static String requireDatabaseName(String name) {
        return requireName(name, "InvalidDatabaseName", "name", "database name");
    }

    static String requireSchemaName(String name) {
        return requireName(name, "InvalidSchemaName", "schema", "schema name");
    }

    private static String requireName(String name, String code, String field, String what) {
        if (name == null || name.isEmpty()) {
            throw TerminalFailure.badRequest(code, field, "the " + what + " must not be empty");
        }
        if (name.indexOf('\0') >= 0) {
            throw TerminalFailure.badRequest(code, field, "the " + what + " must not contain NUL characters");
        }
        if (!wellFormed(name)) {
            throw TerminalFailure.badRequest(code, field, "the " + what + " is not valid Unicode text");
        }
        if (name.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
            throw TerminalFailure.badRequest(code, field,
                    "the " + what + " must be at most " + MAX_NAME_BYTES + " bytes in UTF-8");
        }
        return name;
    }

    /** True when the string has no unpaired surrogate. */
    static boolean wellFormed(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /** {@code "name"} with embedded double quotes doubled: the only way a name enters SQL text. */
    static String quoteIdent(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    /**
     * A string literal that means {@code value} whatever {@code standard_conforming_strings} is, as the server's
     * {@code quote_literal} builds it: quotes doubled, and when a backslash is present the {@code E''} form
     * with backslashes doubled. NUL cannot be represented and is refused.
     */
    static String quoteLiteral(String value) {
        if (value.indexOf('\0') >= 0) throw new IllegalArgumentException("a SQL literal cannot contain NUL");
        String quoted = value.replace("'", "''");
        if (value.indexOf('\\') < 0) return "'" + quoted + "'";
        return "E'" + quoted.replace("\\", "\\\\") + "'";
    }
}
