package dev.switchboard.store;

import dev.switchboard.core.secret.Secret;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EncryptedSecretsTest {
    static final Instant NOW = Instant.parse("2025-03-04T05:06:07Z");
    @TempDir
    Path dir;

    static boolean contains(Path file, String needle) throws Exception {
        if (!Files.exists(file)) return false;
        byte[] hay = Files.readAllBytes(file);
        byte[] n = needle.getBytes(StandardCharsets.UTF_8);
        outer:
        for (int i = 0; i + n.length <= hay.length; i++) {
            for (int j = 0; j < n.length; j++) if (hay[i + j] != n[j]) continue outer;
            return true;
        }
        return false;
    }

    void assertNotOnDisk(Path db, String... values) throws Exception {
        for (String v : values) {
            for (Path f : new Path[] {db, db.resolveSibling(db.getFileName() + "-wal"), db.resolveSibling(db.getFileName() + "-shm"),
                    dir.resolve(SqliteStore.MASTER_KEY_FILE)}) {
                assertThat(contains(f, v)).as("%s holds a secret's bytes", f.getFileName()).isFalse();
            }
        }
    }

    @Test
    void theFilesOnDiskNeverHoldASecretsBytes() throws Exception {
        Path db = dir.resolve("s.db");
        try (SqliteStore store = new SqliteStore(db)) {
            store.put("admin-password:/x", Secret.of("plain-marker-0123456789"));
            store.put("other", Secret.of("plain-marker-overwritten"));
            store.put("other", Secret.of("plain-marker-second"));
            store.setSecret("kv1", "db-password", Secret.of("vault-marker-abcdef"), "text/plain", NOW);
            assertThat(Files.exists(db.resolveSibling("s.db-wal"))).isTrue();
            assertNotOnDisk(db, "plain-marker-0123456789", "plain-marker-overwritten", "plain-marker-second", "vault-marker-abcdef");
            assertThat(store.get("admin-password:/x")).contains(Secret.of("plain-marker-0123456789"));
            assertThat(store.get("other")).contains(Secret.of("plain-marker-second"));
            assertThat(store.secret("kv1", "db-password").orElseThrow().value().reveal()).isEqualTo("vault-marker-abcdef");
        }
        assertNotOnDisk(db, "plain-marker-0123456789", "plain-marker-overwritten", "plain-marker-second", "vault-marker-abcdef");
        Path key = dir.resolve(SqliteStore.MASTER_KEY_FILE);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
        try (SqliteStore again = new SqliteStore(db)) {
            assertThat(again.get("other")).contains(Secret.of("plain-marker-second"));
        }
    }

    @Test
    void aWrongOrMissingMasterKeyFailsClearlyWithoutTheValue() throws Exception {
        Path db = dir.resolve("a/s.db");
        Files.createDirectories(db.getParent());
        Files.createDirectories(dir.resolve("b"));
        try (SqliteStore store = new SqliteStore(db)) {
            store.put("p", Secret.of("value-never-shown"));
        }
        try (SqliteStore other = new SqliteStore(dir.resolve("b/s.db"))) {
            other.put("q", Secret.of("x"));
        }
        assertThatThrownBy(() -> new SqliteStore(db, dir.resolve("b").resolve(SqliteStore.MASTER_KEY_FILE)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("wrong master key file")
                .hasMessageNotContaining("value-never-shown");
        assertThatThrownBy(() -> new SqliteStore(db, dir.resolve("nowhere.key")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("is missing");
        assertThat(Files.exists(dir.resolve("nowhere.key"))).as("not made up over existing secrets").isFalse();
        Files.writeString(dir.resolve("junk.key"), "{not a keyset");
        assertThatThrownBy(() -> new SqliteStore(db, dir.resolve("junk.key"))).hasMessageContaining("not a valid keyset");
        try (SqliteStore store = new SqliteStore(db)) {
            assertThat(store.get("p")).contains(Secret.of("value-never-shown"));
        }
    }

    @Test
    void aCiphertextMovedToAnotherNameFails() throws Exception {
        Path db = dir.resolve("s.db");
        try (SqliteStore store = new SqliteStore(db)) {
            store.put("a", Secret.of("value-of-a"));
            store.put("b", Secret.of("value-of-b"));
            store.setSecret("kv1", "x", Secret.of("value-of-x"), null, NOW);
            store.setSecret("kv1", "y", Secret.of("value-of-y"), null, NOW);
        }
        try (Connection c = raw(db); Statement st = c.createStatement()) {
            st.executeUpdate("UPDATE secrets SET ciphertext = (SELECT ciphertext FROM secrets WHERE name = 'a'),"
                    + " wrapped_key = (SELECT wrapped_key FROM secrets WHERE name = 'a'), key_version = (SELECT key_version FROM secrets WHERE name = 'a')"
                    + " WHERE name = 'b'");
            st.executeUpdate("UPDATE vault_secret_versions SET ciphertext = (SELECT ciphertext FROM vault_secret_versions WHERE name_key = 'x'),"
                    + " wrapped_key = (SELECT wrapped_key FROM vault_secret_versions WHERE name_key = 'x') WHERE name_key = 'y'");
        }
        try (SqliteStore store = new SqliteStore(db)) {
            assertThat(store.get("a")).contains(Secret.of("value-of-a"));
            assertThatThrownBy(() -> store.get("b")).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("secret 'b'").hasMessageContaining("moved").hasMessageNotContaining("value-of");
            assertThat(store.secret("kv1", "x").orElseThrow().value().reveal()).isEqualTo("value-of-x");
            assertThatThrownBy(() -> store.secret("kv1", "y")).hasMessageContaining("vault secret 'y'").hasMessageNotContaining("value-of");
        }
    }

    @Test
    void rotationKeepsOldRowsReadableAndRewrapsThemLazily() throws Exception {
        Path db = dir.resolve("s.db");
        int first;
        int second;
        try (SqliteStore store = new SqliteStore(db)) {
            for (String n : new String[] {"a", "b", "c"}) store.put(n, Secret.of("value-" + n));
            store.setSecret("kv1", "s", Secret.of("v1"), null, NOW);
            store.setSecret("kv1", "s", Secret.of("v2"), null, NOW);
            first = store.masterKeyVersion();
            assertThat(store.rowsOnOldMasterKeys()).isZero();
            second = store.rotateMasterKey();
            assertThat(second).isNotEqualTo(first).isEqualTo(store.masterKeyVersion());
            assertThat(store.rowsOnOldMasterKeys()).isEqualTo(5);
            store.put("d", Secret.of("value-d"));
            assertThat(store.rowsOnOldMasterKeys()).as("new writes use the new version").isEqualTo(5);
            assertThat(store.get("a")).contains(Secret.of("value-a"));
            assertThat(store.rowsOnOldMasterKeys()).as("rewrapped on read").isEqualTo(4);
        }
        try (SqliteStore store = new SqliteStore(db)) {
            assertThat(store.masterKeyVersion()).as("the key file keeps the new primary").isEqualTo(second);
            assertThat(store.rowsOnOldMasterKeys()).isEqualTo(4);
            assertThat(store.rewrapBatch(3)).isEqualTo(3);
            assertThat(store.rowsOnOldMasterKeys()).isEqualTo(1);
            assertThat(store.rewrapBatch(10)).isEqualTo(1);
            assertThat(store.rowsOnOldMasterKeys()).isZero();
            assertThat(store.rewrapBatch(10)).isZero();
            for (String n : new String[] {"a", "b", "c", "d"}) assertThat(store.get(n)).contains(Secret.of("value-" + n));
            assertThat(store.versions("kv1", "s")).hasSize(2).allSatisfy(v ->
                    assertThat(store.secret("kv1", "s", v.version())).isPresent());
        }
        String keyFile = Files.readString(dir.resolve(SqliteStore.MASTER_KEY_FILE));
        assertThat(keyFile).contains(Integer.toUnsignedString(first)).contains(Integer.toUnsignedString(second));
    }

    @Test
    void plainTextSecretsFromTheVersionBeforeAreEncryptedOnFirstStart() throws Exception {
        Path db = dir.resolve("old.db");
        SQLiteDataSource ds = new SQLiteDataSource();
        ds.setUrl("jdbc:sqlite:" + db);
        Flyway.configure().dataSource(ds).locations("classpath:db/migration/sqlite").target("3").load().migrate();
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO secrets (name, value) VALUES ('admin-password:/old', 'legacy-marker-1234'), ('k2', 'legacy-marker-5678')");
        }
        assertThat(contains(db, "legacy-marker-1234")).as("the test's own premise").isTrue();
        assertThat(Files.exists(dir.resolve(SqliteStore.MASTER_KEY_FILE))).isFalse();
        try (SqliteStore store = new SqliteStore(db)) {
            assertThat(store.get("admin-password:/old")).contains(Secret.of("legacy-marker-1234"));
            assertThat(store.get("k2")).contains(Secret.of("legacy-marker-5678"));
            assertNotOnDisk(db, "legacy-marker-1234", "legacy-marker-5678");
            assertThat(store.rowsOnOldMasterKeys()).isZero();
        }
        try (Connection c = raw(db); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM secrets WHERE legacy_value IS NOT NULL OR ciphertext IS NULL")) {
            rs.next();
            assertThat(rs.getInt(1)).isZero();
        }
        assertNotOnDisk(db, "legacy-marker-1234", "legacy-marker-5678");
        try (SqliteStore store = new SqliteStore(db)) {
            assertThat(store.get("k2")).contains(Secret.of("legacy-marker-5678"));
        }
    }

    static Connection raw(Path db) throws Exception {
        SQLiteDataSource ds = new SQLiteDataSource();
        ds.setUrl("jdbc:sqlite:" + db);
        return ds.getConnection();
    }
}
