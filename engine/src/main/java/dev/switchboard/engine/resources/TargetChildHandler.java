package dev.switchboard.engine.resources;

import dev.switchboard.core.failure.TerminalFailure;
import dev.switchboard.core.id.ResourceId;
import dev.switchboard.core.store.StoredResource;
import dev.switchboard.core.target.ApplyResult;
import dev.switchboard.core.target.ServerAdmin;
import dev.switchboard.core.target.TargetKind;
import dev.switchboard.engine.Stores;
import dev.switchboard.engine.TargetResolver;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A target's child resource (a database on a PostgreSQL or MySQL server, a RabbitMQ virtual host): made real on
 * the server. One that already existed is adopted and never dropped by Switchboard; one it created is dropped
 * when the resource is deleted. Its kind refuses a name the target cannot hold before anything is made.
 */
public final class TargetChildHandler implements ResourceHandler {
    private final Stores stores;
    private final TargetResolver targets;
    private final TargetKind kind;
    private final ServerAdmin admin;

    public TargetChildHandler(Stores stores, TargetResolver targets, TargetKind kind, ServerAdmin admin) {
        this.stores = stores;
        this.targets = targets;
        this.kind = kind;
        this.admin = admin;
    }

    @Override
    public Map<String, Object> realise(ResourceId id, Map<String, Object> body, Optional<StoredResource> existing) {
        kind.checkChildName(id.name());
        stores.resources().get(id.parent()).orElseThrow(() -> TerminalFailure.notFound("ParentResourceNotFound",
                id.parent().toString(), "server " + id.parent() + " does not exist"));
        Map<String, Object> p = new LinkedHashMap<>(Bodies.properties(body));
        if (existing.isPresent()) {
            p.put("adopted", existing.get().properties().getOrDefault("adopted", false));
        } else {
            ApplyResult result = admin.ensureDatabase(targets.endpoint(id.parent()), id.name());
            p.put("adopted", result == ApplyResult.NOOP);
        }
        kind.childDefaults().forEach(p::putIfAbsent);
        p.put("provisioningState", "Succeeded");
        return Bodies.withProperties(body, p);
    }

    @Override
    public void remove(ResourceId id, StoredResource stored) {
        if (!Boolean.TRUE.equals(stored.properties().get("adopted"))) admin.dropDatabase(targets.endpoint(id.parent()), id.name());
    }
}
