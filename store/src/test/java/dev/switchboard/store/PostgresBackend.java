package dev.switchboard.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * The machine's PostgreSQL (127.0.0.1:5432, user postgres, trust auth): a database of its own for one run of a test
 * class, made on first use and dropped (with any connection left) on close; a schema of its own for each store.
 */
final class PostgresBackend implements Backend {
    static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/";
    static final String USER = "postgres";

    private final String database = "sbstore_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private boolean created;
    private int schemas;

    @Override
    public StoreLocation fresh(Path dir) {
        if (!created) {
            execute("postgres", "CREATE DATABASE " + database);
            created = true;
        }
        String schema = "s" + ++schemas;
        execute(database, "CREATE SCHEMA " + schema);
        return new StoreLocation.PostgresSchema(SERVER + database + "?currentSchema=" + schema, dir.resolve(SqlStore.MASTER_KEY_FILE));
    }

    @Override
    public void close() {
        if (created) execute("postgres", "DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
    }

    static void execute(String db, String sql) {
        try (Connection c = DriverManager.getConnection(SERVER + db, USER, ""); Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL at " + SERVER + ": " + sql, e);
        }
    }

    @Override
    public String toString() {
        return "PostgreSQL";
    }
}
