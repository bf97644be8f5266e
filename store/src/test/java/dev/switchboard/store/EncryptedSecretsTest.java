package dev.switchboard.store;

import dev.switchboard.core.secret.Secret;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ParameterizedClass(name = "{0}")
@MethodSource("dev.switchboard.store.Backend#both")
class EncryptedSecretsTest extends BackendTest {
    static final Instant NOW = Instant.parse("2025-03-04T05:06:07Z");

    static boolean contains(byte[] hay, String needle) {
        byte[] n = needle.getBytes(StandardCharsets.UTF_8);
        outer:
        for (int i = 0; i + n.length <= hay.length; i++) {
            for (int j = 0; j < n.length; j++) if (hay[i + j] != n[j]) continue outer;
            return true;
        }
        return false;
    }

    /** Every stored byte of every secret row, as the database hands it out. */
    List<byte[]> storedBytes() throws Exception {
        List<byte[]> out = new ArrayList<>();
        try (Connection c = location.dataSource().getConnection(); Statement st = c.createStatement()) {
            for (String sql : new String[] {"SELECT ciphertext, wrapped_key, legacy_value FROM secrets",
                    "SELECT ciphertext, wrapped_key, version FROM vault_secret_versions"}) {
                try (ResultSet rs = st.executeQuery(sql)) {
                    while (rs.next()) {
                        for (int i = 1; i <= 3; i++) {
                            byte[] b = i == 3 ? String.valueOf(rs.getString(3)).getBytes(StandardCharsets.UTF_8) : rs.getBytes(i);
                            if (b != null) out.add(b);
                        }
                    }
                }
            }
        }
        return out;
    }

    void assertNotStored(String... values) throws Exception {
        List<byte[]> rows = storedBytes();
        for (String v : values) {
            for (Path f : location.files()) {
                assertThat(Files.exists(f) && contains(Files.readAllBytes(f), v)).as("%s holds a secret's bytes", f.getFileName()).isFalse();
            }
            assertThat(rows).as("a row holds a secret's bytes").noneMatch(b -> contains(b, v));
        }
    }

    @Test
    void theStoreNeverHoldsASecretsBytes() throws Exception {
        try (SqlStore store = location.open()) {
            store.put("admin-password:/x", Secret.of("plain-marker-0123456789"));
            store.put("other", Secret.of("plain-marker-overwritten"));
            store.put("other", Secret.of("plain-marker-second"));
            store.setSecret("kv1", "db-password", Secret.of("vault-marker-abcdef"), "text/plain", NOW);
            if (location instanceof StoreLocation.SqliteFile f) assertThat(Files.exists(f.files().get(1))).as("a WAL to look into").isTrue();
            assertNotStored("plain-marker-0123456789", "plain-marker-overwritten", "plain-marker-second", "vault-marker-abcdef");
            assertThat(store.get("admin-password:/x")).contains(Secret.of("plain-marker-0123456789"));
            assertThat(store.get("other")).contains(Secret.of("plain-marker-second"));
            assertThat(store.secret("kv1", "db-password").orElseThrow().value().reveal()).isEqualTo("vault-marker-abcdef");
        }
        assertNotStored("plain-marker-0123456789", "plain-marker-overwritten", "plain-marker-second", "vault-marker-abcdef");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(location.masterKeyFile()))).isEqualTo("rw-------");
        try (SqlStore again = location.open()) {
            assertThat(again.get("other")).contains(Secret.of("plain-marker-second"));
        }
    }

    @Test
    void aWrongOrMissingMasterKeyFailsClearlyWithoutTheValue() throws Exception {
        try (SqlStore store = location.open()) {
            store.put("p", Secret.of("value-never-shown"));
        }
        Path otherKey = dir.resolve("other.key");
        MasterKeys.open(otherKey, true);
        assertThatThrownBy(() -> location.open(otherKey))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("wrong master key file")
                .hasMessageNotContaining("value-never-shown");
        assertThatThrownBy(() -> location.open(dir.resolve("nowhere.key")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("is missing");
        assertThat(Files.exists(dir.resolve("nowhere.key"))).as("not made up over existing secrets").isFalse();
        Files.writeString(dir.resolve("junk.key"), "{not a keyset");
        assertThatThrownBy(() -> location.open(dir.resolve("junk.key"))).hasMessageContaining("not a valid keyset");
        try (SqlStore store = location.open()) {
            assertThat(store.get("p")).contains(Secret.of("value-never-shown"));
        }
    }

    @Test
    void aCiphertextMovedToAnotherNameFails() throws Exception {
        try (SqlStore store = location.open()) {
            store.put("a", Secret.of("value-of-a"));
            store.put("b", Secret.of("value-of-b"));
            store.setSecret("kv1", "x", Secret.of("value-of-x"), null, NOW);
            store.setSecret("kv1", "y", Secret.of("value-of-y"), null, NOW);
        }
        try (Connection c = location.dataSource().getConnection(); Statement st = c.createStatement()) {
            st.executeUpdate("UPDATE secrets SET ciphertext = (SELECT ciphertext FROM secrets WHERE name = 'a'),"
                    + " wrapped_key = (SELECT wrapped_key FROM secrets WHERE name = 'a'), key_version = (SELECT key_version FROM secrets WHERE name = 'a')"
                    + " WHERE name = 'b'");
            st.executeUpdate("UPDATE vault_secret_versions SET ciphertext = (SELECT ciphertext FROM vault_secret_versions WHERE name_key = 'x'),"
                    + " wrapped_key = (SELECT wrapped_key FROM vault_secret_versions WHERE name_key = 'x') WHERE name_key = 'y'");
        }
        try (SqlStore store = location.open()) {
            assertThat(store.get("a")).contains(Secret.of("value-of-a"));
            assertThatThrownBy(() -> store.get("b")).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("secret 'b'").hasMessageContaining("moved").hasMessageNotContaining("value-of");
            assertThat(store.secret("kv1", "x").orElseThrow().value().reveal()).isEqualTo("value-of-x");
            assertThatThrownBy(() -> store.secret("kv1", "y")).hasMessageContaining("vault secret 'y'").hasMessageNotContaining("value-of");
        }
    }

    @Test
    void rotationKeepsOldRowsReadableAndRewrapsThemLazily() throws Exception {
        int first;
        int second;
        try (SqlStore store = location.open()) {
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
        try (SqlStore store = location.open()) {
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
        String keyFile = Files.readString(location.masterKeyFile());
        assertThat(keyFile).contains(Integer.toUnsignedString(first)).contains(Integer.toUnsignedString(second));
    }

    @Test
    void plainTextSecretsFromTheVersionBeforeAreEncryptedOnFirstStart() throws Exception {
        location.migrateTo("3");
        try (Connection c = location.dataSource().getConnection(); Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO secrets (name, value) VALUES ('admin-password:/old', 'legacy-marker-1234'), ('k2', 'legacy-marker-5678')");
        }
        if (location instanceof StoreLocation.SqliteFile f) {
            assertThat(contains(Files.readAllBytes(f.file()), "legacy-marker-1234")).as("the test's own premise").isTrue();
        }
        assertThat(Files.exists(location.masterKeyFile())).isFalse();
        try (SqlStore store = location.open()) {
            assertThat(store.get("admin-password:/old")).contains(Secret.of("legacy-marker-1234"));
            assertThat(store.get("k2")).contains(Secret.of("legacy-marker-5678"));
            assertNotStored("legacy-marker-1234", "legacy-marker-5678");
            assertThat(store.rowsOnOldMasterKeys()).isZero();
        }
        try (Connection c = location.dataSource().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM secrets WHERE legacy_value IS NOT NULL OR ciphertext IS NULL")) {
            rs.next();
            assertThat(rs.getInt(1)).isZero();
        }
        assertNotStored("legacy-marker-1234", "legacy-marker-5678");
        try (SqlStore store = location.open()) {
            assertThat(store.get("k2")).contains(Secret.of("legacy-marker-5678"));
        }
    }
}
