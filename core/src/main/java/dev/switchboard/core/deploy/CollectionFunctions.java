package dev.switchboard.core.deploy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.switchboard.core.deploy.FunctionTable.fn;
import static dev.switchboard.core.deploy.Values.asArray;
import static dev.switchboard.core.deploy.Values.asInt;
import static dev.switchboard.core.deploy.Values.asObject;
import static dev.switchboard.core.deploy.Values.asString;

/** Functions over arrays, objects and (where ARM allows both) strings. */
final class CollectionFunctions {
    private CollectionFunctions() { }

    static List<FunctionTable.Spec> specs() {
        return List.of(
                fn("concat", 1, -1, (c, a) -> concat(a)),
                fn("length", 1, 1, (c, a) -> (long) size(a.get(0), "length()")),
                fn("empty", 1, 1, (c, a) -> a.get(0) == null || size(a.get(0), "empty()") == 0),
                fn("contains", 2, 2, (c, a) -> contains(a.get(0), a.get(1))),
                fn("first", 1, 1, (c, a) -> end(a.get(0), true)),
                fn("last", 1, 1, (c, a) -> end(a.get(0), false)),
                fn("union", 1, -1, (c, a) -> union(a)),
                fn("intersection", 1, -1, (c, a) -> intersection(a)),
                fn("createArray", 0, -1, (c, a) -> new ArrayList<>(a)),
                fn("createObject", 0, -1, (c, a) -> createObject(a)),
                fn("items", 1, 1, (c, a) -> items(asObject(a.get(0), "items()'s argument"))),
                fn("take", 2, 2, (c, a) -> slice(a.get(0), 0, asInt(a.get(1), "take()'s count"))),
                fn("skip", 2, 2, (c, a) -> slice(a.get(0), asInt(a.get(1), "skip()'s count"), Integer.MAX_VALUE)),
                fn("array", 1, 1, (c, a) -> a.get(0) instanceof List<?> l ? l : new ArrayList<>(java.util.Collections.singletonList(a.get(0)))),
                fn("range", 2, 2, (c, a) -> range(asInt(a.get(0), "range()'s start"), asInt(a.get(1), "range()'s count"))),
                fn("join", 2, 2, (c, a) -> join(asArray(a.get(0), "join()'s first argument"), asString(a.get(1), "join()'s delimiter"))));
    }

    private static Object concat(List<Object> a) {
        if (a.stream().allMatch(v -> v instanceof List || v == null)) {
            List<Object> out = new ArrayList<>();
            for (Object v : a) if (v != null) out.addAll(asArray(v, "concat()'s arguments"));
            return out;
        }
        StringBuilder out = new StringBuilder();
        for (Object v : a) {
            if (v instanceof List || v instanceof Map) throw ExpressionError.invalid("concat() joins either strings or arrays, not both");
            out.append(Values.text(v));
        }
        return out.toString();
    }

    static int size(Object v, String fn) {
        if (v instanceof String s) return s.length();
        if (v instanceof List<?> l) return l.size();
        if (v instanceof Map<?, ?> m) return m.size();
        throw ExpressionError.invalid(fn + " takes a string, an array or an object, not " + Values.typeName(v));
    }

    private static boolean contains(Object container, Object item) {
        if (container instanceof String s) return s.contains(Values.text(item));
        if (container instanceof List<?> l) return l.stream().anyMatch(v -> Values.deepEquals(v, item));
        if (container instanceof Map<?, ?>) return Values.findKey(asObject(container, "contains()"), asString(item, "contains()'s key")) != null;
        throw ExpressionError.invalid("contains() takes a string, an array or an object, not " + Values.typeName(container));
    }

    private static Object end(Object v, boolean first) {
        if (v instanceof String s) return s.isEmpty() ? "" : String.valueOf(s.charAt(first ? 0 : s.length() - 1));
        List<Object> l = asArray(v, (first ? "first()" : "last()") + "'s argument");
        return l.isEmpty() ? null : l.get(first ? 0 : l.size() - 1);
    }

    /** Objects merge, the last value of a key winning and nested objects merging in turn; arrays join without duplicates. */
    private static Object union(List<Object> a) {
        if (a.get(0) instanceof Map) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Object v : a) merge(out, asObject(v, "union()'s arguments"));
            return out;
        }
        List<Object> out = new ArrayList<>();
        for (Object v : a) for (Object item : asArray(v, "union()'s arguments")) addDistinct(out, item);
        return out;
    }

    private static void merge(Map<String, Object> into, Map<String, Object> from) {
        for (Map.Entry<String, Object> e : from.entrySet()) {
            if (into.get(e.getKey()) instanceof Map<?, ?> old && e.getValue() instanceof Map<?, ?> next) {
                Map<String, Object> nested = new LinkedHashMap<>(asObject(old, "union()"));
                merge(nested, asObject(next, "union()"));
                into.put(e.getKey(), nested);
            } else {
                into.put(e.getKey(), e.getValue());
            }
        }
    }

    private static void addDistinct(List<Object> out, Object item) {
        if (out.stream().noneMatch(v -> Values.deepEquals(v, item))) out.add(item);
    }

    private static Object intersection(List<Object> a) {
        if (a.get(0) instanceof Map) {
            Map<String, Object> out = new LinkedHashMap<>(asObject(a.get(0), "intersection()'s arguments"));
            for (Object v : a) {
                Map<String, Object> m = asObject(v, "intersection()'s arguments");
                out.entrySet().removeIf(e -> !m.containsKey(e.getKey()) || !Values.deepEquals(m.get(e.getKey()), e.getValue()));
            }
            return out;
        }
        List<Object> out = new ArrayList<>();
        for (Object item : asArray(a.get(0), "intersection()'s arguments")) {
            if (a.stream().allMatch(v -> asArray(v, "intersection()'s arguments").stream().anyMatch(x -> Values.deepEquals(x, item)))) addDistinct(out, item);
        }
        return out;
    }

    private static Map<String, Object> createObject(List<Object> a) {
        if (a.size() % 2 != 0) throw ExpressionError.invalid("createObject() takes keys and values in pairs");
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < a.size(); i += 2) out.put(asString(a.get(i), "createObject()'s keys"), a.get(i + 1));
        return out;
    }

    /** {key, value} entries sorted by key, as ARM's items() returns them. */
    private static List<Object> items(Map<String, Object> m) {
        List<Object> out = new ArrayList<>();
        m.keySet().stream().sorted(Comparator.comparing((String k) -> k, String.CASE_INSENSITIVE_ORDER).thenComparing(Comparator.naturalOrder()))
                .forEach(k -> {
                    Map<String, Object> item = new LinkedHashMap<>();
                    item.put("key", k);
                    item.put("value", m.get(k));
                    out.add(item);
                });
        return out;
    }

    private static Object slice(Object v, int from, int to) {
        int n = v instanceof String s ? s.length() : asArray(v, "take()/skip()'s first argument").size();
        int start = Math.clamp(from, 0, n);
        int end = Math.clamp(Math.max(to, 0), start, n);
        return v instanceof String s ? s.substring(start, end) : new ArrayList<>(asArray(v, "").subList(start, end));
    }

    private static List<Object> range(int start, int count) {
        if (count < 0 || count > 10000) throw ExpressionError.invalid("range()'s count must be between 0 and 10000");
        List<Object> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) out.add((long) start + i);
        return out;
    }

    private static String join(List<Object> items, String delimiter) {
        List<String> parts = new ArrayList<>();
        for (Object v : items) {
            if (v instanceof List || v instanceof Map) throw ExpressionError.invalid("join() joins strings, numbers and booleans");
            parts.add(Values.text(v));
        }
        return String.join(delimiter, parts);
    }
}
