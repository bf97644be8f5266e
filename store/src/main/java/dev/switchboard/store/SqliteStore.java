package dev.switchboard.store;

import dev.switchboard.core.access.Grant;
import dev.switchboard.core.access.Role;
import dev.switchboard.core.failure.TerminalFailure;
import dev.switchboard.core.id.ResourceId;
import dev.switchboard.core.secret.Secret;
import dev.switchboard.core.store.AuditEntry;
import dev.switchboard.core.store.AuditLog;
import dev.switchboard.core.store.Etags;
import dev.switchboard.core.store.Footprint;
import dev.switchboard.core.store.FootprintStore;
import dev.switchboard.core.store.JournalEntry;
import dev.switchboard.core.store.Operation;
import dev.switchboard.core.store.OperationIntent;
import dev.switchboard.core.store.OperationStore;
import dev.switchboard.core.store.ResourceStore;
import dev.switchboard.core.store.SecretStore;
import dev.switchboard.core.store.StoredResource;
import dev.switchboard.core.store.StoredToken;
import dev.switchboard.core.store.TokenStore;
import dev.switchboard.core.store.VaultSecretValue;
import dev.switchboard.core.store.VaultSecretVersion;
import dev.switchboard.core.store.VaultStore;
import dev.switchboard.core.store.DeletedVaultSecret;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.ConnectionFactory;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.HandleConsumer;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;

/**
 * The embedded store: one SQLite file in the data directory. Writes are serialised in-process (one Switchboard
 * process owns the file), which also makes the ETag check-then-write atomic.
 */
public final class SqliteStore implements AuditLog, ResourceStore, SecretStore, VaultStore, FootprintStore, OperationStore, TokenStore, AutoCloseable {
    private final Jdbi jdbi;
    private final Connection connection;
    private final StoreJson json = new StoreJson();
    private final ReentrantLock writeLock = new ReentrantLock();
    private final MasterKeys keys;
    private static final Logger LOG = LoggerFactory.getLogger(SqliteStore.class);

    /** The master key file's name in a data directory. */
    public static final String MASTER_KEY_FILE = "master.key";

    /** The default layout of a data directory: the master key file {@code master.key} beside the store file. */
    public SqliteStore(Path file) {
        this(file, file.toAbsolutePath().resolveSibling(MASTER_KEY_FILE));
    }

    /**
     * Opens (and migrates) the store. {@code masterKeyFile} holds the key that encrypts the store's secrets: it is
     * created, owner-only, when missing and the store holds no encrypted secret yet; when the store has encrypted
     * secrets it must be the file they were written with, or opening fails with a clear message. Values kept in plain
     * text by an older version are encrypted here, once.
     */
    public SqliteStore(Path file, Path masterKeyFile) {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setBusyTimeout(10_000);
        config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        // freed pages (an overwritten or purged secret) are zeroed, not left behind in the file
        config.setPragma(SQLiteConfig.Pragma.SECURE_DELETE, "true");
        SQLiteDataSource ds = new SQLiteDataSource(config);
        ds.setUrl("jdbc:sqlite:" + file.toAbsolutePath());
        Flyway.configure().dataSource(ds).locations("classpath:db/migration/sqlite").load().migrate();
        try {
            this.connection = ds.getConnection();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open the store " + file, e);
        }
        // One connection for the process, kept open: opening a SQLite file per statement cost more than the
        // statements themselves. Access is serialised by the lock, as a SQLite connection needs.
        this.jdbi = Jdbi.create(new ConnectionFactory() {
            @Override
            public Connection openConnection() {
                return connection;
            }

            @Override
            public void closeConnection(Connection c) {
                // kept open until close()
            }
        });
        try {
            this.keys = MasterKeys.open(masterKeyFile, !hasEncryptedRows());
            checkMasterKey();
            encryptLegacySecrets();
        } catch (RuntimeException e) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // the first failure is the one to report
            }
            throw e;
        }
    }

    private <R> R withHandle(HandleCallback<R, RuntimeException> callback) {
        writeLock.lock();
        try {
            return jdbi.withHandle(callback);
        } finally {
            writeLock.unlock();
        }
    }

    private void useHandle(HandleConsumer<RuntimeException> consumer) {
        withHandle(h -> {
            consumer.useHandle(h);
            return null;
        });
    }

    @Override
    public void close() {
        writeLock.lock();
        try {
            connection.close();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        } finally {
            writeLock.unlock();
        }
    }

    // ---- resources

    @Override
    public Optional<StoredResource> get(ResourceId id) {
        return withHandle(h -> h.createQuery("SELECT * FROM resources WHERE key = :k").bind("k", id.key())
                .map(this::resourceRow).findOne());
    }

    @Override
    public List<StoredResource> children(ResourceId parent, String fullType) {
        return withHandle(h -> h.createQuery("SELECT * FROM resources WHERE parent_key = :p AND type = :t ORDER BY key")
                .bind("p", parent.key()).bind("t", fullType.toLowerCase(Locale.ROOT))
                .map(this::resourceRow).list());
    }

    @Override
    public List<StoredResource> under(ResourceId scope) {
        String prefix = scope.key() + "/";
        return withHandle(h -> h.createQuery("SELECT * FROM resources WHERE substr(key, 1, length(:p)) = :p ORDER BY key")
                .bind("p", prefix)
                .map(this::resourceRow).list());
    }

    @Override
    public List<StoredResource> ofType(String fullType) {
        String last = fullType.substring(fullType.lastIndexOf('/') + 1).toLowerCase(java.util.Locale.ROOT);
        // The key holds the type's last segment as a path segment; the exact type is checked on the parsed ID.
        return withHandle(h -> h.createQuery("SELECT * FROM resources WHERE instr(key, :segment) > 0 ORDER BY key")
                .bind("segment", "/" + last + "/")
                .map(this::resourceRow).list()).stream().filter(r -> r.id().fullType().equalsIgnoreCase(fullType)).toList();
    }

    @Override
    public StoredResource put(ResourceId id, Map<String, Object> body, String ifMatch, String actor, Instant now) {
        writeLock.lock();
        try {
            Optional<StoredResource> existing = get(id);
            Etags.require(id, existing, ifMatch);
            String etag = "\"" + UUID.randomUUID() + "\"";
            String createdBy = existing.map(StoredResource::createdBy).orElse(actor);
            Instant createdAt = existing.map(StoredResource::createdAt).orElse(now);
            useHandle(h -> h.createUpdate("INSERT OR REPLACE INTO resources (key, id, parent_key, type, body, etag, created_by,"
                            + " created_at, modified_by, modified_at) VALUES (:key, :id, :parent, :type, :body, :etag, :cb, :ca, :mb, :ma)")
                    .bind("key", id.key()).bind("id", id.toString()).bind("parent", parentKey(id))
                    .bind("type", id.fullType().toLowerCase(Locale.ROOT)).bind("body", json.write(body)).bind("etag", etag)
                    .bind("cb", createdBy).bind("ca", createdAt.toString()).bind("mb", actor).bind("ma", now.toString()).execute());
            return new StoredResource(id, body, etag, createdBy, createdAt, actor, now);
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public boolean delete(ResourceId id, String ifMatch) {
        writeLock.lock();
        try {
            Etags.require(id, get(id), ifMatch);
            return withHandle(h -> h.createUpdate("DELETE FROM resources WHERE key = :k").bind("k", id.key()).execute()) > 0;
        } finally {
            writeLock.unlock();
        }
    }

    private static String parentKey(ResourceId id) {
        ResourceId parent = id.parent();
        return parent == null ? "" : parent.key();
    }

    private StoredResource resourceRow(ResultSet rs, StatementContext ctx) throws SQLException {
        return new StoredResource(ResourceId.parse(rs.getString("id")), json.readMap(rs.getString("body")), rs.getString("etag"),
                rs.getString("created_by"), Instant.parse(rs.getString("created_at")),
                rs.getString("modified_by"), Instant.parse(rs.getString("modified_at")));
    }

    // ---- secrets, encrypted at rest (envelope encryption: a data key per value, wrapped by the master key)

    private record SecretRow(String name, String legacy, byte[] ciphertext, byte[] wrappedKey, int keyVersion) {
        MasterKeys.Sealed sealed() {
            return new MasterKeys.Sealed(ciphertext, wrappedKey, keyVersion);
        }
    }

    /** Associated data: binds a ciphertext and its wrapped key to the secret's name (a row copied to another name fails). */
    private static byte[] secretAd(String name) {
        return ("switchboard/secret\0" + name).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] vaultAd(String vaultKey, String nameKey, String version) {
        return ("switchboard/vault-secret\0" + vaultKey + "\0" + nameKey + "\0" + version).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void put(String name, Secret value) {
        MasterKeys.Sealed s = keys.seal(value.reveal().getBytes(StandardCharsets.UTF_8), secretAd(name));
        useHandle(h -> h.createUpdate("INSERT OR REPLACE INTO secrets (name, legacy_value, ciphertext, wrapped_key, key_version)"
                        + " VALUES (:n, NULL, :c, :w, :v)")
                .bind("n", name).bind("c", s.ciphertext()).bind("w", s.wrappedKey()).bind("v", s.keyVersion()).execute());
    }

    @Override
    public Optional<Secret> get(String name) {
        writeLock.lock();
        try {
            Optional<SecretRow> row = withHandle(h -> h.createQuery("SELECT * FROM secrets WHERE name = :n").bind("n", name)
                    .map(SqliteStore::secretRow).findOne());
            if (row.isEmpty()) return Optional.empty();
            SecretRow r = row.get();
            if (r.legacy() != null) return Optional.of(Secret.of(r.legacy()));
            byte[] plain = keys.open(r.sealed(), secretAd(name), "secret '" + name + "'");
            if (r.keyVersion() != keys.primaryVersion()) rewrapSecret(r);
            return Optional.of(Secret.of(new String(plain, StandardCharsets.UTF_8)));
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public void delete(String name) {
        useHandle(h -> h.createUpdate("DELETE FROM secrets WHERE name = :n").bind("n", name).execute());
    }

    private static SecretRow secretRow(ResultSet rs, StatementContext ctx) throws SQLException {
        return new SecretRow(rs.getString("name"), rs.getString("legacy_value"), rs.getBytes("ciphertext"), rs.getBytes("wrapped_key"),
                rs.getInt("key_version"));
    }

    private void rewrapSecret(SecretRow r) {
        MasterKeys.Sealed n = keys.rewrap(r.sealed(), secretAd(r.name()), "secret '" + r.name() + "'");
        useHandle(h -> h.createUpdate("UPDATE secrets SET wrapped_key = :w, key_version = :v WHERE name = :n AND key_version = :old")
                .bind("w", n.wrappedKey()).bind("v", n.keyVersion()).bind("n", r.name()).bind("old", r.keyVersion()).execute());
    }

    private void rewrapVersion(VersionRow r) {
        String what = "version " + r.meta().version() + " of vault secret '" + r.meta().name() + "'";
        MasterKeys.Sealed n = keys.rewrap(r.sealed(), vaultAd(r.vaultKey(), r.nameKey(), r.meta().version()), what);
        useHandle(h -> h.createUpdate("UPDATE vault_secret_versions SET wrapped_key = :w, key_version = :v"
                        + " WHERE vault_key = :vk AND name_key = :nk AND version = :ver AND key_version = :old")
                .bind("w", n.wrappedKey()).bind("v", n.keyVersion()).bind("vk", r.vaultKey()).bind("nk", r.nameKey())
                .bind("ver", r.meta().version()).bind("old", r.keyVersion()).execute());
    }

    /** The master key version new values are wrapped with (a Tink key id). */
    public int masterKeyVersion() {
        return keys.primaryVersion();
    }

    /**
     * Adds a new master key version, which wraps every value written from now on; the key file keeps the old versions,
     * so older rows stay readable. They move to the new version lazily: when read, or by {@link #rewrapBatch}.
     * Returns the new version.
     */
    public int rotateMasterKey() {
        writeLock.lock();
        try {
            return keys.rotate();
        } finally {
            writeLock.unlock();
        }
    }

    /** How many stored values (secrets and Key Vault secret versions) are still wrapped by an older master key version. */
    public int rowsOnOldMasterKeys() {
        int primary = keys.primaryVersion();
        return withHandle(h -> h.createQuery("SELECT (SELECT count(*) FROM secrets WHERE ciphertext IS NOT NULL AND key_version <> :p)"
                + " + (SELECT count(*) FROM vault_secret_versions WHERE key_version <> :p)").bind("p", primary).mapTo(Integer.class).one());
    }

    /** Rewraps at most {@code limit} values still on an older master key version; returns how many it rewrapped. */
    public int rewrapBatch(int limit) {
        writeLock.lock();
        try {
            int primary = keys.primaryVersion();
            List<SecretRow> rows = withHandle(h -> h.createQuery("SELECT * FROM secrets WHERE ciphertext IS NOT NULL AND key_version <> :p"
                    + " ORDER BY name LIMIT :n").bind("p", primary).bind("n", limit).map(SqliteStore::secretRow).list());
            rows.forEach(this::rewrapSecret);
            int left = limit - rows.size();
            if (left <= 0) return rows.size();
            List<VersionRow> versions = withHandle(h -> h.createQuery(VERSION_SELECT + " WHERE v.key_version <> :p"
                    + " ORDER BY v.vault_key, v.name_key, v.seq LIMIT :n").bind("p", primary).bind("n", left).map(SqliteStore::versionRow).list());
            versions.forEach(this::rewrapVersion);
            return rows.size() + versions.size();
        } finally {
            writeLock.unlock();
        }
    }

    private boolean hasEncryptedRows() {
        return withHandle(h -> h.createQuery("SELECT (SELECT count(*) FROM secrets WHERE ciphertext IS NOT NULL)"
                + " + (SELECT count(*) FROM vault_secret_versions)").mapTo(Integer.class).one()) > 0;
    }

    /**
     * Fails at start, clearly, when the key file is not the one the store's values were written with (it lacks a version
     * they use). A single altered row does not stop the store: reading that row fails, with the secret's name.
     */
    private void checkMasterKey() {
        List<Integer> used = withHandle(h -> h.createQuery("SELECT key_version FROM secrets WHERE key_version IS NOT NULL"
                + " UNION SELECT key_version FROM vault_secret_versions").mapTo(Integer.class).list());
        for (int version : used) {
            if (!keys.versions().contains(version)) {
                throw new IllegalStateException("the store's secrets are wrapped by master key version " + Integer.toUnsignedString(version)
                        + ", which the master key file " + keys.file() + " does not hold: wrong master key file?");
            }
        }
    }

    /** Values a version before V4 kept in plain text: encrypted in place, then the file is compacted so no copy remains. */
    private void encryptLegacySecrets() {
        List<SecretRow> legacy = withHandle(h -> h.createQuery("SELECT * FROM secrets WHERE legacy_value IS NOT NULL")
                .map(SqliteStore::secretRow).list());
        if (legacy.isEmpty()) return;
        for (SecretRow r : legacy) {
            MasterKeys.Sealed s = keys.seal(r.legacy().getBytes(StandardCharsets.UTF_8), secretAd(r.name()));
            useHandle(h -> h.createUpdate("UPDATE secrets SET legacy_value = NULL, ciphertext = :c, wrapped_key = :w, key_version = :v"
                    + " WHERE name = :n").bind("c", s.ciphertext()).bind("w", s.wrappedKey()).bind("v", s.keyVersion())
                    .bind("n", r.name()).execute());
        }
        useHandle(h -> {
            h.createQuery("PRAGMA wal_checkpoint(TRUNCATE)").mapToMap().list();
            h.execute("VACUUM");
            h.createQuery("PRAGMA wal_checkpoint(TRUNCATE)").mapToMap().list();
        });
        LOG.info("encrypted {} secret(s) kept in plain text by an older version of the store", legacy.size());
    }

    // ---- Key Vault secrets

    private static final Pattern VAULT_NAME = Pattern.compile("[a-zA-Z][a-zA-Z0-9-]{1,22}[a-zA-Z0-9]");
    private static final Pattern SECRET_NAME = Pattern.compile("[0-9a-zA-Z-]{1,127}");
    private static final Pattern VERSION_ID = Pattern.compile("[0-9a-fA-F]{32}");
    private static final String VERSION_SELECT = "SELECT v.vault_key, v.name_key, s.name, v.version, v.content_type, v.enabled,"
            + " v.created_at, v.updated_at, v.ciphertext, v.wrapped_key, v.key_version FROM vault_secret_versions v"
            + " JOIN vault_secrets s ON s.vault_key = v.vault_key AND s.name_key = v.name_key";

    private record VersionRow(String vaultKey, String nameKey, VaultSecretVersion meta, byte[] ciphertext, byte[] wrappedKey, int keyVersion) {
        MasterKeys.Sealed sealed() {
            return new MasterKeys.Sealed(ciphertext, wrappedKey, keyVersion);
        }
    }

    private static VersionRow versionRow(ResultSet rs, StatementContext ctx) throws SQLException {
        VaultSecretVersion meta = new VaultSecretVersion(rs.getString("vault_key"), rs.getString("name"), rs.getString("version"),
                rs.getString("content_type"), rs.getInt("enabled") != 0, Instant.parse(rs.getString("created_at")),
                Instant.parse(rs.getString("updated_at")));
        return new VersionRow(rs.getString("vault_key"), rs.getString("name_key"), meta, rs.getBytes("ciphertext"),
                rs.getBytes("wrapped_key"), rs.getInt("key_version"));
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
        return withHandle(h -> {
            h.createUpdate("INSERT OR IGNORE INTO vaults (vault_key, owner) VALUES (:v, :o)").bind("v", vk).bind("o", owner).execute();
            return h.createQuery("SELECT owner FROM vaults WHERE vault_key = :v").bind("v", vk).mapTo(String.class).one()
                    .equalsIgnoreCase(owner);
        });
    }

    @Override
    public Optional<String> vaultOwner(String vault) {
        return withHandle(h -> h.createQuery("SELECT owner FROM vaults WHERE vault_key = :v").bind("v", vaultKey(vault))
                .mapTo(String.class).findOne());
    }

    @Override
    public void dropVault(String vault) {
        String vk = vaultKey(vault);
        useHandle(h -> h.useTransaction(t -> {
            t.createUpdate("DELETE FROM vault_secret_versions WHERE vault_key = :v").bind("v", vk).execute();
            t.createUpdate("DELETE FROM vault_secrets WHERE vault_key = :v").bind("v", vk).execute();
            t.createUpdate("DELETE FROM vaults WHERE vault_key = :v").bind("v", vk).execute();
        }));
    }

    @Override
    public VaultSecretVersion setSecret(String vault, String name, Secret value, String contentType, Instant now) {
        String vk = vaultKey(vault);
        String nk = nameKey(name);
        String version = UUID.randomUUID().toString().replace("-", "");
        MasterKeys.Sealed s = keys.seal(value.reveal().getBytes(StandardCharsets.UTF_8), vaultAd(vk, nk, version));
        return withHandle(h -> h.inTransaction(t -> {
            Optional<String> deletedAt = t.createQuery("SELECT coalesce(deleted_at, '') FROM vault_secrets WHERE vault_key = :v AND name_key = :n")
                    .bind("v", vk).bind("n", nk).mapTo(String.class).findOne();
            if (deletedAt.isPresent() && !deletedAt.get().isEmpty()) {
                throw TerminalFailure.conflict("ObjectIsDeletedButRecoverable", name, "Secret " + name + " is currently in a deleted"
                        + " but recoverable state, and its name cannot be reused; in this state, the secret can only be recovered or purged.");
            }
            if (deletedAt.isEmpty()) {
                t.createUpdate("INSERT INTO vault_secrets (vault_key, name_key, name) VALUES (:v, :n, :name)")
                        .bind("v", vk).bind("n", nk).bind("name", name).execute();
            }
            int seq = t.createQuery("SELECT coalesce(max(seq), 0) + 1 FROM vault_secret_versions WHERE vault_key = :v AND name_key = :n")
                    .bind("v", vk).bind("n", nk).mapTo(Integer.class).one();
            t.createUpdate("INSERT INTO vault_secret_versions (vault_key, name_key, version, seq, content_type, enabled, created_at,"
                            + " updated_at, ciphertext, wrapped_key, key_version) VALUES (:v, :n, :ver, :seq, :ct, 1, :at, :at, :c, :w, :kv)")
                    .bind("v", vk).bind("n", nk).bind("ver", version).bind("seq", seq).bind("ct", contentType).bind("at", now.toString())
                    .bind("c", s.ciphertext()).bind("w", s.wrappedKey()).bind("kv", s.keyVersion()).execute();
            String display = t.createQuery("SELECT name FROM vault_secrets WHERE vault_key = :v AND name_key = :n")
                    .bind("v", vk).bind("n", nk).mapTo(String.class).one();
            return new VaultSecretVersion(vk, display, version, contentType, true, now, now);
        }));
    }

    private Optional<VersionRow> liveVersion(String vk, String nk, String version) {
        String where = " WHERE v.vault_key = :v AND v.name_key = :n AND s.deleted_at IS NULL"
                + (version == null ? " ORDER BY v.seq DESC LIMIT 1" : " AND v.version = :ver");
        return withHandle(h -> {
            var q = h.createQuery(VERSION_SELECT + where).bind("v", vk).bind("n", nk);
            if (version != null) q.bind("ver", version);
            return q.map(SqliteStore::versionRow).findOne();
        });
    }

    private Optional<VaultSecretValue> reveal(Optional<VersionRow> row) {
        if (row.isEmpty()) return Optional.empty();
        VersionRow r = row.get();
        if (!r.meta().enabled()) {
            throw new TerminalFailure(403, "Forbidden", r.meta().name(), "Operation get is not allowed on a disabled secret.");
        }
        byte[] plain = keys.open(r.sealed(), vaultAd(r.vaultKey(), r.nameKey(), r.meta().version()),
                "version " + r.meta().version() + " of vault secret '" + r.meta().name() + "'");
        if (r.keyVersion() != keys.primaryVersion()) rewrapVersion(r);
        return Optional.of(new VaultSecretValue(r.meta(), Secret.of(new String(plain, StandardCharsets.UTF_8))));
    }

    @Override
    public Optional<VaultSecretValue> secret(String vault, String name) {
        String vk = vaultKey(vault);
        String nk = nameKey(name);
        writeLock.lock();
        try {
            return reveal(liveVersion(vk, nk, null));
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public Optional<VaultSecretValue> secret(String vault, String name, String version) {
        String vk = vaultKey(vault);
        String nk = nameKey(name);
        Optional<String> ver = versionKey(version);
        if (ver.isEmpty()) return Optional.empty();
        writeLock.lock();
        try {
            return reveal(liveVersion(vk, nk, ver.get()));
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public Optional<VaultSecretVersion> latest(String vault, String name) {
        return liveVersion(vaultKey(vault), nameKey(name), null).map(VersionRow::meta);
    }

    @Override
    public List<VaultSecretVersion> versions(String vault, String name) {
        String vk = vaultKey(vault);
        String nk = nameKey(name);
        return withHandle(h -> h.createQuery(VERSION_SELECT + " WHERE v.vault_key = :v AND v.name_key = :n AND s.deleted_at IS NULL"
                + " ORDER BY v.seq").bind("v", vk).bind("n", nk).map(SqliteStore::versionRow).list())
                .stream().map(VersionRow::meta).toList();
    }

    @Override
    public List<VaultSecretVersion> secrets(String vault) {
        String vk = vaultKey(vault);
        return withHandle(h -> h.createQuery(VERSION_SELECT + " WHERE v.vault_key = :v AND s.deleted_at IS NULL AND v.seq ="
                + " (SELECT max(x.seq) FROM vault_secret_versions x WHERE x.vault_key = v.vault_key AND x.name_key = v.name_key)"
                + " ORDER BY v.name_key").bind("v", vk).map(SqliteStore::versionRow).list()).stream().map(VersionRow::meta).toList();
    }

    @Override
    public boolean setEnabled(String vault, String name, String version, boolean enabled, Instant now) {
        String vk = vaultKey(vault);
        String nk = nameKey(name);
        Optional<String> ver = versionKey(version);
        if (ver.isEmpty()) return false;
        return withHandle(h -> h.createUpdate("UPDATE vault_secret_versions SET enabled = :e, updated_at = :at WHERE vault_key = :v"
                        + " AND name_key = :n AND version = :ver AND EXISTS (SELECT 1 FROM vault_secrets s WHERE s.vault_key = :v"
                        + " AND s.name_key = :n AND s.deleted_at IS NULL)")
                .bind("e", enabled ? 1 : 0).bind("at", now.toString()).bind("v", vk).bind("n", nk).bind("ver", ver.get()).execute()) > 0;
    }

    @Override
    public Optional<DeletedVaultSecret> deleteSecret(String vault, String name, Instant now) {
        String vk = vaultKey(vault);
        String nk = nameKey(name);
        int n = withHandle(h -> h.createUpdate("UPDATE vault_secrets SET deleted_at = :at, scheduled_purge_at = :p"
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
        return withHandle(h -> h.createQuery("SELECT * FROM vault_secrets WHERE vault_key = :v AND name_key = :n AND deleted_at IS NOT NULL")
                .bind("v", vk).bind("n", nk).map(SqliteStore::deletedRow).findOne());
    }

    @Override
    public List<DeletedVaultSecret> deletedSecrets(String vault) {
        String vk = vaultKey(vault);
        return withHandle(h -> h.createQuery("SELECT * FROM vault_secrets WHERE vault_key = :v AND deleted_at IS NOT NULL ORDER BY name_key")
                .bind("v", vk).map(SqliteStore::deletedRow).list());
    }

    @Override
    public boolean recoverSecret(String vault, String name) {
        String vk = vaultKey(vault);
        String nk = nameKey(name);
        return withHandle(h -> h.createUpdate("UPDATE vault_secrets SET deleted_at = NULL, scheduled_purge_at = NULL"
                + " WHERE vault_key = :v AND name_key = :n AND deleted_at IS NOT NULL").bind("v", vk).bind("n", nk).execute()) > 0;
    }

    @Override
    public boolean purgeSecret(String vault, String name) {
        String vk = vaultKey(vault);
        String nk = nameKey(name);
        return withHandle(h -> h.inTransaction(t -> {
            int n = t.createUpdate("DELETE FROM vault_secrets WHERE vault_key = :v AND name_key = :n AND deleted_at IS NOT NULL")
                    .bind("v", vk).bind("n", nk).execute();
            if (n > 0) {
                t.createUpdate("DELETE FROM vault_secret_versions WHERE vault_key = :v AND name_key = :n").bind("v", vk).bind("n", nk).execute();
            }
            return n > 0;
        }));
    }

    // ---- footprints

    @Override
    public Optional<Footprint> footprint(ResourceId linker) {
        return withHandle(h -> h.createQuery("SELECT body FROM footprints WHERE linker_key = :k").bind("k", linker.key())
                .mapTo(String.class).findOne().map(b -> json.read(b, Footprint.class)));
    }

    @Override
    public List<Footprint> footprintsOfSource(ResourceId source) {
        return withHandle(h -> h.createQuery("SELECT body FROM footprints WHERE source_key = :k ORDER BY linker_key")
                .bind("k", source.key()).mapTo(String.class).map(b -> json.read(b, Footprint.class)).list());
    }

    @Override
    public List<Footprint> footprints() {
        return withHandle(h -> h.createQuery("SELECT body FROM footprints ORDER BY linker_key")
                .mapTo(String.class).map(b -> json.read(b, Footprint.class)).list());
    }

    @Override
    public void saveFootprint(Footprint f) {
        useHandle(h -> h.createUpdate("INSERT OR REPLACE INTO footprints (linker_key, source_key, body) VALUES (:k, :s, :b)")
                .bind("k", f.linker().key()).bind("s", f.source() == null ? "" : f.source().key()).bind("b", json.write(f)).execute());
    }

    @Override
    public void deleteFootprint(ResourceId linker) {
        useHandle(h -> h.createUpdate("DELETE FROM footprints WHERE linker_key = :k").bind("k", linker.key()).execute());
    }

    // ---- operations and journal

    @Override
    public void saveOperation(Operation op) {
        useHandle(h -> h.createUpdate("INSERT INTO operations (id, status, body) VALUES (:id, :s, :b)"
                        + " ON CONFLICT(id) DO UPDATE SET status = excluded.status, body = excluded.body")
                .bind("id", op.id()).bind("s", op.status()).bind("b", json.write(op)).execute());
    }

    @Override
    public Optional<Operation> operation(String id) {
        return withHandle(h -> h.createQuery("SELECT body FROM operations WHERE id = :id").bind("id", id)
                .mapTo(String.class).findOne().map(b -> json.read(b, Operation.class)));
    }

    @Override
    public List<Operation> unfinishedOperations() {
        return withHandle(h -> h.createQuery("SELECT body FROM operations WHERE status = :s ORDER BY id")
                .bind("s", Operation.IN_PROGRESS).mapTo(String.class).map(b -> json.read(b, Operation.class)).list());
    }

    @Override
    public void saveIntent(String operationId, OperationIntent intent) {
        useHandle(h -> h.createUpdate("UPDATE operations SET intent = :i WHERE id = :id")
                .bind("id", operationId).bind("i", json.write(intent)).execute());
    }

    @Override
    public Optional<OperationIntent> intent(String operationId) {
        return withHandle(h -> h.createQuery("SELECT intent FROM operations WHERE id = :id AND intent IS NOT NULL")
                .bind("id", operationId).mapTo(String.class).findOne().map(b -> json.read(b, OperationIntent.class)));
    }

    @Override
    public void append(JournalEntry entry) {
        useHandle(h -> h.createUpdate("INSERT INTO journal (operation_id, seq, body) VALUES (:o, :s, :b)")
                .bind("o", entry.operationId()).bind("s", entry.seq()).bind("b", json.write(entry)).execute());
    }

    @Override
    public List<JournalEntry> journal(String operationId) {
        return withHandle(h -> h.createQuery("SELECT body FROM journal WHERE operation_id = :o ORDER BY seq")
                .bind("o", operationId).mapTo(String.class).map(b -> json.read(b, JournalEntry.class)).list());
    }

    @Override
    public void clearJournal(String operationId) {
        useHandle(h -> h.createUpdate("DELETE FROM journal WHERE operation_id = :o").bind("o", operationId).execute());
    }

    // ---- access tokens

    @Override
    public boolean saveToken(StoredToken t) {
        ResourceId scope = t.grant().scope();
        // OR IGNORE: a taken id or name inserts nothing, which the caller answers with a 409; no check-then-insert race.
        return withHandle(h -> h.createUpdate("INSERT OR IGNORE INTO tokens (id, name, secret_hash, role, scope_key, scope_id,"
                        + " created_at, created_by) VALUES (:id, :name, :hash, :role, :sk, :sid, :ca, :cb)")
                .bind("id", t.id()).bind("name", t.name()).bind("hash", t.secretHash()).bind("role", t.grant().role().wire())
                .bind("sk", scope == null ? null : scope.key()).bind("sid", scope == null ? null : scope.toString())
                .bind("ca", t.createdAt().toString()).bind("cb", t.createdBy()).execute()) > 0;
    }

    @Override
    public Optional<StoredToken> token(String id) {
        return withHandle(h -> h.createQuery("SELECT * FROM tokens WHERE id = :id").bind("id", id).map(this::tokenRow).findOne());
    }

    @Override
    public List<StoredToken> tokensWithin(ResourceId scope) {
        if (scope == null) {
            return withHandle(h -> h.createQuery("SELECT * FROM tokens ORDER BY name").map(this::tokenRow).list());
        }
        return withHandle(h -> h.createQuery("SELECT * FROM tokens WHERE scope_key = :k OR substr(scope_key, 1, length(:p)) = :p"
                + " ORDER BY name").bind("k", scope.key()).bind("p", scope.key() + "/").map(this::tokenRow).list());
    }

    @Override
    public boolean deleteToken(String id) {
        return withHandle(h -> h.createUpdate("DELETE FROM tokens WHERE id = :id").bind("id", id).execute()) > 0;
    }

    private StoredToken tokenRow(ResultSet rs, StatementContext ctx) throws SQLException {
        String scope = rs.getString("scope_id");
        Role role = Role.parse(rs.getString("role")).orElseThrow(() -> new IllegalStateException("unknown role in the store"));
        return new StoredToken(rs.getString("id"), rs.getString("name"), rs.getString("secret_hash"),
                new Grant(role, scope == null ? null : ResourceId.parse(scope)), Instant.parse(rs.getString("created_at")),
                rs.getString("created_by"));
    }

    /** How many journal lines exist in all (tests assert it is zero once operations end). */
    public int journalSize() {
        return withHandle(h -> h.createQuery("SELECT count(*) FROM journal").mapTo(Integer.class).one());
    }

    // ---- audit log (append-only)

    @Override
    public void append(AuditEntry entry) {
        useHandle(h -> h.createUpdate("INSERT INTO audit (at_ms, target_key, body) VALUES (:at, :t, :b)")
                .bind("at", entry.at().toEpochMilli()).bind("t", entry.target().toLowerCase(java.util.Locale.ROOT))
                .bind("b", json.write(entry)).execute());
    }

    @Override
    public List<AuditEntry> entries(String targetPrefix, Instant from, Instant to, int limit) {
        String prefix = targetPrefix == null ? "" : targetPrefix.toLowerCase(java.util.Locale.ROOT);
        return withHandle(h -> h.createQuery("SELECT seq, body FROM audit WHERE (:p = '' OR target_key = :p"
                        + " OR substr(target_key, 1, length(:p) + 1) = :p || '/') AND at_ms >= :from AND at_ms <= :to ORDER BY seq LIMIT :n")
                .bind("p", prefix).bind("from", from == null ? Long.MIN_VALUE : from.toEpochMilli())
                .bind("to", to == null ? Long.MAX_VALUE : to.toEpochMilli()).bind("n", limit)
                .map((rs, ctx) -> withSeq(json.read(rs.getString("body"), AuditEntry.class), rs.getLong("seq"))).list());
    }

    private static AuditEntry withSeq(AuditEntry e, long seq) {
        return new AuditEntry(seq, e.at(), e.actor(), e.action(), e.target(), e.status(), e.outcome(), e.before(), e.after());
    }
}
