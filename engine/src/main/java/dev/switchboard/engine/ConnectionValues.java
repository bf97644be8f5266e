package dev.switchboard.engine;

import dev.switchboard.core.config.ConfigItem;
import dev.switchboard.core.id.ResourceId;
import dev.switchboard.core.secret.Secret;
import dev.switchboard.core.store.Footprint;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The values connections give an app, resolved with their secrets: what the app host starts processes with. */
public final class ConnectionValues {
    private final Stores stores;
    private final ConnectionSecrets secrets;

    public ConnectionValues(Stores stores, ConnectionSecrets secrets) {
        this.stores = stores;
        this.secrets = secrets;
    }

    /** Every connection's configuration for {@code app}, resolved with its secret (binding files by their item names). */
    public Map<String, String> of(ResourceId app) {
        Map<String, String> env = new LinkedHashMap<>();
        for (Footprint f : stores.footprints().footprintsOfSource(app)) env.putAll(resolve(f.projected(), f.passwordSecret()));
        return env;
    }

    /**
     * The values as the app gets them. A password kept in a vault is a reference until here: it is read from the
     * vault (the version the connection pins) at the moment the app host is given the environment.
     */
    public Map<String, String> resolve(List<ConfigItem> items, String passwordSecret) {
        Map<String, String> env = new LinkedHashMap<>();
        if (items.isEmpty()) return env;
        String password = secrets.read(passwordSecret).map(Secret::reveal).orElse("");
        for (ConfigItem item : items) env.put(item.name(), item.resolve(password));
        return env;
    }
}
