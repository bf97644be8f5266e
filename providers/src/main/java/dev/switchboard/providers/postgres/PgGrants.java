package dev.switchboard.providers.postgres;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static dev.switchboard.providers.postgres.PgIdentifiers.quoteIdent;

/**
 * The least-privilege grant set of one connection login on one database and schema, as statements and as
 * the words {@link PostgresProvider#observe} reports. A connection may connect, use the schema, read and write
 * rows of every table (and of tables its administrator or the database owner creates later), and use
 * sequences (serial/identity columns need USAGE for nextval). Nothing else: no CREATE on the schema or
 * database, no TRUNCATE, REFERENCES or TRIGGER, no TEMP of its own (PUBLIC still has TEMP and CONNECT on a
 * new database by default; that is the server's policy and is left alone).
 */
final class PgGrants {
    static final String TABLE_PRIVILEGES = "SELECT, INSERT, UPDATE, DELETE";
    static final String SEQUENCE_PRIVILEGES = "USAGE, SELECT";
    static final Set<String> WORDS = Set.of(
            "CONNECT", "SCHEMA:USAGE",
            "TABLES:SELECT", "TABLES:INSERT", "TABLES:UPDATE", "TABLES:DELETE",
            "SEQUENCES:USAGE", "SEQUENCES:SELECT",
            "DEFAULT:TABLES:SELECT", "DEFAULT:TABLES:INSERT", "DEFAULT:TABLES:UPDATE", "DEFAULT:TABLES:DELETE",
            "DEFAULT:SEQUENCES:USAGE", "DEFAULT:SEQUENCES:SELECT");

    private PgGrants() {
    }

    /**
     * The words a fully granted login shows, given which relation kinds exist in the schema: TABLES:/SEQUENCES:
     * words only appear when at least one such relation exists.
     */
    static Set<String> expectedWords(Set<String> relationKinds) {
        return WORDS.stream()
                .filter(w -> !(w.startsWith("TABLES:") || w.startsWith("SEQUENCES:")) || relationKinds.contains(w.split(":")[0]))
                .collect(Collectors.toUnmodifiableSet());
    }

    static List<String> grants(String login, String database, String schema, List<String> creators) {
        String role = quoteIdent(login);
        String nsp = quoteIdent(schema);
        List<String> sql = new ArrayList<>();
        sql.add("GRANT CONNECT ON DATABASE " + quoteIdent(database) + " TO " + role);
        sql.add("GRANT USAGE ON SCHEMA " + nsp + " TO " + role);
        sql.add("GRANT " + TABLE_PRIVILEGES + " ON ALL TABLES IN SCHEMA " + nsp + " TO " + role);
        sql.add("GRANT " + SEQUENCE_PRIVILEGES + " ON ALL SEQUENCES IN SCHEMA " + nsp + " TO " + role);
        if (!creators.isEmpty()) {
            String prefix = "ALTER DEFAULT PRIVILEGES FOR ROLE " + roleList(creators) + " IN SCHEMA " + nsp;
            sql.add(prefix + " GRANT " + TABLE_PRIVILEGES + " ON TABLES TO " + role);
            sql.add(prefix + " GRANT " + SEQUENCE_PRIVILEGES + " ON SEQUENCES TO " + role);
        }
        return sql;
    }

    /**
     * The exact inverse of {@link #grants}. The default privileges are revoked for every role whose entries
     * mention the login ({@code defaultAclOwners}), not only today's creators, so that a changed administrator or
     * database owner leaves nothing behind. {@code schemaExists} false skips the schema-level statements (a
     * dropped schema took its grants and default privileges with it).
     */
    static List<String> revokes(String login, String database, String schema, boolean schemaExists, List<String> defaultAclOwners) {
        String role = quoteIdent(login);
        String nsp = quoteIdent(schema);
        List<String> sql = new ArrayList<>();
        if (schemaExists) {
            if (!defaultAclOwners.isEmpty()) {
                String prefix = "ALTER DEFAULT PRIVILEGES FOR ROLE " + roleList(defaultAclOwners) + " IN SCHEMA " + nsp;
                sql.add(prefix + " REVOKE " + TABLE_PRIVILEGES + " ON TABLES FROM " + role);
                sql.add(prefix + " REVOKE " + SEQUENCE_PRIVILEGES + " ON SEQUENCES FROM " + role);
            }
            sql.add("REVOKE " + SEQUENCE_PRIVILEGES + " ON ALL SEQUENCES IN SCHEMA " + nsp + " FROM " + role);
            sql.add("REVOKE " + TABLE_PRIVILEGES + " ON ALL TABLES IN SCHEMA " + nsp + " FROM " + role);
            sql.add("REVOKE USAGE ON SCHEMA " + nsp + " FROM " + role);
        }
        sql.add("REVOKE CONNECT ON DATABASE " + quoteIdent(database) + " FROM " + role);
        return sql;
    }

    private static String roleList(List<String> roles) {
        return roles.stream().map(PgIdentifiers::quoteIdent).collect(Collectors.joining(", "));
    }
}
