package dev.switchboard.core.ownership;

import dev.switchboard.core.config.ConfigItem;
import dev.switchboard.core.id.ResourceId;
import dev.switchboard.core.plan.ConfigurationDelivery;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What a connection writes into its app's resource, as Service Connector does: each setting as an env var of every
 * container (a container app) or an app setting (a site). A secret setting never carries its value: a container app's
 * env var refers to a secret of {@code configuration.secrets} (no value either), a site's setting holds a reference
 * string; the app host gives the process the connection's value. Binding files are not settings and are not written.
 */
public final class ConnectionFields {
    /** Secrets a connection adds are named with this prefix, so they cannot clash with a template's. */
    public static final String SECRET_PREFIX = "sbconn-";

    private ConnectionFields() { }

    /** The body the connection applies (as manager {@link Managers#connection}) over {@code appBody}. */
    public static Map<String, Object> applied(ResourceId app, Map<String, Object> appBody, String linkerName, List<ConfigItem> items) {
        List<ConfigItem> settings = settings(items);
        if (settings.isEmpty()) return Map.of();
        if (isSite(app)) {
            List<Map<String, Object>> appSettings = new ArrayList<>();
            for (ConfigItem i : settings) appSettings.add(nameValue(i.name(), i.secret() ? reference(linkerName) : i.template()));
            return Map.of("properties", Map.of("siteConfig", Map.of("appSettings", appSettings)));
        }
        String ref = secretName(linkerName);
        List<Map<String, Object>> env = new ArrayList<>();
        for (ConfigItem i : settings) env.add(i.secret() ? Map.of("name", i.name(), "secretRef", ref) : nameValue(i.name(), i.template()));
        List<Map<String, Object>> containers = new ArrayList<>();
        for (String c : containerNames(appBody)) containers.add(Map.of("name", c, "env", env));
        Map<String, Object> p = new LinkedHashMap<>();
        if (settings.stream().anyMatch(ConfigItem::secret)) p.put("configuration", Map.of("secrets", List.of(Map.of("name", ref))));
        if (!containers.isEmpty()) p.put("template", Map.of("containers", containers));
        return Map.of("properties", p);
    }

    /** The connection's setting names that the app's resource lacks (in any of its containers), sorted. */
    public static List<String> missing(ResourceId app, Map<String, Object> appBody, List<ConfigItem> items) {
        Set<String> wanted = new java.util.TreeSet<>();
        settings(items).forEach(i -> wanted.add(i.name()));
        if (wanted.isEmpty()) return List.of();
        Set<String> missing = new java.util.TreeSet<>();
        Map<String, Object> p = map(appBody.get("properties"));
        if (isSite(app)) {
            Set<String> have = names(map(p.get("siteConfig")).get("appSettings"));
            wanted.stream().filter(n -> !have.contains(n)).forEach(missing::add);
        } else {
            for (Object c : list(map(p.get("template")).get("containers"))) {
                Set<String> have = names(map(c).get("env"));
                wanted.stream().filter(n -> !have.contains(n)).forEach(missing::add);
            }
        }
        return List.copyOf(missing);
    }

    /** The secret name a connection's secret settings refer to: lower-case letters, digits and '-', as Container Apps wants. */
    public static String secretName(String linkerName) {
        String folded = linkerName.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
        String hash = Integer.toHexString(linkerName.hashCode() & 0xfffffff);
        return SECRET_PREFIX + folded + "-" + hash;
    }

    private static String reference(String linkerName) {
        return "@Switchboard.ConnectionSecret(" + linkerName + ")";
    }

    private static List<ConfigItem> settings(List<ConfigItem> items) {
        return items.stream().filter(i -> !ConfigurationDelivery.isBindingFile(i.name())).toList();
    }

    private static Map<String, Object> nameValue(String name, String value) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("value", value);
        return m;
    }

    private static List<String> containerNames(Map<String, Object> appBody) {
        Map<String, Object> p = map(appBody.get("properties"));
        List<String> out = new ArrayList<>();
        for (Object c : list(map(p.get("template")).get("containers"))) {
            if (map(c).get("name") instanceof String n) out.add(n);
        }
        return out;
    }

    private static Set<String> names(Object list) {
        Set<String> out = new LinkedHashSet<>();
        for (Object o : list(list)) if (map(o).get("name") instanceof String n) out.add(n);
        return out;
    }

    private static boolean isSite(ResourceId app) {
        return app.fullType().equalsIgnoreCase("Microsoft.Web/sites");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    private static List<?> list(Object o) {
        return o instanceof List<?> l ? l : List.of();
    }
}
