package dev.switchboard.store;

import org.flywaydb.core.Flyway;
import org.postgresql.ds.PGSimpleDataSource;
import org.sqlite.SQLiteDataSource;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.util.List;

/** Where one test's store lives, with raw access to its tables (to build an older store, or to tamper with rows). */
sealed interface StoreLocation {
    Dialect dialect();

    /** The master key file the store uses by default. */
    Path masterKeyFile();

    SqlStore open(Path masterKeyFile);

    default SqlStore open() {
        return open(masterKeyFile());
    }

    /** The same tables, without the store. */
    DataSource dataSource();

    /** The files of the store on this machine, which must never hold a secret's bytes. */
    List<Path> files();

    /** Builds the store as an older Switchboard left it: migrated up to {@code version} only. */
    default void migrateTo(String version) {
        Flyway.configure().dataSource(dataSource()).locations(dialect().migrations()).target(version).load().migrate();
    }

    record SqliteFile(Path file, Path masterKeyFile) implements StoreLocation {
        @Override
        public Dialect dialect() {
            return Dialect.SQLITE;
        }

        @Override
        public SqlStore open(Path keyFile) {
            return new SqlStore(file, keyFile);
        }

        @Override
        public DataSource dataSource() {
            SQLiteDataSource ds = new SQLiteDataSource();
            ds.setUrl("jdbc:sqlite:" + file);
            return ds;
        }

        @Override
        public List<Path> files() {
            return List.of(file, file.resolveSibling(file.getFileName() + "-wal"), file.resolveSibling(file.getFileName() + "-shm"),
                    masterKeyFile);
        }
    }

    record PostgresSchema(String url, Path masterKeyFile) implements StoreLocation {
        @Override
        public Dialect dialect() {
            return Dialect.POSTGRESQL;
        }

        @Override
        public SqlStore open(Path keyFile) {
            return SqlStore.postgres(url, PostgresBackend.USER, null, keyFile);
        }

        @Override
        public DataSource dataSource() {
            PGSimpleDataSource ds = new PGSimpleDataSource();
            ds.setUrl(url);
            ds.setUser(PostgresBackend.USER);
            return ds;
        }

        /** The database's own files belong to the server; the key file is ours. */
        @Override
        public List<Path> files() {
            return List.of(masterKeyFile);
        }
    }
}
