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
 * A target's child resource (a database on a PostgreSQL or MySQL server, a RabbitMQ virtual host): made real on
 * the server. One that already existed is adopted and never dropped by Switchboard; one it created is dropped
 * when the resource is deleted. The provider validates and quotes the name again; this refuses the obviously bad
 * early with the API's words.
 */
public final class TargetChildHandler implements ResourceHandler {
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_\\-]{0,62}");
    private final Stores stores;
    private final TargetResolver targets;
    private final ServerAdmin admin;
    private final String noun;

    /** @param noun what the child is called in messages ({@code database}, {@code vhost}). */
    public TargetChildHandler(Stores stores, TargetResolver targets, ServerAdmin admin, String noun) {
        this.stores = stores;
        this.targets = targets;
        this.admin = admin;
        this.noun = noun;
    }

    @Override
    public Map<String, Object> realise(ResourceId id, Map<String, Object> body, Optional<StoredResource> existing) {
        // RabbitMQ's default vhost '/' cannot be a resource name; its kind calls it 'default()'.
        boolean defaultVhost = noun.equals("vhost") && id.name().equals("default()");
        if (!defaultVhost && !NAME.matcher(id.name()).matches()) {
            throw TerminalFailure.badRequest("Invalid" + Character.toUpperCase(noun.charAt(0)) + noun.substring(1) + "Name",
                    noun + "Name", noun + " name must be 1-63 characters of letters, digits, '_' and '-', starting with a letter or '_'");
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
        if (noun.equals("database")) p.putIfAbsent("charset", "UTF8");
        p.put("provisioningState", "Succeeded");
        return Bodies.withProperties(body, p);
    }

    @Override
    public void remove(ResourceId id, StoredResource stored) {
        if (!Boolean.TRUE.equals(stored.properties().get("adopted"))) admin.dropDatabase(targets.endpoint(id.parent()), id.name());
    }
}
