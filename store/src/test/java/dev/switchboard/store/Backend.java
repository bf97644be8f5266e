package dev.switchboard.store;

import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * A database the store tests run on. Test classes take one per run ({@code @ParameterizedClass} with
 * {@code @MethodSource("dev.switchboard.store.Backend#both")}); JUnit closes it after the run, which drops what it made.
 */
interface Backend extends AutoCloseable {
    /** A new, empty place for a store; its files (the SQLite file, the master key) go under {@code dir}. */
    StoreLocation fresh(Path dir);

    @Override
    void close();

    static Stream<Backend> both() {
        return Stream.of(new Sqlite(), new PostgresBackend());
    }

    static Stream<Backend> postgresql() {
        return Stream.of(new PostgresBackend());
    }

    /** A file per store in the test's temporary directory (JUnit removes it). */
    final class Sqlite implements Backend {
        @Override
        public StoreLocation fresh(Path dir) {
            return new StoreLocation.SqliteFile(dir.resolve("s.db"), dir.resolve(SqlStore.MASTER_KEY_FILE));
        }

        @Override
        public void close() {
            // nothing outside the temporary directories
        }

        @Override
        public String toString() {
            return "SQLite";
        }
    }
}
