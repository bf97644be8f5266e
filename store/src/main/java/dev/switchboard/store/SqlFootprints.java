package dev.switchboard.store;

import dev.switchboard.core.id.ResourceId;
import dev.switchboard.core.store.Footprint;
import dev.switchboard.core.store.FootprintStore;

import java.util.List;
import java.util.Optional;

/** Connections' footprints, one JSON row per connection, found by the connection or by its app. */
final class SqlFootprints implements FootprintStore {
    private final Db db;
    private final StoreJson json;

    SqlFootprints(Db db, StoreJson json) {
        this.db = db;
        this.json = json;
    }

    @Override
    public Optional<Footprint> footprint(ResourceId linker) {
        return db.withHandle(h -> h.createQuery("SELECT body FROM footprints WHERE linker_key = :k").bind("k", linker.key())
                .mapTo(String.class).findOne().map(b -> json.read(b, Footprint.class)));
    }

    @Override
    public List<Footprint> footprintsOfSource(ResourceId source) {
        return db.withHandle(h -> h.createQuery("SELECT body FROM footprints WHERE source_key = :k ORDER BY linker_key")
                .bind("k", source.key()).mapTo(String.class).map(b -> json.read(b, Footprint.class)).list());
    }

    @Override
    public List<Footprint> footprints() {
        return db.withHandle(h -> h.createQuery("SELECT body FROM footprints ORDER BY linker_key")
                .mapTo(String.class).map(b -> json.read(b, Footprint.class)).list());
    }

    @Override
    public void saveFootprint(Footprint f) {
        db.useHandle(h -> h.createUpdate("INSERT INTO footprints (linker_key, source_key, body) VALUES (:k, :s, :b)"
                        + " ON CONFLICT (linker_key) DO UPDATE SET source_key = excluded.source_key, body = excluded.body")
                .bind("k", f.linker().key()).bind("s", f.source() == null ? "" : f.source().key()).bind("b", json.write(f)).execute());
    }

    @Override
    public void deleteFootprint(ResourceId linker) {
        db.useHandle(h -> h.createUpdate("DELETE FROM footprints WHERE linker_key = :k").bind("k", linker.key()).execute());
    }
}
