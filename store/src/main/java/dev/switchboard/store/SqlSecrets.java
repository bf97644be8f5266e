package dev.switchboard.store;

import dev.switchboard.core.secret.Secret;
import dev.switchboard.core.store.SecretStore;
import org.jdbi.v3.core.statement.StatementContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * Secrets by name, encrypted at rest (envelope encryption: a data key per value, wrapped by the master key), and
 * the master key's lifecycle over every encrypted row of the store (secrets and Key Vault secret versions).
 * Every write is a single statement; a rewrap only lands if the row still has the version it was read with.
 */
final class SqlSecrets implements SecretStore {
    private static final Logger LOG = LoggerFactory.getLogger(SqlSecrets.class);
    private final Db db;
    private final MasterKeys keys;

    private record SecretRow(String name, String legacy, byte[] ciphertext, byte[] wrappedKey, int keyVersion) {
        MasterKeys.Sealed sealed() {
            return new MasterKeys.Sealed(ciphertext, wrappedKey, keyVersion);
        }
    }

    private SqlSecrets(Db db, MasterKeys keys) {
        this.db = db;
        this.keys = keys;
    }

    /**
     * Opens the master key file (creating it only while the store holds no encrypted value), checks it is the one the
     * store's values were written with, and encrypts values an older version kept in plain text.
     */
    static SqlSecrets open(Db db, Path masterKeyFile) {
        boolean encrypted = db.withHandle(h -> h.createQuery("SELECT (SELECT count(*) FROM secrets WHERE ciphertext IS NOT NULL)"
                + " + (SELECT count(*) FROM vault_secret_versions)").mapTo(Integer.class).one()) > 0;
        SqlSecrets secrets = new SqlSecrets(db, MasterKeys.open(masterKeyFile, !encrypted));
        secrets.checkMasterKey();
        secrets.encryptLegacySecrets();
        return secrets;
    }

    MasterKeys keys() {
        return keys;
    }

    /** Associated data: binds a ciphertext and its wrapped key to the secret's name (a row copied to another name fails). */
    private static byte[] secretAd(String name) {
        return ("switchboard/secret\0" + name).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void put(String name, Secret value) {
        MasterKeys.Sealed s = keys.seal(value.reveal().getBytes(StandardCharsets.UTF_8), secretAd(name));
        db.useHandle(h -> h.createUpdate("INSERT INTO secrets (name, legacy_value, ciphertext, wrapped_key, key_version)"
                        + " VALUES (:n, NULL, :c, :w, :v) ON CONFLICT (name) DO UPDATE SET legacy_value = NULL,"
                        + " ciphertext = excluded.ciphertext, wrapped_key = excluded.wrapped_key, key_version = excluded.key_version")
                .bind("n", name).bind("c", s.ciphertext()).bind("w", s.wrappedKey()).bind("v", s.keyVersion()).execute());
    }

    @Override
    public Optional<Secret> get(String name) {
        Optional<SecretRow> row = db.withHandle(h -> h.createQuery("SELECT * FROM secrets WHERE name = :n").bind("n", name)
                .map(SqlSecrets::secretRow).findOne());
        if (row.isEmpty()) return Optional.empty();
        SecretRow r = row.get();
        if (r.legacy() != null) return Optional.of(Secret.of(r.legacy()));
        byte[] plain = keys.open(r.sealed(), secretAd(name), "secret '" + name + "'");
        if (r.keyVersion() != keys.primaryVersion()) rewrap(r);
        return Optional.of(Secret.of(new String(plain, StandardCharsets.UTF_8)));
    }

    @Override
    public void delete(String name) {
        db.useHandle(h -> h.createUpdate("DELETE FROM secrets WHERE name = :n").bind("n", name).execute());
    }

    private static SecretRow secretRow(ResultSet rs, StatementContext ctx) throws SQLException {
        return new SecretRow(rs.getString("name"), rs.getString("legacy_value"), rs.getBytes("ciphertext"), rs.getBytes("wrapped_key"),
                rs.getInt("key_version"));
    }

    private void rewrap(SecretRow r) {
        MasterKeys.Sealed n = keys.rewrap(r.sealed(), secretAd(r.name()), "secret '" + r.name() + "'");
        // only if the row still holds the value that was read: a put in between (maybe by a replica whose primary
        // is still the old version) must not get this value's data key
        db.useHandle(h -> h.createUpdate("UPDATE secrets SET wrapped_key = :w, key_version = :v WHERE name = :n AND wrapped_key = :old")
                .bind("w", n.wrappedKey()).bind("v", n.keyVersion()).bind("n", r.name()).bind("old", r.wrappedKey()).execute());
    }

    /** How many stored values (secrets and Key Vault secret versions) are still wrapped by an older master key version. */
    int rowsOnOldMasterKeys() {
        int primary = keys.primaryVersion();
        return db.withHandle(h -> h.createQuery("SELECT (SELECT count(*) FROM secrets WHERE ciphertext IS NOT NULL AND key_version <> :p)"
                + " + (SELECT count(*) FROM vault_secret_versions WHERE key_version <> :p)").bind("p", primary).mapTo(Integer.class).one());
    }

    /** Rewraps at most {@code limit} secrets still on an older master key version; returns how many. */
    int rewrapBatch(int limit) {
        List<SecretRow> rows = db.withHandle(h -> h.createQuery("SELECT * FROM secrets WHERE ciphertext IS NOT NULL AND key_version <> :p"
                + " ORDER BY name LIMIT :n").bind("p", keys.primaryVersion()).bind("n", limit).map(SqlSecrets::secretRow).list());
        rows.forEach(this::rewrap);
        return rows.size();
    }

    /**
     * Fails at start, clearly, when the key file is not the one the store's values were written with (it lacks a version
     * they use). A single altered row does not stop the store: reading that row fails, with the secret's name.
     */
    private void checkMasterKey() {
        List<Integer> used = db.withHandle(h -> h.createQuery("SELECT key_version FROM secrets WHERE key_version IS NOT NULL"
                + " UNION SELECT key_version FROM vault_secret_versions").mapTo(Integer.class).list());
        for (int version : used) {
            if (!keys.knows(version)) {
                throw new IllegalStateException("the store's secrets are wrapped by master key version " + Integer.toUnsignedString(version)
                        + ", which the master key file " + keys.file() + " does not hold: wrong master key file?");
            }
        }
    }

    /**
     * Values a version before V4 kept in plain text: encrypted in place (a replica starting at the same time skips a
     * row already done), then the file is compacted so no copy remains.
     */
    private void encryptLegacySecrets() {
        List<SecretRow> legacy = db.withHandle(h -> h.createQuery("SELECT * FROM secrets WHERE legacy_value IS NOT NULL")
                .map(SqlSecrets::secretRow).list());
        if (legacy.isEmpty()) return;
        for (SecretRow r : legacy) {
            MasterKeys.Sealed s = keys.seal(r.legacy().getBytes(StandardCharsets.UTF_8), secretAd(r.name()));
            db.useHandle(h -> h.createUpdate("UPDATE secrets SET legacy_value = NULL, ciphertext = :c, wrapped_key = :w, key_version = :v"
                    + " WHERE name = :n AND legacy_value IS NOT NULL").bind("c", s.ciphertext()).bind("w", s.wrappedKey())
                    .bind("v", s.keyVersion()).bind("n", r.name()).execute());
        }
        db.useHandle(h -> db.dialect().compact(h));
        LOG.info("encrypted {} secret(s) kept in plain text by an older version of the store", legacy.size());
    }
}
