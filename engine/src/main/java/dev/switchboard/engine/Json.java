package dev.switchboard.engine;

import java.util.List;
import java.util.Map;

/** Typed reads of parsed JSON (maps, lists, strings) that treat a missing or mistyped value as absent. */
public final class Json {
    private Json() { }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> map(Object o) {
        return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    @SuppressWarnings("unchecked")
    public static List<Map<String, Object>> list(Object o) {
        if (!(o instanceof List<?> l)) return List.of();
        return l.stream().filter(Map.class::isInstance).map(x -> (Map<String, Object>) x).toList();
    }

    public static List<String> strings(Object o) {
        if (o instanceof String s) return List.of(s);
        if (!(o instanceof List<?> l)) return List.of();
        return l.stream().map(String::valueOf).toList();
    }

    public static String str(Object o) {
        return o == null ? null : o.toString();
    }
}
