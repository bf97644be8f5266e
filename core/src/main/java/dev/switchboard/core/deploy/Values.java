package dev.switchboard.core.deploy;

import dev.switchboard.core.json.JsonText;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Template values are JSON: String, Long (every integer, whatever number class a parser chose), Boolean, null,
 * {@code Map<String,Object>} (insertion-ordered) and {@code List<Object>}; a number with a fraction stays a
 * BigDecimal. Helpers here convert, compare and print them the way ARM does.
 */
final class Values {
    private Values() { }

    /** A copy of a parsed JSON value in the template's own shapes (integers as Long, maps ordered). */
    static Object normalize(Object v) {
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, val) -> out.put(String.valueOf(k), normalize(val)));
            return out;
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            for (Object o : l) out.add(normalize(o));
            return out;
        }
        if (v instanceof Number n) return number(n);
        return v;
    }

    /** The same value with every object and array read-only, so nobody holding a part of the template can change it. */
    static Object freeze(Object v) {
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, val) -> out.put(String.valueOf(k), freeze(val)));
            return Collections.unmodifiableMap(out);
        }
        if (v instanceof List<?> l) return l.stream().map(Values::freeze).toList();
        return v;
    }

    private static Object number(Number n) {
        if (n instanceof Long || n instanceof Integer || n instanceof Short || n instanceof Byte) return n.longValue();
        BigDecimal d = n instanceof BigDecimal b ? b : n instanceof BigInteger i ? new BigDecimal(i) : new BigDecimal(n.toString());
        try {
            return d.longValueExact();
        } catch (ArithmeticException fraction) {
            return d;
        }
    }

    /** ARM's name for a value's type, used in messages (which name types, never values). */
    static String typeName(Object v) {
        if (v == null) return "null";
        if (v instanceof String) return "string";
        if (v instanceof Long) return "int";
        if (v instanceof Number) return "number";
        if (v instanceof Boolean) return "bool";
        if (v instanceof Map) return "object";
        if (v instanceof List) return "array";
        return v.getClass().getSimpleName();
    }

    static String asString(Object v, String what) {
        if (v instanceof String s) return s;
        throw typeError(what, "string", v);
    }

    static long asLong(Object v, String what) {
        if (v instanceof Long l) return l;
        throw typeError(what, "int", v);
    }

    static int asInt(Object v, String what) {
        long l = asLong(v, what);
        if (l < Integer.MIN_VALUE || l > Integer.MAX_VALUE) throw ExpressionError.invalid(what + " is out of range");
        return (int) l;
    }

    static boolean asBool(Object v, String what) {
        if (v instanceof Boolean b) return b;
        throw typeError(what, "bool", v);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> asObject(Object v, String what) {
        if (v instanceof Map<?, ?> m) return (Map<String, Object>) m;
        throw typeError(what, "object", v);
    }

    @SuppressWarnings("unchecked")
    static List<Object> asArray(Object v, String what) {
        if (v instanceof List<?> l) return (List<Object>) l;
        throw typeError(what, "array", v);
    }

    static ExpressionError typeError(String what, String expected, Object got) {
        return ExpressionError.invalid(what + " must be of type " + expected + ", not " + typeName(got));
    }

    /** The key of m that matches, exactly first and then ignoring case (ARM property names are case-insensitive); null if none. */
    static String findKey(Map<String, ?> m, String key) {
        if (m.containsKey(key)) return key;
        for (String k : m.keySet()) if (k.equalsIgnoreCase(key)) return k;
        return null;
    }

    /** Deep equality: numbers by value, strings case-sensitively, objects by keys and values, arrays in order. */
    static boolean deepEquals(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) return new BigDecimal(x.toString()).compareTo(new BigDecimal(y.toString())) == 0;
        if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
            if (x.size() != y.size()) return false;
            for (Map.Entry<?, ?> e : x.entrySet()) {
                if (!y.containsKey(e.getKey()) || !deepEquals(e.getValue(), y.get(e.getKey()))) return false;
            }
            return true;
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
            if (x.size() != y.size()) return false;
            for (int i = 0; i < x.size(); i++) if (!deepEquals(x.get(i), y.get(i))) return false;
            return true;
        }
        return Objects.equals(a, b);
    }

    /** What string() and string interpolation make of a value: booleans as True/False (as ARM prints them), objects and arrays as compact JSON. */
    static String text(Object v) {
        if (v == null) return "";
        if (v instanceof String s) return s;
        if (v instanceof Boolean b) return b ? "True" : "False";
        if (v instanceof BigDecimal d) return d.toPlainString();
        if (v instanceof Number n) return n.toString();
        return json(v);
    }

    static String json(Object v) {
        StringBuilder out = new StringBuilder();
        writeJson(v, out);
        return out.toString();
    }

    private static void writeJson(Object v, StringBuilder out) {
        if (v instanceof String s) {
            out.append(JsonText.quote(s));
        } else if (v instanceof Map<?, ?> m) {
            out.append('{');
            String sep = "";
            for (Map.Entry<?, ?> e : m.entrySet()) {
                out.append(sep).append(JsonText.quote(String.valueOf(e.getKey()))).append(':');
                writeJson(e.getValue(), out);
                sep = ",";
            }
            out.append('}');
        } else if (v instanceof List<?> l) {
            out.append('[');
            for (int i = 0; i < l.size(); i++) {
                if (i > 0) out.append(',');
                writeJson(l.get(i), out);
            }
            out.append(']');
        } else if (v instanceof BigDecimal d) {
            out.append(d.toPlainString());
        } else {
            out.append(v); // Long, Boolean, null
        }
    }
}
