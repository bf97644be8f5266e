package dev.switchboard.store;

import dev.switchboard.core.access.Grant;
import dev.switchboard.core.access.Role;
import dev.switchboard.core.id.ResourceId;
import dev.switchboard.core.store.AuditEntry;
import dev.switchboard.core.store.AuditLog;
import dev.switchboard.core.store.StoredToken;
import dev.switchboard.core.store.TokenStore;
import org.jdbi.v3.core.statement.StatementContext;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Who may act (access tokens) and what was done (the audit log). Every write is one statement: a token's id and
 * name are claimed by the insert itself, and an audit line's {@code seq} comes from the database (SQLite
 * autoincrement, PostgreSQL identity), so replicas never hand out the same or a smaller number.
 */
final class SqlAccess implements TokenStore, AuditLog {
    private final Db db;
    private final StoreJson json;

    SqlAccess(Db db, StoreJson json) {
        this.db = db;
        this.json = json;
    }

    @Override
    public boolean saveToken(StoredToken t) {
        ResourceId scope = t.grant().scope();
        // DO NOTHING: a taken id or name inserts nothing, which the caller answers with a 409; no check-then-insert race.
        return db.withHandle(h -> h.createUpdate("INSERT INTO tokens (id, name, secret_hash, role, scope_key, scope_id,"
                        + " created_at, created_by) VALUES (:id, :name, :hash, :role, :sk, :sid, :ca, :cb) ON CONFLICT DO NOTHING")
                .bind("id", t.id()).bind("name", t.name()).bind("hash", t.secretHash()).bind("role", t.grant().role().wire())
                .bind("sk", scope == null ? null : scope.key()).bind("sid", scope == null ? null : scope.toString())
                .bind("ca", t.createdAt().toString()).bind("cb", t.createdBy()).execute()) > 0;
    }

    @Override
    public Optional<StoredToken> token(String id) {
        return db.withHandle(h -> h.createQuery("SELECT * FROM tokens WHERE id = :id").bind("id", id).map(SqlAccess::tokenRow).findOne());
    }

    @Override
    public List<StoredToken> tokensWithin(ResourceId scope) {
        if (scope == null) {
            return db.withHandle(h -> h.createQuery("SELECT * FROM tokens ORDER BY name").map(SqlAccess::tokenRow).list());
        }
        return db.withHandle(h -> h.createQuery("SELECT * FROM tokens WHERE scope_key = :k OR substr(scope_key, 1, length(:p)) = :p"
                + " ORDER BY name").bind("k", scope.key()).bind("p", scope.key() + "/").map(SqlAccess::tokenRow).list());
    }

    @Override
    public boolean deleteToken(String id) {
        return db.withHandle(h -> h.createUpdate("DELETE FROM tokens WHERE id = :id").bind("id", id).execute()) > 0;
    }

    private static StoredToken tokenRow(ResultSet rs, StatementContext ctx) throws SQLException {
        String scope = rs.getString("scope_id");
        Role role = Role.parse(rs.getString("role")).orElseThrow(() -> new IllegalStateException("unknown role in the store"));
        return new StoredToken(rs.getString("id"), rs.getString("name"), rs.getString("secret_hash"),
                new Grant(role, scope == null ? null : ResourceId.parse(scope)), Instant.parse(rs.getString("created_at")),
                rs.getString("created_by"));
    }

    @Override
    public void append(AuditEntry entry) {
        db.useHandle(h -> h.createUpdate("INSERT INTO audit (at_ms, target_key, body) VALUES (:at, :t, :b)")
                .bind("at", entry.at().toEpochMilli()).bind("t", entry.target().toLowerCase(Locale.ROOT))
                .bind("b", json.write(entry)).execute());
    }

    @Override
    public List<AuditEntry> entries(String targetPrefix, Instant from, Instant to, int limit) {
        String prefix = targetPrefix == null ? "" : targetPrefix.toLowerCase(Locale.ROOT);
        return db.withHandle(h -> h.createQuery("SELECT seq, body FROM audit WHERE (:p = '' OR target_key = :p"
                        + " OR substr(target_key, 1, length(:p) + 1) = :p || '/') AND at_ms >= :from AND at_ms <= :to ORDER BY seq LIMIT :n")
                .bind("p", prefix).bind("from", from == null ? Long.MIN_VALUE : from.toEpochMilli())
                .bind("to", to == null ? Long.MAX_VALUE : to.toEpochMilli()).bind("n", limit)
                .map((rs, ctx) -> withSeq(json.read(rs.getString("body"), AuditEntry.class), rs.getLong("seq"))).list());
    }

    private static AuditEntry withSeq(AuditEntry e, long seq) {
        return new AuditEntry(seq, e.at(), e.actor(), e.action(), e.target(), e.status(), e.outcome(), e.before(), e.after());
    }
}
