package dev.switchboard.store;

import org.jdbi.v3.core.Handle;

/**
 * What differs between the two databases the store runs on. The rest is one SQL text for both: upserts are
 * {@code INSERT ... ON CONFLICT}, which SQLite (3.24+) and PostgreSQL both speak. Table definitions differ too, but
 * those live in each dialect's own migrations (same version numbers, same meaning).
 */
enum Dialect {
    /** One process owns the file and serialises every statement, so a read-modify-write needs no row lock. */
    SQLITE("classpath:db/migration/sqlite", "instr", ""),
    /** Several replicas share the database: a row that is read to be rewritten is locked for the transaction. */
    POSTGRESQL("classpath:db/migration/postgresql", "strpos", " FOR UPDATE");

    private final String migrations;
    private final String position;
    private final String forUpdate;

    Dialect(String migrations, String position, String forUpdate) {
        this.migrations = migrations;
        this.position = position;
        this.forUpdate = forUpdate;
    }

    /** Flyway's location of this dialect's migrations. */
    String migrations() {
        return migrations;
    }

    /** A condition: the text {@code haystack} contains {@code needle} (both SQL expressions). */
    String contains(String haystack, String needle) {
        return position + "(" + haystack + ", " + needle + ") > 0";
    }

    /** Appended to a SELECT of a row the same transaction then rewrites. */
    String forUpdate() {
        return forUpdate;
    }

    /**
     * After values kept in plain text were overwritten: SQLite rewrites the file so no freed page or WAL frame keeps
     * a copy. PostgreSQL has nothing to do: its stores began after values were encrypted, so never held plain text.
     */
    void compact(Handle h) {
        if (this != SQLITE) return;
        h.createQuery("PRAGMA wal_checkpoint(TRUNCATE)").mapToMap().list();
        h.execute("VACUUM");
        h.createQuery("PRAGMA wal_checkpoint(TRUNCATE)").mapToMap().list();
    }
}
