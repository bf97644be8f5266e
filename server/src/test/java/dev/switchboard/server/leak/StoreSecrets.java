package dev.switchboard.server.leak;

import dev.switchboard.store.SqlStore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.Set;

/**
 * Learns the secrets a server holds from its data directory: the passwords it generated (connections, the embedded
 * PostgreSQL), the ones it was given (admin passwords, vault secrets) and its bootstrap token. Only tests that call
 * {@code listConfigurations} would learn generated passwords otherwise; reading the store covers every test.
 * Each row is decrypted once per harvester: a row is known by its name and its ciphertext's first bytes (Tink puts
 * the random nonce there), so a value written again counts as new.
 */
public final class StoreSecrets implements AutoCloseable {
    private static final String[] FILES = {"token", "embedded-pg.password"};
    private final Path dataDir;
    private final SqlStore store;
    private final Set<String> seen = new HashSet<>();
    /** Kept open: a server under load is harvested after every operation, and opening SQLite each time costs more. */
    private Connection connection;

    /** {@code store}: the server's open store (in-process) or one opened on the data directory after the server ended. */
    public StoreSecrets(Path dataDir, SqlStore store) {
        this.dataDir = dataDir;
        this.store = store;
    }

    /** Records every secret not recorded by this harvester yet. */
    public synchronized void collect() {
        for (String f : FILES) file(dataDir.resolve(f));
        Path db = dataDir.resolve("switchboard.db");
        if (!Files.exists(db)) return;
        try {
            if (connection == null) connection = DriverManager.getConnection("jdbc:sqlite:" + db.toAbsolutePath());
            secrets(connection);
            vaultVersions(connection);
        } catch (SQLException e) {
            throw new IllegalStateException("leak check: cannot read the secrets of " + db, e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            if (connection != null) connection.close();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        } finally {
            connection = null;
        }
    }

    private void file(Path f) {
        try {
            if (Files.exists(f) && seen.add(f + "\0" + Files.getLastModifiedTime(f))) {
                LeakRecorder.secret(Files.readString(f, StandardCharsets.UTF_8).trim(), "data directory file " + f.getFileName());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void secrets(Connection c) throws SQLException {
        try (ResultSet rs = c.createStatement().executeQuery(
                "SELECT name, hex(substr(ciphertext, 1, 24)) || coalesce(legacy_value, '') FROM secrets")) {
            while (rs.next()) {
                String name = rs.getString(1);
                if (seen.add("s\0" + name + "\0" + rs.getString(2))) {
                    store.get(name).ifPresent(s -> LeakRecorder.secret(s.reveal(), "store secret " + name));
                }
            }
        }
    }

    private void vaultVersions(Connection c) throws SQLException {
        try (ResultSet rs = c.createStatement().executeQuery("SELECT vault_key, name_key, version FROM vault_secret_versions")) {
            while (rs.next()) {
                String vault = rs.getString(1);
                String name = rs.getString(2);
                String version = rs.getString(3);
                if (seen.add("v\0" + vault + "\0" + name + "\0" + version)) {
                    store.secret(vault, name, version).ifPresent(v -> LeakRecorder.secret(v.value().reveal(),
                            "vault secret " + vault + "/" + name + "/" + version));
                }
            }
        }
    }
}
