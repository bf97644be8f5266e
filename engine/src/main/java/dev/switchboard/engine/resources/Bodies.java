package dev.switchboard.engine.resources;

import dev.switchboard.core.failure.TerminalFailure;

import java.util.LinkedHashMap;
import java.util.Map;

/** Small helpers to read and rebuild resource bodies (parsed JSON maps). */
final class Bodies {
    private Bodies() { }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o) {
        return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    static Map<String, Object> properties(Map<String, Object> body) {
        return map(body.get("properties"));
    }

    static Map<String, Object> withProperties(Map<String, Object> body, Map<String, Object> properties) {
        Map<String, Object> out = new LinkedHashMap<>(body);
        out.put("properties", properties);
        return out;
    }

    static String optionalString(Map<String, Object> p, String key, String field) {
        Object v = p.get(key);
        if (v == null) return null;
        if (!(v instanceof String s)) throw TerminalFailure.invalidField(field, "must be a string");
        return s;
    }

    /** A server option (sslMode, managementPort…): a string, number or boolean, never an object or list. */
    static void optionalScalar(Map<String, Object> p, String key, String field) {
        Object v = p.get(key);
        if (v != null && !(v instanceof String || v instanceof Number || v instanceof Boolean)) {
            throw TerminalFailure.invalidField(field, "must be a string, number or boolean");
        }
    }

    static int port(Map<String, Object> p, String key, String field, int fallback) {
        Object v = p.get(key);
        if (v == null) return fallback;
        if (!(v instanceof Number n) || n.intValue() < 1 || n.intValue() > 65535 || n.doubleValue() != n.intValue()) {
            throw TerminalFailure.invalidField(field, "must be a port number between 1 and 65535");
        }
        return n.intValue();
    }
}
