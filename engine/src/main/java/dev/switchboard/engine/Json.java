package dev.switchboard.engine;

import java.util.List;
import java.util.Map;

/** Typed reads of parsed JSON (maps, lists, strings) that treat a missing or mistyped value as absent. */
final class Json {
    private Json() { }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o) {
        return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> list(Object o) {
        if (!(o instanceof List<?> l)) return List.of();
        return l.stream().filter(Map.class::isInstance).map(x -> (Map<String, Object>) x).toList();
    }

    static List<String> strings(Object o) {
        if (o instanceof String s) return List.of(s);
        if (!(o instanceof List<?> l)) return List.of();
        return l.stream().map(String::valueOf).toList();
    }

    static String str(Object o) {
        return o == null ? null : o.toString();
    }
}
