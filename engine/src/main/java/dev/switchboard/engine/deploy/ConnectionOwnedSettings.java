package dev.switchboard.engine.deploy;

import dev.switchboard.core.config.ConfigItem;
import dev.switchboard.core.id.ResourceId;
import dev.switchboard.core.store.Footprint;
import dev.switchboard.engine.Json;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The settings a connection owns in its app: the names of what it projects. A template that sets one of them on
 * the app (a container's {@code env} entry, a site's {@code appSettings} entry) conflicts with the connection: the
 * connection's value is what the app gets. Values are never compared (the connection's may hold a secret). Pure.
 */
final class ConnectionOwnedSettings {
    private ConnectionOwnedSettings() { }

    static List<Map<String, Object>> conflicts(ResourceId app, Map<String, Object> body, List<Footprint> connections) {
        Map<String, ResourceId> owners = new LinkedHashMap<>();
        for (Footprint f : connections) for (ConfigItem item : f.projected()) owners.put(item.name(), f.linker());
        List<Map<String, Object>> out = new ArrayList<>();
        if (owners.isEmpty()) return out;
        Map<String, Object> p = Json.map(body.get("properties"));
        List<Map<String, Object>> containers = Json.list(Json.map(p.get("template")).get("containers"));
        for (int i = 0; i < containers.size(); i++) {
            for (Map<String, Object> e : Json.list(containers.get(i).get("env"))) {
                add(out, app, "properties.template.containers[" + i + "].env['" + Json.str(e.get("name")) + "']", owners.get(Json.str(e.get("name"))));
            }
        }
        for (Map<String, Object> s : Json.list(Json.map(p.get("siteConfig")).get("appSettings"))) {
            add(out, app, "properties.siteConfig.appSettings['" + Json.str(s.get("name")) + "']", owners.get(Json.str(s.get("name"))));
        }
        return out;
    }

    private static void add(List<Map<String, Object>> out, ResourceId app, String field, ResourceId owner) {
        if (owner == null) return;
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("resourceId", app.toString());
        c.put("field", field);
        c.put("owner", owner.toString());
        c.put("message", "this setting belongs to connection '" + owner.name() + "'; the app gets the connection's value");
        out.add(c);
    }
}
