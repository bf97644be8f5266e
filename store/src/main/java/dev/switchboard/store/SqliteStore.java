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
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.ConnectionFactory;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.HandleConsumer;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

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

/**
 * The embedded store: one SQLite file in the data directory. Writes are serialised in-process (one Switchboard
 * process owns the file), which also makes the ETag check-then-write atomic.
 */
public final class SqliteStore implements AuditLog, ResourceStore, SecretStore, FootprintStore, OperationStore, TokenStore, AutoCloseable {
    private final Jdbi jdbi;
    private final Connection connection;
    private final StoreJson json = new StoreJson();
    private final ReentrantLock writeLock = new ReentrantLock();

    public SqliteStore(Path file) {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setBusyTimeout(10_000);
        config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
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

    // ---- secrets

    @Override
    public void put(String name, Secret value) {
        useHandle(h -> h.createUpdate("INSERT OR REPLACE INTO secrets (name, value) VALUES (:n, :v)")
                .bind("n", name).bind("v", value.reveal()).execute());
    }

    @Override
    public Optional<Secret> get(String name) {
        return withHandle(h -> h.createQuery("SELECT value FROM secrets WHERE name = :n").bind("n", name)
                .mapTo(String.class).findOne().map(Secret::of));
    }

    @Override
    public void delete(String name) {
        useHandle(h -> h.createUpdate("DELETE FROM secrets WHERE name = :n").bind("n", name).execute());
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
