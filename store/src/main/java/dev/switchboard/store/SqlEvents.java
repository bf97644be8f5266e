package dev.switchboard.store;

import dev.switchboard.core.id.ResourceId;
import dev.switchboard.core.store.ConnectionEvent;
import dev.switchboard.core.store.EventStore;

import java.util.List;

/**
 * Connections' events. An event's {@code seq} comes from the database (SQLite autoincrement, PostgreSQL identity),
 * so replicas appending at once never hand out the same number, and newest first is simply the largest first.
 */
final class SqlEvents implements EventStore {
    private final Db db;
    private final StoreJson json;

    SqlEvents(Db db, StoreJson json) {
        this.db = db;
        this.json = json;
    }

    @Override
    public ConnectionEvent append(ConnectionEvent e) {
        long seq = db.withHandle(h -> h.createUpdate("INSERT INTO connection_events (linker_key, at_ms, body) VALUES (:k, :at, :b)")
                .bind("k", e.linker().key()).bind("at", e.at().toEpochMilli()).bind("b", json.write(e))
                .executeAndReturnGeneratedKeys("seq").mapTo(Long.class).one());
        return withSeq(e, seq);
    }

    @Override
    public List<ConnectionEvent> events(ResourceId linker, int limit) {
        return db.withHandle(h -> h.createQuery("SELECT seq, body FROM connection_events WHERE linker_key = :k ORDER BY seq DESC LIMIT :n")
                .bind("k", linker.key()).bind("n", limit)
                .map((rs, ctx) -> withSeq(json.read(rs.getString("body"), ConnectionEvent.class), rs.getLong("seq"))).list());
    }

    @Override
    public void deleteEvents(ResourceId linker) {
        db.useHandle(h -> h.createUpdate("DELETE FROM connection_events WHERE linker_key = :k").bind("k", linker.key()).execute());
    }

    private static ConnectionEvent withSeq(ConnectionEvent e, long seq) {
        return new ConnectionEvent(seq, e.at(), e.linker(), e.kind(), e.message(), e.detail());
    }
}
