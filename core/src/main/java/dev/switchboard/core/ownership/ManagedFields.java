package dev.switchboard.core.ownership;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The ownership ledger of one resource: each owned field's path and its managers (two managers share a field they
 * set to the same value). Stored in the body under {@link #KEY} as a list per manager, sorted, so the same ledger is
 * always written the same way.
 */
public record ManagedFields(Map<String, Set<String>> owners) {
    public static final String KEY = "managedFields";
    public static final ManagedFields NONE = new ManagedFields(Map.of());

    public ManagedFields {
        Map<String, Set<String>> copy = new TreeMap<>();
        owners.forEach((path, managers) -> {
            if (!managers.isEmpty()) copy.put(path, Set.copyOf(managers));
        });
        owners = java.util.Collections.unmodifiableMap(copy);
    }

    /** The ledger a stored body carries (none for a body written before ownership was recorded). */
    public static ManagedFields of(Map<String, Object> body) {
        Map<String, Set<String>> owners = new LinkedHashMap<>();
        if (body.get(KEY) instanceof List<?> entries) {
            for (Object e : entries) {
                if (!(e instanceof Map<?, ?> m) || !(m.get("manager") instanceof String manager)) continue;
                if (!(m.get("fields") instanceof List<?> fields)) continue;
                for (Object f : fields) if (f instanceof String path) owners.computeIfAbsent(path, k -> new LinkedHashSet<>()).add(manager);
            }
        }
        return new ManagedFields(owners);
    }

    /** {@code body} without its ledger: what the resource says, whoever said it. */
    public static Map<String, Object> strip(Map<String, Object> body) {
        if (!body.containsKey(KEY)) return body;
        Map<String, Object> out = new LinkedHashMap<>(body);
        out.remove(KEY);
        return out;
    }

    /** {@code body} carrying this ledger (none: no key at all). */
    public Map<String, Object> into(Map<String, Object> body) {
        Map<String, Object> out = new LinkedHashMap<>(strip(body));
        if (!owners.isEmpty()) out.put(KEY, entries());
        return out;
    }

    private List<Map<String, Object>> entries() {
        Map<String, List<String>> byManager = new TreeMap<>();
        owners.forEach((path, managers) -> managers.forEach(m -> byManager.computeIfAbsent(m, k -> new ArrayList<>()).add(path)));
        List<Map<String, Object>> out = new ArrayList<>();
        byManager.forEach((manager, fields) -> out.add(Map.of("manager", manager, "fields", List.copyOf(fields))));
        return out;
    }

    /**
     * Only the fields among {@code present}: a field the write gave but the resource does not keep (a password moved
     * to the secret store) is nobody's, and its name is not shown either.
     */
    public ManagedFields restrictTo(java.util.Collection<String> present) {
        Set<String> keep = new java.util.HashSet<>(present);
        Map<String, Set<String>> out = new LinkedHashMap<>();
        owners.forEach((path, managers) -> {
            if (keep.contains(path)) out.put(path, managers);
        });
        return new ManagedFields(out);
    }

    /** The fields {@code manager} owns (alone or shared), sorted. */
    public List<String> fieldsOf(String manager) {
        return owners.entrySet().stream().filter(e -> e.getValue().contains(manager)).map(Map.Entry::getKey).toList();
    }

    /** The managers of {@code path} itself. */
    public Set<String> at(String path) {
        return owners.getOrDefault(path, Set.of());
    }
}
