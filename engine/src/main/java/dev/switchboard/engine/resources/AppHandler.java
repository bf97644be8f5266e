package dev.switchboard.engine.resources;

import dev.switchboard.core.failure.TerminalFailure;
import dev.switchboard.core.id.ResourceId;
import dev.switchboard.core.secret.Secret;
import dev.switchboard.core.store.StoredResource;
import dev.switchboard.engine.AppProjector;
import dev.switchboard.engine.Stores;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code Microsoft.App/containerApps} and {@code Microsoft.Web/sites}: apps the local host runs as processes.
 * Secret values in {@code configuration.secrets} move to the secret store; the app is (re)started once stored.
 * The managed identity is checked and completed with its ids by {@link AppIdentity}.
 */
public final class AppHandler implements ResourceHandler {
    private final Stores stores;
    private final AppProjector projector;

    public AppHandler(Stores stores, AppProjector projector) {
        this.stores = stores;
        this.projector = projector;
    }

    @Override
    public Map<String, Object> realise(ResourceId id, Map<String, Object> body, Optional<StoredResource> existing) {
        // Checked first: a refused identity must write no secret either.
        Map<String, Object> identity = AppIdentity.complete(id, body.get("identity"));
        Map<String, Object> p = new LinkedHashMap<>(Bodies.properties(body));
        if (id.fullType().equalsIgnoreCase("Microsoft.Web/sites")) AppTemplateCheck.site(p);
        else AppTemplateCheck.containerApp(p);
        // Refuse what cannot run before any secret is written: a refused request must change nothing.
        projector.check(id, p);
        Map<String, Object> configuration = new LinkedHashMap<>(Bodies.map(p.get("configuration")));
        List<Map<String, Object>> names = new ArrayList<>();
        for (Object o : configuration.get("secrets") instanceof List<?> l ? l : List.of()) {
            Map<String, Object> s = Bodies.map(o);
            String name = Bodies.optionalString(s, "name", "properties.configuration.secrets.name");
            String value = Bodies.optionalString(s, "value", "properties.configuration.secrets.value");
            if (name == null) throw TerminalFailure.missingField("properties.configuration.secrets.name");
            if (value != null) stores.secrets().put(AppProjector.APP_SECRET.formatted(id.key(), name), Secret.of(value));
            names.add(Map.of("name", name));
        }
        if (!names.isEmpty()) configuration.put("secrets", names);
        if (!configuration.isEmpty()) p.put("configuration", configuration);
        p.put("provisioningState", "Succeeded");
        Map<String, Object> stored = Bodies.withProperties(body, p);
        stored.put("identity", identity);
        return stored;
    }

    @Override
    public void started(ResourceId id) {
        projector.project(id);
    }

    @Override
    public void remove(ResourceId id, StoredResource stored) {
        if (!stores.footprints().footprintsOfSource(id).isEmpty()) {
            throw TerminalFailure.conflict("AppHasConnections", id.toString(),
                    "delete the app's connections first (they own settings and logins on their targets)");
        }
        Object secrets = Bodies.map(stored.properties().get("configuration")).get("secrets");
        for (Object o : secrets instanceof List<?> l ? l : List.of()) {
            String name = Bodies.optionalString(Bodies.map(o), "name", "name");
            if (name != null) stores.secrets().delete(AppProjector.APP_SECRET.formatted(id.key(), name));
        }
    }
}
