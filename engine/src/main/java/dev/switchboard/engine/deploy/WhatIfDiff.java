package dev.switchboard.engine.deploy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * ARM what-if's property-level delta between what a resource is and what a template would make it: one entry per
 * changed leaf ({@code path}, {@code propertyChangeType} Create | Delete | Modify | Array, {@code before}, {@code after}).
 * Pure.
 */
final class WhatIfDiff {
    private WhatIfDiff() { }

    static List<Map<String, Object>> delta(Map<String, Object> before, Map<String, Object> after) {
        List<Map<String, Object>> out = new ArrayList<>();
        diff("", before, after, out);
        return out;
    }

    @SuppressWarnings("unchecked")
    private static void diff(String path, Object before, Object after, List<Map<String, Object>> out) {
        if (Objects.equals(before, after)) return;
        if (before instanceof Map<?, ?> b && after instanceof Map<?, ?> a) {
            Set<String> keys = new LinkedHashSet<>();
            ((Map<String, Object>) b).keySet().forEach(keys::add);
            ((Map<String, Object>) a).keySet().forEach(keys::add);
            for (String k : keys) diff(path.isEmpty() ? k : path + "." + k, b.get(k), a.get(k), out);
            return;
        }
        String type = before == null ? "Create" : after == null ? "Delete"
                : before instanceof List<?> && after instanceof List<?> ? "Array" : "Modify";
        Map<String, Object> change = new LinkedHashMap<>();
        change.put("path", path);
        change.put("propertyChangeType", type);
        if (before != null) change.put("before", before);
        if (after != null) change.put("after", after);
        out.add(change);
    }
}
