package dev.switchboard.engine.export;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Copies of parsed JSON trees (maps, lists, scalars), with leaves rewritten and null members left out. */
final class Trees {
    private Trees() { }

    /** An object of {@code key, value, key, value…} in that order (Map.of has none, and the output should read well). */
    static Map<String, Object> object(Object... keysAndValues) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i + 1 < keysAndValues.length; i += 2) out.put((String) keysAndValues[i], keysAndValues[i + 1]);
        return out;
    }

    /** A deep, mutable copy without null members of objects (templates write absent rather than null). */
    static Object copy(Object node) {
        return map(node, Function.identity());
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> copyObject(Object node) {
        return node instanceof Map<?, ?> ? (Map<String, Object>) copy(node) : new LinkedHashMap<>();
    }

    /** A deep copy with every leaf (string, number, boolean, {@link SecretInput}…) replaced by {@code leaf}'s answer. */
    static Object map(Object node, Function<Object, Object> leaf) {
        if (node instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> {
                if (v != null) out.put(String.valueOf(k), map(v, leaf));
            });
            return out;
        }
        if (node instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            for (Object v : l) out.add(map(v, leaf));
            return out;
        }
        return node == null ? null : leaf.apply(node);
    }
}
