package dev.switchboard.store;

import dev.switchboard.core.id.ResourceId;
import dev.switchboard.core.secret.Secret;
import dev.switchboard.core.store.AuditEntry;
import dev.switchboard.core.store.AuditLog;
import dev.switchboard.core.store.ConnectionEvent;
import dev.switchboard.core.store.EventStore;
import dev.switchboard.core.store.DeletedVaultSecret;
import dev.switchboard.core.store.Footprint;
import dev.switchboard.core.store.FootprintStore;
import dev.switchboard.core.store.JournalEntry;
import dev.switchboard.core.store.LeaseStore;
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

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Switchboard's state in one SQL database: a SQLite file in the data directory (embedded, one process), or a
 * PostgreSQL database shared by several replicas. One implementation for both; what differs is in {@link Dialect}
 * and in each dialect's migrations ({@code db/migration/sqlite} and {@code db/migration/postgresql}, same versions).
 *
 * <p>Opening: {@code new SqlStore(file)} or {@code new SqlStore(file, masterKeyFile)} for SQLite;
 * {@link #postgres(String, String, String, Path)} for PostgreSQL, with the URL as pgjdbc's
 * {@code jdbc:postgresql://host:5432/db} (user and password apart) or as a libpq URI
 * {@code postgresql://user:password@host:5432/db} (arguments given apart win over the URI's).
 *
 * <p>Concurrency: SQLite serialises every statement in-process. PostgreSQL does each read-modify-write in one
 * transaction that locks the row it read ({@code SELECT ... FOR UPDATE}) or as one conditional statement
 * ({@code INSERT ... ON CONFLICT}, {@code UPDATE ... WHERE}), so it is atomic across replicas too.
 *
 * <p>Replicas must share the master key file (copy it to each; create it once, by starting one replica first).
 */
public final class SqlStore implements AuditLog, ResourceStore, SecretStore, VaultStore, FootprintStore, OperationStore, TokenStore,
        LeaseStore, EventStore, AutoCloseable {
    /** The master key file's name in a data directory. */
    public static final String MASTER_KEY_FILE = "master.key";

    private final Db db;
    private final StoreJson json = new StoreJson();
    private final SqlSecrets secrets;
    private final SqlVaults vaults;
    private final SqlAccess access;
    private final SqlResources resources;
    private final SqlFootprints footprints;
    private final SqlEvents events;

    /** The default layout of a data directory: the master key file {@code master.key} beside the store file. */
    public SqlStore(Path file) {
        this(file, file.toAbsolutePath().resolveSibling(MASTER_KEY_FILE));
    }

    /**
     * Opens (and migrates) a SQLite store. {@code masterKeyFile} holds the key that encrypts the store's secrets: it is
     * created, owner-only, when missing and the store holds no encrypted secret yet; when the store has encrypted
     * secrets it must be the file they were written with, or opening fails with a clear message. Values kept in plain
     * text by an older version are encrypted here, once.
     */
    public SqlStore(Path file, Path masterKeyFile) {
        this(Db.sqlite(file), masterKeyFile);
    }

    /**
     * Opens (and migrates) a PostgreSQL store through a small connection pool. {@code url}: see the class comment;
     * {@code user} and {@code password} may be null (then the URI's, or none). The master key file is used as for
     * SQLite, and every replica needs the same one.
     */
    public static SqlStore postgres(String url, String user, String password, Path masterKeyFile) {
        return new SqlStore(Db.postgres(PgUrl.parse(url, user, password)), masterKeyFile);
    }

    private SqlStore(Db db, Path masterKeyFile) {
        this.db = db;
        try {
            this.secrets = SqlSecrets.open(db, masterKeyFile);
        } catch (RuntimeException e) {
            try {
                db.close();
            } catch (RuntimeException ignored) {
                // the first failure is the one to report
            }
            throw e;
        }
        this.vaults = new SqlVaults(db, secrets.keys());
        this.access = new SqlAccess(db, json);
        this.resources = new SqlResources(db, json);
        this.footprints = new SqlFootprints(db, json);
        this.events = new SqlEvents(db, json);
    }

    /** True for PostgreSQL: several replicas may share this store (and then elect a leader through its leases). */
    public boolean shared() {
        return db.dialect() == Dialect.POSTGRESQL;
    }

    @Override
    public void close() {
        db.close();
    }

    // ---- resources: SqlResources

    @Override
    public Optional<StoredResource> get(ResourceId id) {
        return resources.get(id);
    }

    @Override
    public List<StoredResource> children(ResourceId parent, String fullType) {
        return resources.children(parent, fullType);
    }

    @Override
    public List<StoredResource> under(ResourceId scope) {
        return resources.under(scope);
    }

    @Override
    public List<StoredResource> ofType(String fullType) {
        return resources.ofType(fullType);
    }

    @Override
    public StoredResource put(ResourceId id, Map<String, Object> body, String ifMatch, String actor, Instant now) {
        return resources.put(id, body, ifMatch, actor, now);
    }

    @Override
    public boolean delete(ResourceId id, String ifMatch) {
        return resources.delete(id, ifMatch);
    }

    // ---- footprints: SqlFootprints

    @Override
    public Optional<Footprint> footprint(ResourceId linker) {
        return footprints.footprint(linker);
    }

    @Override
    public List<Footprint> footprintsOfSource(ResourceId source) {
        return footprints.footprintsOfSource(source);
    }

    @Override
    public List<Footprint> footprints() {
        return footprints.footprints();
    }

    @Override
    public void saveFootprint(Footprint f) {
        footprints.saveFootprint(f);
    }

    @Override
    public void deleteFootprint(ResourceId linker) {
        footprints.deleteFootprint(linker);
    }

    // ---- connection events: SqlEvents

    @Override
    public ConnectionEvent append(ConnectionEvent event) {
        return events.append(event);
    }

    @Override
    public List<ConnectionEvent> events(ResourceId linker, int limit) {
        return events.events(linker, limit);
    }

    @Override
    public void deleteEvents(ResourceId linker) {
        events.deleteEvents(linker);
    }

    // ---- operations and journal

    @Override
    public void saveOperation(Operation op) {
        db.useHandle(h -> h.createUpdate("INSERT INTO operations (id, status, body) VALUES (:id, :s, :b)"
                        + " ON CONFLICT (id) DO UPDATE SET status = excluded.status, body = excluded.body")
                .bind("id", op.id()).bind("s", op.status()).bind("b", json.write(op)).execute());
    }

    @Override
    public Optional<Operation> operation(String id) {
        return db.withHandle(h -> h.createQuery("SELECT body FROM operations WHERE id = :id").bind("id", id)
                .mapTo(String.class).findOne().map(b -> json.read(b, Operation.class)));
    }

    @Override
    public List<Operation> unfinishedOperations() {
        return db.withHandle(h -> h.createQuery("SELECT body FROM operations WHERE status = :s ORDER BY id")
                .bind("s", Operation.IN_PROGRESS).mapTo(String.class).map(b -> json.read(b, Operation.class)).list());
    }

    @Override
    public void saveIntent(String operationId, OperationIntent intent) {
        db.useHandle(h -> h.createUpdate("UPDATE operations SET intent = :i WHERE id = :id")
                .bind("id", operationId).bind("i", json.write(intent)).execute());
    }

    @Override
    public Optional<OperationIntent> intent(String operationId) {
        return db.withHandle(h -> h.createQuery("SELECT intent FROM operations WHERE id = :id AND intent IS NOT NULL")
                .bind("id", operationId).mapTo(String.class).findOne().map(b -> json.read(b, OperationIntent.class)));
    }

    /** One line; (operation, seq) is the key, so a second writer of the same line fails instead of doubling it. */
    @Override
    public void append(JournalEntry entry) {
        db.useHandle(h -> h.createUpdate("INSERT INTO journal (operation_id, seq, body) VALUES (:o, :s, :b)")
                .bind("o", entry.operationId()).bind("s", entry.seq()).bind("b", json.write(entry)).execute());
    }

    @Override
    public List<JournalEntry> journal(String operationId) {
        return db.withHandle(h -> h.createQuery("SELECT body FROM journal WHERE operation_id = :o ORDER BY seq")
                .bind("o", operationId).mapTo(String.class).map(b -> json.read(b, JournalEntry.class)).list());
    }

    @Override
    public void clearJournal(String operationId) {
        db.useHandle(h -> h.createUpdate("DELETE FROM journal WHERE operation_id = :o").bind("o", operationId).execute());
    }

    /** How many journal lines exist in all (tests assert it is zero once operations end). */
    public int journalSize() {
        return db.withHandle(h -> h.createQuery("SELECT count(*) FROM journal").mapTo(Integer.class).one());
    }

    // ---- leases (leader election among replicas)

    @Override
    public Optional<Lease> tryAcquire(String name, String holder, String holderUrl, Duration ttl, Instant now) {
        if (ttl.isNegative() || ttl.isZero()) throw new IllegalArgumentException("a lease's ttl must be positive, not " + ttl);
        long expires = now.plus(ttl).toEpochMilli();
        // one statement: the conflict's WHERE decides, under the row's lock, whether the lease is free or already ours
        int n = db.withHandle(h -> h.createUpdate("INSERT INTO leases (name, holder, holder_url, expires_ms) VALUES (:n, :h, :u, :e)"
                        + " ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, holder_url = excluded.holder_url,"
                        + " expires_ms = excluded.expires_ms WHERE leases.holder = excluded.holder OR leases.expires_ms <= :now")
                .bind("n", name).bind("h", holder).bind("u", holderUrl).bind("e", expires).bind("now", now.toEpochMilli()).execute());
        return n > 0 ? Optional.of(new Lease(name, holder, holderUrl, Instant.ofEpochMilli(expires))) : Optional.empty();
    }

    @Override
    public Optional<Lease> current(String name, Instant now) {
        return db.withHandle(h -> h.createQuery("SELECT * FROM leases WHERE name = :n AND expires_ms > :now")
                .bind("n", name).bind("now", now.toEpochMilli())
                .map((rs, ctx) -> new Lease(rs.getString("name"), rs.getString("holder"), rs.getString("holder_url"),
                        Instant.ofEpochMilli(rs.getLong("expires_ms")))).findOne());
    }

    @Override
    public void release(String name, String holder) {
        db.useHandle(h -> h.createUpdate("DELETE FROM leases WHERE name = :n AND holder = :h").bind("n", name).bind("h", holder).execute());
    }

    // ---- secrets and the master key: SqlSecrets

    @Override
    public void put(String name, Secret value) {
        secrets.put(name, value);
    }

    @Override
    public Optional<Secret> get(String name) {
        return secrets.get(name);
    }

    @Override
    public void delete(String name) {
        secrets.delete(name);
    }

    /** The master key version new values are wrapped with (a Tink key id). */
    public int masterKeyVersion() {
        return secrets.keys().primaryVersion();
    }

    /**
     * Adds a new master key version, which wraps every value written from now on; the key file keeps the old versions,
     * so older rows stay readable. They move to the new version lazily: when read, or by {@link #rewrapBatch}.
     * Returns the new version. Replicas sharing the key file pick the version up when they first meet it.
     */
    public int rotateMasterKey() {
        return secrets.keys().rotate();
    }

    /** How many stored values (secrets and Key Vault secret versions) are still wrapped by an older master key version. */
    public int rowsOnOldMasterKeys() {
        return secrets.rowsOnOldMasterKeys();
    }

    /** Rewraps at most {@code limit} values still on an older master key version; returns how many it rewrapped. */
    public int rewrapBatch(int limit) {
        int done = secrets.rewrapBatch(limit);
        return done >= limit ? done : done + vaults.rewrapBatch(limit - done);
    }

    // ---- Key Vault secrets: SqlVaults

    @Override
    public boolean claimVault(String vault, String owner) {
        return vaults.claimVault(vault, owner);
    }

    @Override
    public Optional<String> vaultOwner(String vault) {
        return vaults.vaultOwner(vault);
    }

    @Override
    public void dropVault(String vault) {
        vaults.dropVault(vault);
    }

    @Override
    public VaultSecretVersion setSecret(String vault, String name, Secret value, String contentType, Instant now) {
        return vaults.setSecret(vault, name, value, contentType, now);
    }

    @Override
    public Optional<VaultSecretValue> secret(String vault, String name) {
        return vaults.secret(vault, name);
    }

    @Override
    public Optional<VaultSecretValue> secret(String vault, String name, String version) {
        return vaults.secret(vault, name, version);
    }

    @Override
    public Optional<VaultSecretVersion> latest(String vault, String name) {
        return vaults.latest(vault, name);
    }

    @Override
    public List<VaultSecretVersion> versions(String vault, String name) {
        return vaults.versions(vault, name);
    }

    @Override
    public List<VaultSecretVersion> secrets(String vault) {
        return vaults.secrets(vault);
    }

    @Override
    public boolean setEnabled(String vault, String name, String version, boolean enabled, Instant now) {
        return vaults.setEnabled(vault, name, version, enabled, now);
    }

    @Override
    public Optional<DeletedVaultSecret> deleteSecret(String vault, String name, Instant now) {
        return vaults.deleteSecret(vault, name, now);
    }

    @Override
    public Optional<DeletedVaultSecret> deletedSecret(String vault, String name) {
        return vaults.deletedSecret(vault, name);
    }

    @Override
    public List<DeletedVaultSecret> deletedSecrets(String vault) {
        return vaults.deletedSecrets(vault);
    }

    @Override
    public boolean recoverSecret(String vault, String name) {
        return vaults.recoverSecret(vault, name);
    }

    @Override
    public boolean purgeSecret(String vault, String name) {
        return vaults.purgeSecret(vault, name);
    }

    // ---- access tokens and the audit log: SqlAccess

    @Override
    public boolean saveToken(StoredToken t) {
        return access.saveToken(t);
    }

    @Override
    public Optional<StoredToken> token(String id) {
        return access.token(id);
    }

    @Override
    public List<StoredToken> tokensWithin(ResourceId scope) {
        return access.tokensWithin(scope);
    }

    @Override
    public boolean deleteToken(String id) {
        return access.deleteToken(id);
    }

    @Override
    public void append(AuditEntry entry) {
        access.append(entry);
    }

    @Override
    public List<AuditEntry> entries(String targetPrefix, Instant from, Instant to, int limit) {
        return access.entries(targetPrefix, from, to, limit);
    }
}
