package dev.switchboard.engine.resources;

import dev.switchboard.core.failure.TerminalFailure;
import dev.switchboard.core.id.ResourceId;
import dev.switchboard.core.store.StoredResource;
import dev.switchboard.core.target.ApplyResult;
import dev.switchboard.core.target.ServerAdmin;
import dev.switchboard.engine.Stores;
import dev.switchboard.engine.TargetResolver;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code …/flexibleServers/databases}: a real database on the server. A database that already existed is
 * adopted and never dropped by Switchboard; one it created is dropped when the resource is deleted.
 */
public final class PostgresDatabaseHandler implements ResourceHandler {
    private static final Pattern DATABASE = Pattern.compile("[A-Za-z_][A-Za-z0-9_\\-]{0,62}");
    private final Stores stores;
    private final TargetResolver targets;
    private final ServerAdmin admin;

    public PostgresDatabaseHandler(Stores stores, TargetResolver targets, ServerAdmin admin) {
        this.stores = stores;
        this.targets = targets;
        this.admin = admin;
    }

    @Override
    public Map<String, Object> realise(ResourceId id, Map<String, Object> body, Optional<StoredResource> existing) {
        if (!DATABASE.matcher(id.name()).matches()) {
            throw TerminalFailure.badRequest("InvalidDatabaseName", "databaseName", "database name must be 1-63 characters"
                    + " of letters, digits, '_' and '-', starting with a letter or '_'");
        }
        stores.resources().get(id.parent()).orElseThrow(() -> TerminalFailure.notFound("ParentResourceNotFound",
                id.parent().toString(), "server " + id.parent() + " does not exist"));
        Map<String, Object> p = new LinkedHashMap<>(Bodies.properties(body));
        if (existing.isPresent()) {
            p.put("adopted", existing.get().properties().getOrDefault("adopted", false));
        } else {
            ApplyResult result = admin.ensureDatabase(targets.endpoint(id.parent()), id.name());
            p.put("adopted", result == ApplyResult.NOOP);
        }
        p.putIfAbsent("charset", "UTF8");
        p.put("provisioningState", "Succeeded");
        return Bodies.withProperties(body, p);
    }

    @Override
    public void remove(ResourceId id, StoredResource stored) {
        if (!Boolean.TRUE.equals(stored.properties().get("adopted"))) admin.dropDatabase(targets.endpoint(id.parent()), id.name());
    }
}
