package dev.switchboard.core.ownership;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One manager's write merged into a resource ({@code plan(desired, observed)} for fields). What the manager sets
 * replaces what was there; what it set before and sets no longer goes; what other managers own stays. A field owned
 * by another manager set to a different value is a conflict (the write is refused) unless forced (the field then
 * belongs to the writer alone). Setting a field to the value another manager already gave it does not make the
 * writer a co-owner, so a PATCH that re-sends the whole body takes nothing over. Fields nobody owns (written before
 * ownership was recorded) are replaced, as a plain PUT would.
 */
public final class FieldMerge {
    private static final Object MISSING = new Object();

    /** The merged body (without ledger), its ledger, and the conflicts; the body is only meant to be stored without conflicts. */
    public record Result(Map<String, Object> body, ManagedFields fields, List<FieldConflict> conflicts) { }

    private final Map<String, Set<String>> owners;
    private final String manager;
    private final boolean force;
    private final boolean keepUnowned;
    private final List<FieldConflict> conflicts = new ArrayList<>();

    private FieldMerge(ManagedFields fields, String manager, boolean force, boolean keepUnowned) {
        this.owners = new LinkedHashMap<>();
        fields.owners().forEach((p, m) -> owners.put(p, new LinkedHashSet<>(m)));
        this.manager = manager;
        this.force = force;
        this.keepUnowned = keepUnowned;
    }

    /** {@code manager} writes {@code applied} (a whole body, as a PUT or a template gives it) over {@code current}. */
    public static Result apply(Map<String, Object> current, String manager, Map<String, Object> applied, boolean force) {
        return new FieldMerge(ManagedFields.of(current), manager, force, false).run(current, applied);
    }

    /**
     * {@code manager} writes only {@code applied}, leaving fields nobody owns alone: how a connection adds its settings
     * to an app without taking anything of the app's over.
     */
    public static Result add(Map<String, Object> current, String manager, Map<String, Object> applied, boolean force) {
        return new FieldMerge(ManagedFields.of(current), manager, force, true).run(current, applied);
    }

    /** {@code manager} gives up everything it owns: fields only it owned go, the rest stays. */
    public static Result release(Map<String, Object> current, String manager) {
        return add(current, manager, Map.of(), false);
    }

    /** "Classic" full replace, as ARM does it: the body becomes {@code applied}, owned by {@code manager} alone. */
    public static Result replace(String manager, Map<String, Object> applied) {
        Map<String, Set<String>> owned = new LinkedHashMap<>();
        leaves("", ManagedFields.strip(applied), path -> owned.put(path, Set.of(manager)));
        return new Result(ManagedFields.strip(applied), new ManagedFields(owned), List.of());
    }

    /** Every owned field of {@code body} (as {@link #apply} would record them). */
    public static List<String> fields(Map<String, Object> body) {
        List<String> out = new ArrayList<>();
        leaves("", ManagedFields.strip(body), out::add);
        return out;
    }

    private Result run(Map<String, Object> current, Map<String, Object> applied) {
        Object merged = object("", ManagedFields.strip(current), ManagedFields.strip(applied));
        @SuppressWarnings("unchecked")
        Map<String, Object> body = (Map<String, Object>) merged;
        return new Result(body, new ManagedFields(owners), List.copyOf(conflicts));
    }

    private Object merge(String path, Object cur, Object app) {
        if (app == MISSING) return retain(path, cur);
        boolean curEmpty = cur == MISSING || isEmpty(cur);
        // An empty object or list is a value of its own, unless it empties one that holds others' fields.
        if (FieldPaths.isObject(app) && (FieldPaths.isObject(cur) && !curEmpty || !isEmpty(app) && (curEmpty || FieldPaths.isObject(cur)))) {
            return object(path, curEmpty ? Map.of() : asMap(cur), asMap(app));
        }
        boolean appList = FieldPaths.isKeyedList(app) || app instanceof List<?> l && l.isEmpty();
        if (appList && (FieldPaths.isKeyedList(cur) || FieldPaths.isKeyedList(app) && curEmpty)) {
            return keyed(path, curEmpty ? List.of() : (List<?>) cur, (List<?>) app);
        }
        return leaf(path, cur, app);
    }

    private Map<String, Object> object(String path, Map<String, Object> cur, Map<String, Object> app) {
        owners.remove(path); // a field that was one value is an object now: its parts are owned from here on
        Map<String, Object> out = new LinkedHashMap<>();
        Set<String> keys = new LinkedHashSet<>(cur.keySet());
        keys.addAll(app.keySet());
        for (String k : keys) {
            Object v = merge(FieldPaths.key(path, k), cur.containsKey(k) ? cur.get(k) : MISSING, app.containsKey(k) ? app.get(k) : MISSING);
            if (v != MISSING) out.put(k, v);
        }
        return out;
    }

    private List<Object> keyed(String path, List<?> cur, List<?> app) {
        owners.remove(path);
        Map<String, Object> curByName = byName(cur);
        Map<String, Object> appByName = byName(app);
        Set<String> names = new LinkedHashSet<>(curByName.keySet());
        names.addAll(appByName.keySet());
        List<Object> out = new ArrayList<>();
        for (String name : names) {
            Object v = item(path, name, curByName.getOrDefault(name, MISSING), appByName.getOrDefault(name, MISSING));
            if (v != MISSING) out.add(v);
        }
        return out;
    }

    private Object item(String listPath, String name, Object cur, Object app) {
        String path = FieldPaths.item(listPath, name);
        boolean whole = (app == MISSING || FieldPaths.isLeafItem(listPath, app)) && (cur == MISSING || FieldPaths.isLeafItem(listPath, cur));
        if (whole) return app == MISSING ? retain(path, cur) : leaf(path, cur, app);
        Map<String, Object> curFields = cur == MISSING || !FieldPaths.isObject(cur) ? Map.of() : withoutName(cur);
        Map<String, Object> fields = app == MISSING ? retainedFields(path, curFields) : object(path, curFields, withoutName(app));
        if (fields == null || (fields.isEmpty() && app == MISSING)) return MISSING;
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", name);
        out.putAll(fields);
        return out;
    }

    private Object leaf(String path, Object cur, Object app) {
        Set<String> others = othersWithin(path);
        boolean same = cur != MISSING && Objects.equals(cur, app);
        if (!same && !others.isEmpty()) {
            if (!force) {
                conflicts.add(new FieldConflict(path, others));
                return cur;
            }
            owners.keySet().removeIf(p -> FieldPaths.within(p, path));
        }
        owners.keySet().removeIf(p -> !p.equals(path) && FieldPaths.within(p, path) && owners.get(p).equals(Set.of(manager)));
        Set<String> at = owners.computeIfAbsent(path, k -> new LinkedHashSet<>());
        if (!same || others.isEmpty() || at.contains(manager)) at.add(manager);
        return app;
    }

    /** What stays of {@code cur} when this manager no longer sets it. */
    private Object retain(String path, Object cur) {
        if (cur == MISSING) return MISSING;
        if (FieldPaths.isObject(cur) && !owners.containsKey(path)) {
            Map<String, Object> kept = retainedFields(path, asMap(cur));
            return kept == null ? MISSING : kept;
        }
        if (FieldPaths.isKeyedList(cur) && !owners.containsKey(path)) {
            List<Object> kept = new ArrayList<>();
            for (Object it : (List<?>) cur) {
                Object v = item(path, FieldPaths.nameOf(it), it, MISSING);
                if (v != MISSING) kept.add(v);
            }
            return kept.isEmpty() ? MISSING : kept;
        }
        Set<String> at = owners.get(path);
        if (at == null || at.isEmpty()) return keepUnowned ? cur : MISSING;
        at.remove(manager);
        if (!at.isEmpty()) return cur;
        owners.remove(path);
        return MISSING;
    }

    /** Null when nothing of {@code cur}'s fields stays. */
    private Map<String, Object> retainedFields(String path, Map<String, Object> cur) {
        Map<String, Object> kept = new LinkedHashMap<>();
        cur.forEach((k, v) -> {
            Object r = retain(FieldPaths.key(path, k), v);
            if (r != MISSING) kept.put(k, r);
        });
        if (kept.isEmpty() && !(cur.isEmpty() && keepUnowned)) return null;
        return kept;
    }

    private Set<String> othersWithin(String path) {
        Set<String> out = new LinkedHashSet<>();
        owners.forEach((p, m) -> {
            if (FieldPaths.within(p, path)) m.stream().filter(x -> !x.equals(manager)).forEach(out::add);
        });
        return out;
    }

    private static boolean isEmpty(Object v) {
        return v instanceof Map<?, ?> m && m.isEmpty() || v instanceof List<?> l && l.isEmpty();
    }

    private static void leaves(String path, Object v, java.util.function.Consumer<String> out) {
        if (FieldPaths.isObject(v) && !isEmpty(v)) {
            asMap(v).forEach((k, child) -> leaves(FieldPaths.key(path, k), child, out));
        } else if (FieldPaths.isKeyedList(v)) {
            for (Object it : (List<?>) v) {
                String p = FieldPaths.item(path, FieldPaths.nameOf(it));
                if (FieldPaths.isLeafItem(path, it)) out.accept(p);
                else withoutName(it).forEach((k, child) -> leaves(FieldPaths.key(p, k), child, out));
            }
        } else {
            out.accept(path);
        }
    }

    private static Map<String, Object> byName(List<?> list) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Object it : list) out.put(FieldPaths.nameOf(it), it);
        return out;
    }

    private static Map<String, Object> withoutName(Object item) {
        Map<String, Object> out = new LinkedHashMap<>(asMap(item));
        out.remove("name");
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object v) {
        return (Map<String, Object>) v;
    }
}
