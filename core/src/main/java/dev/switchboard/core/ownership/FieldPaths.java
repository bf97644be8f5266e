package dev.switchboard.core.ownership;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * How a field is named and where ownership stops descending. A path reads like the body it names:
 * {@code properties.template.containers['app'].env['DB_HOST']}; object keys that are not plain words are quoted
 * ({@code tags["team.name"]}). A list whose items all have a string {@code name} is keyed by it, and an item of such a
 * list whose values are all plain (an env var, an app setting, a secret) is owned whole; any other list is one value.
 */
public final class FieldPaths {
    private static final java.util.Set<String> SETTING_LISTS = java.util.Set.of("env", "appSettings", "secrets", "connectionStrings");
    private static final Pattern WORD = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$-]*");

    private FieldPaths() { }

    public static String key(String parent, String key) {
        if (WORD.matcher(key).matches()) return parent.isEmpty() ? key : parent + "." + key;
        return parent + "[\"" + key.replace("\\", "\\\\").replace("\"", "\\\"") + "\"]";
    }

    public static String item(String parent, String name) {
        return parent + "['" + name.replace("\\", "\\\\").replace("'", "\\'") + "']";
    }

    /** True when {@code path} is {@code ancestor} or lies beneath it. */
    public static boolean within(String path, String ancestor) {
        return path.equals(ancestor) || path.startsWith(ancestor + ".") || path.startsWith(ancestor + "[");
    }

    static boolean isObject(Object v) {
        return v instanceof Map<?, ?>;
    }

    /** A non-empty list whose items are all objects with a string {@code name}. */
    static boolean isKeyedList(Object v) {
        if (!(v instanceof List<?> list) || list.isEmpty()) return false;
        for (Object o : list) if (!(o instanceof Map<?, ?> m) || !(m.get("name") instanceof String)) return false;
        return true;
    }

    /**
     * An item owned as one field: a setting-like item (of a list named {@code env}, {@code appSettings},
     * {@code secrets}, {@code connectionStrings}) with only plain values. Other named items (containers) are owned
     * field by field, so a connection can add env vars to a container a template owns.
     */
    static boolean isLeafItem(String listPath, Object item) {
        if (!SETTING_LISTS.contains(lastKey(listPath))) return false;
        if (!(item instanceof Map<?, ?> m)) return true;
        for (Object v : m.values()) if (v instanceof Map<?, ?> || v instanceof List<?>) return false;
        return true;
    }

    private static String lastKey(String path) {
        int dot = path.lastIndexOf('.');
        return dot < 0 ? path : path.substring(dot + 1);
    }

    static String nameOf(Object item) {
        return (String) ((Map<?, ?>) item).get("name");
    }
}
