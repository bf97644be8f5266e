package dev.switchboard.store;

import dev.switchboard.core.id.ResourceId;
import dev.switchboard.core.store.Etags;
import dev.switchboard.core.store.ResourceStore;
import dev.switchboard.core.store.StoredResource;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.StatementContext;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Resources by ID. A put or delete reads the row with its lock ({@link Dialect#forUpdate()}) and checks the If-Match
 * ETag in the same transaction as the write, so the check holds against every other writer, replicas included.
 */
final class SqlResources implements ResourceStore {
    private final Db db;
    private final StoreJson json;

    SqlResources(Db db, StoreJson json) {
        this.db = db;
        this.json = json;
    }

    private static final String RESOURCE_BY_KEY = "SELECT * FROM resources WHERE key = :k";

    @Override
    public Optional<StoredResource> get(ResourceId id) {
        return db.withHandle(h -> h.createQuery(RESOURCE_BY_KEY).bind("k", id.key()).map(this::resourceRow).findOne());
    }

    @Override
    public List<StoredResource> children(ResourceId parent, String fullType) {
        return db.withHandle(h -> h.createQuery("SELECT * FROM resources WHERE parent_key = :p AND type = :t ORDER BY key")
                .bind("p", parent.key()).bind("t", fullType.toLowerCase(Locale.ROOT))
                .map(this::resourceRow).list());
    }

    @Override
    public List<StoredResource> under(ResourceId scope) {
        String prefix = scope.key() + "/";
        return db.withHandle(h -> h.createQuery("SELECT * FROM resources WHERE substr(key, 1, length(:p)) = :p ORDER BY key")
                .bind("p", prefix)
                .map(this::resourceRow).list());
    }

    @Override
    public List<StoredResource> ofType(String fullType) {
        String last = fullType.substring(fullType.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
        // The key holds the type's last segment as a path segment; the exact type is checked on the parsed ID.
        return db.withHandle(h -> h.createQuery("SELECT * FROM resources WHERE " + db.dialect().contains("key", ":segment") + " ORDER BY key")
                .bind("segment", "/" + last + "/")
                .map(this::resourceRow).list()).stream().filter(r -> r.id().fullType().equalsIgnoreCase(fullType)).toList();
    }

    @Override
    public StoredResource put(ResourceId id, Map<String, Object> body, String ifMatch, String actor, Instant now) {
        String etag = "\"" + UUID.randomUUID() + "\"";
        String text = json.write(body);
        return db.inTransaction(t -> {
            // locked to the commit: of writers sending one If-Match (replicas included), one sees its ETag, the rest a 412
            Optional<StoredResource> existing = lockedResource(t, id);
            Etags.require(id, existing, ifMatch);
            t.createUpdate("INSERT INTO resources (key, id, parent_key, type, body, etag, created_by, created_at, modified_by,"
                            + " modified_at) VALUES (:key, :id, :parent, :type, :body, :etag, :cb, :ca, :mb, :ma) ON CONFLICT (key) DO UPDATE"
                            + " SET id = excluded.id, parent_key = excluded.parent_key, type = excluded.type, body = excluded.body,"
                            + " etag = excluded.etag, modified_by = excluded.modified_by, modified_at = excluded.modified_at")
                    .bind("key", id.key()).bind("id", id.toString()).bind("parent", parentKey(id))
                    .bind("type", id.fullType().toLowerCase(Locale.ROOT)).bind("body", text).bind("etag", etag)
                    .bind("cb", actor).bind("ca", now.toString()).bind("mb", actor).bind("ma", now.toString()).execute();
            // the upsert keeps created_*: read them back, as a replica may have created the resource since the SELECT
            StoredResource created = existing.isPresent() ? existing.get() : lockedResource(t, id).orElseThrow();
            return new StoredResource(id, body, etag, created.createdBy(), created.createdAt(), actor, now);
        });
    }

    @Override
    public boolean delete(ResourceId id, String ifMatch) {
        return db.inTransaction(t -> {
            Etags.require(id, lockedResource(t, id), ifMatch);
            return t.createUpdate("DELETE FROM resources WHERE key = :k").bind("k", id.key()).execute() > 0;
        });
    }

    private Optional<StoredResource> lockedResource(Handle t, ResourceId id) {
        return t.createQuery(RESOURCE_BY_KEY + db.dialect().forUpdate()).bind("k", id.key()).map(this::resourceRow).findOne();
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
}
