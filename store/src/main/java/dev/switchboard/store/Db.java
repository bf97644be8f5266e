package dev.switchboard.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.ConnectionFactory;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.HandleConsumer;
import org.jdbi.v3.core.Jdbi;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The store's connections and how to use them. SQLite: one connection kept open for the process, every use
 * serialised by an in-process lock (reentrant, so a transaction may call helpers). PostgreSQL: a small pool and no
 * lock; atomicity across replicas comes from transactions, row locks and conditional writes in the SQL itself.
 */
final class Db implements AutoCloseable {
    /** Enough for the API's concurrent reads; writers that lock a row queue in the database, not here. */
    static final int POOL_SIZE = 8;

    private final Jdbi jdbi;
    private final Dialect dialect;
    private final ReentrantLock lock;
    private final AutoCloseable resource;

    private Db(Jdbi jdbi, Dialect dialect, ReentrantLock lock, AutoCloseable resource) {
        this.jdbi = jdbi;
        this.dialect = dialect;
        this.lock = lock;
        this.resource = resource;
    }

    /** Opens (and migrates) a SQLite file. */
    static Db sqlite(Path file) {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setBusyTimeout(10_000);
        config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        // freed pages (an overwritten or purged secret) are zeroed, not left behind in the file
        config.setPragma(SQLiteConfig.Pragma.SECURE_DELETE, "true");
        SQLiteDataSource ds = new SQLiteDataSource(config);
        ds.setUrl("jdbc:sqlite:" + file.toAbsolutePath());
        migrate(ds, Dialect.SQLITE);
        Connection connection;
        try {
            connection = ds.getConnection();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open the store " + file, e);
        }
        // One connection for the process, kept open: opening a SQLite file per statement cost more than the
        // statements themselves. Access is serialised by the lock, as a SQLite connection needs.
        Jdbi jdbi = Jdbi.create(new ConnectionFactory() {
            @Override
            public Connection openConnection() {
                return connection;
            }

            @Override
            public void closeConnection(Connection c) {
                // kept open until close()
            }
        });
        return new Db(jdbi, Dialect.SQLITE, new ReentrantLock(), connection);
    }

    /** Opens a pool on a PostgreSQL database and migrates it (Flyway serialises replicas that start together). */
    static Db postgres(PgUrl url) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url.jdbcUrl());
        config.setUsername(url.user());
        config.setPassword(url.password());
        config.setMaximumPoolSize(POOL_SIZE);
        config.setMinimumIdle(1);
        config.setPoolName("switchboard-store");
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot connect to the PostgreSQL store " + url + ": " + e.getMessage(), e);
        }
        try {
            migrate(pool, Dialect.POSTGRESQL);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
        return new Db(Jdbi.create(pool), Dialect.POSTGRESQL, null, pool);
    }

    private static void migrate(DataSource ds, Dialect dialect) {
        Flyway.configure().dataSource(ds).locations(dialect.migrations()).load().migrate();
    }

    Dialect dialect() {
        return dialect;
    }

    <R> R withHandle(HandleCallback<R, RuntimeException> callback) {
        if (lock == null) return jdbi.withHandle(callback);
        lock.lock();
        try {
            return jdbi.withHandle(callback);
        } finally {
            lock.unlock();
        }
    }

    void useHandle(HandleConsumer<RuntimeException> consumer) {
        withHandle(h -> {
            consumer.useHandle(h);
            return null;
        });
    }

    /** One transaction (PostgreSQL: read committed; rows read {@link Dialect#forUpdate() for update} stay locked to its end). */
    <R> R inTransaction(HandleCallback<R, RuntimeException> callback) {
        return withHandle(h -> h.inTransaction(callback));
    }

    @Override
    public void close() {
        if (lock != null) lock.lock();
        try {
            resource.close();
        } catch (Exception e) {
            throw new IllegalStateException("cannot close the store", e);
        } finally {
            if (lock != null) lock.unlock();
        }
    }
}
