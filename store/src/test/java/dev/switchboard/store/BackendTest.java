package dev.switchboard.store;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A test class run once per {@link Backend} (subclasses say which with {@code @ParameterizedClass} and
 * {@code @MethodSource}): each test gets a fresh, empty store location, and the stores it opens are closed after it.
 */
abstract class BackendTest {
    @Parameter
    Backend backend;
    @TempDir
    Path dir;
    StoreLocation location;
    private final List<SqlStore> opened = new ArrayList<>();

    @BeforeEach
    void place() {
        location = backend.fresh(dir);
    }

    @AfterEach
    void closeStores() {
        opened.forEach(SqlStore::close);
    }

    /** A store on the test's location (another pool on the same database, on PostgreSQL), closed after the test. */
    SqlStore openStore() {
        return opened(location.open());
    }

    SqlStore opened(SqlStore store) {
        opened.add(store);
        return store;
    }
}
