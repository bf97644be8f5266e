package dev.switchboard.providers.postgres;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static dev.switchboard.providers.postgres.PgIdentifiers.quoteIdent;
import static dev.switchboard.providers.postgres.PgIdentifiers.quoteLiteral;

/**
 * Role DDL for connection logins. A login can log in and nothing more: no superuser, no CREATEDB or
 * CREATEROLE, no replication, no RLS bypass, and NOINHERIT so that a role it is later made a member of does
 * not silently widen what it can do. The password is always given as a SCRAM verifier, never in clear.
 */
final class PgRoles {
    /** The attributes a login must not have, with the clause that removes each; LOGIN is the one it must have. */
    private static final List<String[]> FORBIDDEN = List.of(
            new String[] {"SUPERUSER", "NOSUPERUSER"}, new String[] {"CREATEDB", "NOCREATEDB"},
            new String[] {"CREATEROLE", "NOCREATEROLE"}, new String[] {"INHERIT", "NOINHERIT"},
            new String[] {"REPLICATION", "NOREPLICATION"}, new String[] {"BYPASSRLS", "NOBYPASSRLS"});

    private PgRoles() {
    }

    static String create(String login, String verifier) {
        return "CREATE ROLE " + quoteIdent(login) + " WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT"
                + " NOREPLICATION NOBYPASSRLS PASSWORD " + quoteLiteral(verifier);
    }

    /**
     * Sets the password and undoes attribute drift. Only attributes that drifted are named: on PostgreSQL 15 and
     * earlier, merely naming NOSUPERUSER, NOREPLICATION or NOBYPASSRLS requires a superuser, and an
     * administrator with only CREATEROLE must still be able to set a password.
     */
    static String alter(String login, String verifier, Set<String> attributes) {
        List<String> clauses = new ArrayList<>();
        if (!attributes.contains("LOGIN")) clauses.add("LOGIN");
        for (String[] pair : FORBIDDEN) if (attributes.contains(pair[0])) clauses.add(pair[1]);
        String with = clauses.isEmpty() ? "" : " " + String.join(" ", clauses);
        return "ALTER ROLE " + quoteIdent(login) + " WITH" + with + " PASSWORD " + quoteLiteral(verifier);
    }

    static String drop(String login) {
        return "DROP ROLE IF EXISTS " + quoteIdent(login);
    }

    /**
     * The last-resort cleanup in one database, used only when pg_shdepend shows the login still holds something
     * there. REASSIGN OWNED first hands anything the login owns to the administrator, so DROP OWNED that follows
     * can only revoke privileges and default privileges, never drop data an application wrote.
     */
    static List<String> clearDependencies(String login) {
        return List.of("REASSIGN OWNED BY " + quoteIdent(login) + " TO CURRENT_USER", "DROP OWNED BY " + quoteIdent(login));
    }

    /**
     * The databases in which the login is still referenced (owner of, or privileges on, something), by name;
     * the empty string stands for shared objects (databases, tablespaces), cleared from any database.
     */
    static final String DEPENDENCIES_SQL = "select distinct coalesce(d.datname::text, '') from pg_catalog.pg_shdepend s"
            + " left join pg_catalog.pg_database d on d.oid = s.dbid"
            + " where s.refclassid = 'pg_catalog.pg_authid'::regclass"
            + " and s.refobjid = (select oid from pg_catalog.pg_roles where rolname = ?)";
}
