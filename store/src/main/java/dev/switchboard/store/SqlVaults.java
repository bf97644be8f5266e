package dev.switchboard.store;

import dev.switchboard.core.failure.TerminalFailure;
import dev.switchboard.core.secret.Secret;
import dev.switchboard.core.store.DeletedVaultSecret;
import dev.switchboard.core.store.VaultSecretValue;
import dev.switchboard.core.store.VaultSecretVersion;
import dev.switchboard.core.store.VaultStore;
import org.jdbi.v3.core.statement.StatementContext;

import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Key Vault secrets, each version encrypted like {@link SqlSecrets}. A new version is numbered while its secret's row
 * is locked, so replicas setting the same secret at once get consecutive versions; the other writes are single
 * conditional statements.
 */
final class SqlVaults implements VaultStore {
    private static final Pattern VAULT_NAME = Pattern.compile("[a-zA-Z][a-zA-Z0-9-]{1,22}[a-zA-Z0-9]");
    private static final Pattern SECRET_NAME = Pattern.compile("[0-9a-zA-Z-]{1,127}");
    private static final Pattern VERSION_ID = Pattern.compile("[0-9a-fA-F]{32}");
    private static final String VERSION_SELECT = "SELECT v.vault_key, v.name_key, s.name, v.version, v.content_type, v.enabled,"
            + " v.created_at, v.updated_at, v.ciphertext, v.wrapped_key, v.key_version FROM vault_secret_versions v"
            + " JOIN vault_secrets s ON s.vault_key = v.vault_key AND s.name_key = v.name_key";

    private final Db db;
    private final MasterKeys keys;

    SqlVaults(Db db, MasterKeys keys) {
        this.db = db;
        this.keys = keys;
    }

    private record VersionRow(String vaultKey, String nameKey, VaultSecretVersion meta, byte[] ciphertext, byte[] wrappedKey, int keyVersion) {
        MasterKeys.Sealed sealed() {
            return new MasterKeys.Sealed(ciphertext, wrappedKey, keyVersion);
        }

        String what() {
            return "version " + meta.version() + " of vault secret '" + meta.name() + "'";
        }
    }

    private record SecretRow(String name, String deletedAt) { }

    private static VersionRow versionRow(ResultSet rs, StatementContext ctx) throws SQLException {
        VaultSecretVersion meta = new VaultSecretVersion(rs.getString("vault_key"), rs.getString("name"), rs.getString("version"),
                rs.getString("content_type"), rs.getInt("enabled") != 0, Instant.parse(rs.getString("created_at")),
                Instant.parse(rs.getString("updated_at")));
        return new VersionRow(rs.getString("vault_key"), rs.getString("name_key"), meta, rs.getBytes("ciphertext"),
                rs.getBytes("wrapped_key"), rs.getInt("key_version"));
    }

    private static byte[] vaultAd(String vaultKey, String nameKey, String version) {
        return ("switchboard/vault-secret\0" + vaultKey + "\0" + nameKey + "\0" + version).getBytes(StandardCharsets.UTF_8);
    }

    private static String vaultKey(String vault) {
        if (vault == null || !VAULT_NAME.matcher(vault).matches()) {
            throw TerminalFailure.badRequest("BadParameter", "vaultName", "A vault name must be 3-24 characters: letters, digits and"
                    + " dashes, starting with a letter and ending with a letter or digit.");
        }
        return vault.toLowerCase(Locale.ROOT);
    }

    private static String nameKey(String name) {
        if (name == null || !SECRET_NAME.matcher(name).matches()) {
            throw TerminalFailure.badRequest("BadParameter", "secretName", "A secret name must be 1-127 characters: letters, digits and dashes.");
        }
        return name.toLowerCase(Locale.ROOT);
    }

    private static Optional<String> versionKey(String version) {
        return version != null && VERSION_ID.matcher(version).matches() ? Optional.of(version.toLowerCase(Locale.ROOT)) : Optional.empty();
    }

    @Override
    public boolean claimVault(String vault, String owner) {
        String vk = vaultKey(vault);
        return db.withHandle(h -> {
            h.createUpdate("INSERT INTO vaults (vault_key, owner) VALUES (:v, :o) ON CONFLICT DO NOTHING").bind("v", vk).bind("o", owner).execute();
            return h.createQuery("SELECT owner FROM vaults WHERE vault_key = :v").bind("v", vk).mapTo(String.class).one()
                    .equalsIgnoreCase(owner);
        });
    }

    @Override
    public Optional<String> vaultOwner(String vault) {
        String vk = vaultKey(vault);
        return db.withHandle(h -> h.createQuery("SELECT owner FROM vaults WHERE vault_key = :v").bind("v", vk).mapTo(String.class).findOne());
    }

    @Override
    public void dropVault(String vault) {
        String vk = vaultKey(vault);
        db.inTransaction(t -> {
            t.createUpdate("DELETE FROM vault_secret_versions WHERE vault_key = :v").bind("v", vk).execute();
            t.createUpdate("DELETE FROM vault_secrets WHERE vault_key = :v").bind("v", vk).execute();
            return t.createUpdate("DELETE FROM vaults WHERE vault_key = :v").bind("v", vk).execute();
        });
    }

    @Override
    public VaultSecretVersion setSecret(String vault, String name, Secret value, String contentType, Instant now) {
        String vk = vaultKey(vault);
        String nk = nameKey(name);
        String version = UUID.randomUUID().toString().replace("-", "");
        MasterKeys.Sealed s = keys.seal(value.reveal().getBytes(StandardCharsets.UTF_8), vaultAd(vk, nk, version));
        return db.inTransaction(t -> {
            t.createUpdate("INSERT INTO vault_secrets (vault_key, name_key, name) VALUES (:v, :n, :name) ON CONFLICT DO NOTHING")
                    .bind("v", vk).bind("n", nk).bind("name", name).execute();
            SecretRow secret = t.createQuery("SELECT name, deleted_at FROM vault_secrets WHERE vault_key = :v AND name_key = :n"
                    + db.dialect().forUpdate()).bind("v", vk).bind("n", nk)
                    .map((rs, ctx) -> new SecretRow(rs.getString("name"), rs.getString("deleted_at"))).one();
            if (secret.deletedAt() != null) {
                throw TerminalFailure.conflict("ObjectIsDeletedButRecoverable", name, "Secret " + name + " is currently in a deleted"
                        + " but recoverable state, and its name cannot be reused; in this state, the secret can only be recovered or purged.");
            }
            int seq = t.createQuery("SELECT coalesce(max(seq), 0) + 1 FROM vault_secret_versions WHERE vault_key = :v AND name_key = :n")
                    .bind("v", vk).bind("n", nk).mapTo(Integer.class).one();
            t.createUpdate("INSERT INTO vault_secret_versions (vault_key, name_key, version, seq, content_type, enabled, created_at,"
                            + " updated_at, ciphertext, wrapped_key, key_version) VALUES (:v, :n, :ver, :seq, :ct, 1, :at, :at, :c, :w, :kv)")
                    .bind("v", vk).bind("n", nk).bind("ver", version).bind("seq", seq).bind("ct", contentType).bind("at", now.toString())
                    .bind("c", s.ciphertext()).bind("w", s.wrappedKey()).bind("kv", s.keyVersion()).execute();
            return new VaultSecretVersion(vk, secret.name(), version, contentType, true, now, now);
        });
    }

    private Optional<VersionRow> liveVersion(String vk, String nk, String version) {
        String where = " WHERE v.vault_key = :v AND v.name_key = :n AND s.deleted_at IS NULL"
                + (version == null ? " ORDER BY v.seq DESC LIMIT 1" : " AND v.version = :ver");
        return db.withHandle(h -> {
            var q = h.createQuery(VERSION_SELECT + where).bind("v", vk).bind("n", nk);
            if (version != null) q.bind("ver", version);
            return q.map(SqlVaults::versionRow).findOne();
        });
    }

    private Optional<VaultSecretValue> reveal(Optional<VersionRow> row) {
        if (row.isEmpty()) return Optional.empty();
        VersionRow r = row.get();
        if (!r.meta().enabled()) {
            throw new TerminalFailure(403, "Forbidden", r.meta().name(), "Operation get is not allowed on a disabled secret.");
        }
        byte[] plain = keys.open(r.sealed(), vaultAd(r.vaultKey(), r.nameKey(), r.meta().version()), r.what());
        if (r.keyVersion() != keys.primaryVersion()) rewrap(r);
        return Optional.of(new VaultSecretValue(r.meta(), Secret.of(new String(plain, StandardCharsets.UTF_8))));
    }

    private void rewrap(VersionRow r) {
        MasterKeys.Sealed n = keys.rewrap(r.sealed(), vaultAd(r.vaultKey(), r.nameKey(), r.meta().version()), r.what());
        db.useHandle(h -> h.createUpdate("UPDATE vault_secret_versions SET wrapped_key = :w, key_version = :v"
                        + " WHERE vault_key = :vk AND name_key = :nk AND version = :ver AND wrapped_key = :old")
                .bind("w", n.wrappedKey()).bind("v", n.keyVersion()).bind("vk", r.vaultKey()).bind("nk", r.nameKey())
                .bind("ver", r.meta().version()).bind("old", r.wrappedKey()).execute());
    }

    /** Rewraps at most {@code limit} versions still on an older master key version; returns how many. */
    int rewrapBatch(int limit) {
        List<VersionRow> rows = db.withHandle(h -> h.createQuery(VERSION_SELECT + " WHERE v.key_version <> :p"
                        + " ORDER BY v.vault_key, v.name_key, v.seq LIMIT :n").bind("p", keys.primaryVersion()).bind("n", limit)
                .map(SqlVaults::versionRow).list());
        rows.forEach(this::rewrap);
        return rows.size();
    }

    @Override
    public Optional<VaultSecretValue> secret(String vault, String name) {
        return reveal(liveVersion(vaultKey(vault), nameKey(name), null));
    }

    @Override
    public Optional<VaultSecretValue> secret(String vault, String name, String version) {
        String vk = vaultKey(vault);
        String nk = nameKey(name);
        Optional<String> ver = versionKey(version);
        return ver.isEmpty() ? Optional.empty() : reveal(liveVersion(vk, nk, ver.get()));
    }

    @Override
    public Optional<VaultSecretVersion> latest(String vault, String name) {
        return liveVersion(vaultKey(vault), nameKey(name), null).map(VersionRow::meta);
    }

    @Override
    public List<VaultSecretVersion> versions(String vault, String name) {
        String vk = vaultKey(vault);
        String nk = nameKey(name);
        return db.withHandle(h -> h.createQuery(VERSION_SELECT + " WHERE v.vault_key = :v AND v.name_key = :n AND s.deleted_at IS NULL"
                + " ORDER BY v.seq").bind("v", vk).bind("n", nk).map(SqlVaults::versionRow).list())
                .stream().map(VersionRow::meta).toList();
    }

    @Override
    public List<VaultSecretVersion> secrets(String vault) {
        String vk = vaultKey(vault);
        return db.withHandle(h -> h.createQuery(VERSION_SELECT + " WHERE v.vault_key = :v AND s.deleted_at IS NULL AND v.seq ="
                + " (SELECT max(x.seq) FROM vault_secret_versions x WHERE x.vault_key = v.vault_key AND x.name_key = v.name_key)"
                + " ORDER BY v.name_key").bind("v", vk).map(SqlVaults::versionRow).list()).stream().map(VersionRow::meta).toList();
    }

    @Override
    public boolean setEnabled(String vault, String name, String version, boolean enabled, Instant now) {
        String vk = vaultKey(vault);
        String nk = nameKey(name);
        Optional<String> ver = versionKey(version);
        if (ver.isEmpty()) return false;
        return db.withHandle(h -> h.createUpdate("UPDATE vault_secret_versions SET enabled = :e, updated_at = :at WHERE vault_key = :v"
                        + " AND name_key = :n AND version = :ver AND EXISTS (SELECT 1 FROM vault_secrets s WHERE s.vault_key = :v"
                        + " AND s.name_key = :n AND s.deleted_at IS NULL)")
                .bind("e", enabled ? 1 : 0).bind("at", now.toString()).bind("v", vk).bind("n", nk).bind("ver", ver.get()).execute()) > 0;
    }

    @Override
    public Optional<DeletedVaultSecret> deleteSecret(String vault, String name, Instant now) {
        String vk = vaultKey(vault);
        String nk = nameKey(name);
        int n = db.withHandle(h -> h.createUpdate("UPDATE vault_secrets SET deleted_at = :at, scheduled_purge_at = :p"
                        + " WHERE vault_key = :v AND name_key = :n AND deleted_at IS NULL")
                .bind("at", now.toString()).bind("p", now.plus(RETENTION).toString()).bind("v", vk).bind("n", nk).execute());
        return n == 0 ? Optional.empty() : deletedSecret(vault, name);
    }

    private static DeletedVaultSecret deletedRow(ResultSet rs, StatementContext ctx) throws SQLException {
        return new DeletedVaultSecret(rs.getString("vault_key"), rs.getString("name"), Instant.parse(rs.getString("deleted_at")),
                Instant.parse(rs.getString("scheduled_purge_at")));
    }

    @Override
    public Optional<DeletedVaultSecret> deletedSecret(String vault, String name) {
        String vk = vaultKey(vault);
        String nk = nameKey(name);
        return db.withHandle(h -> h.createQuery("SELECT * FROM vault_secrets WHERE vault_key = :v AND name_key = :n AND deleted_at IS NOT NULL")
                .bind("v", vk).bind("n", nk).map(SqlVaults::deletedRow).findOne());
    }

    @Override
    public List<DeletedVaultSecret> deletedSecrets(String vault) {
        String vk = vaultKey(vault);
        return db.withHandle(h -> h.createQuery("SELECT * FROM vault_secrets WHERE vault_key = :v AND deleted_at IS NOT NULL ORDER BY name_key")
                .bind("v", vk).map(SqlVaults::deletedRow).list());
    }

    @Override
    public boolean recoverSecret(String vault, String name) {
        String vk = vaultKey(vault);
        String nk = nameKey(name);
        return db.withHandle(h -> h.createUpdate("UPDATE vault_secrets SET deleted_at = NULL, scheduled_purge_at = NULL"
                + " WHERE vault_key = :v AND name_key = :n AND deleted_at IS NOT NULL").bind("v", vk).bind("n", nk).execute()) > 0;
    }

    @Override
    public boolean purgeSecret(String vault, String name) {
        String vk = vaultKey(vault);
        String nk = nameKey(name);
        return db.inTransaction(t -> {
            int n = t.createUpdate("DELETE FROM vault_secrets WHERE vault_key = :v AND name_key = :n AND deleted_at IS NOT NULL")
                    .bind("v", vk).bind("n", nk).execute();
            if (n > 0) {
                t.createUpdate("DELETE FROM vault_secret_versions WHERE vault_key = :v AND name_key = :n").bind("v", vk).bind("n", nk).execute();
            }
            return n > 0;
        });
    }
}
