package dev.switchboard.server.api;

import dev.switchboard.engine.revisions.RevisionRecord;
import dev.switchboard.core.id.ResourceId;
import dev.switchboard.core.store.StoredResource;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** Renders stored resources in ARM's shape (id, name, type, systemData, …). */
public final class ResourceViews {
    private ResourceViews() { }

    public static Map<String, Object> view(StoredResource r) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", r.id().toString());
        out.put("name", r.id().name());
        out.put("type", r.id().fullType());
        out.putAll(r.body());
        out.remove(RevisionRecord.INTERNAL); // what only Switchboard reads (a revision's spec digest)
        if (r.id().isResourceGroup()) out.put("properties", Map.of("provisioningState", "Succeeded"));
        out.put("etag", r.etag());
        out.put("systemData", systemData(r));
        return out;
    }

    /** The items {@code visible} lets through (what the caller's token may see), in ARM's list shape. */
    public static Map<String, Object> list(List<StoredResource> items, Predicate<ResourceId> visible) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("value", items.stream().filter(r -> visible.test(r.id())).map(ResourceViews::view).toList());
        out.put("nextLink", null);
        return out;
    }

    private static Map<String, Object> systemData(StoredResource r) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("createdBy", r.createdBy());
        s.put("createdByType", "User");
        s.put("createdAt", r.createdAt().toString());
        s.put("lastModifiedBy", r.lastModifiedBy());
        s.put("lastModifiedByType", "User");
        s.put("lastModifiedAt", r.lastModifiedAt().toString());
        return s;
    }

    /** Only these top-level fields of a request body are kept; ARM ignores the read-only rest. */
    public static Map<String, Object> writable(Map<String, Object> body) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String k : List.of("location", "tags", "identity", "properties", "sku", "kind")) {
            if (body.containsKey(k)) out.put(k, body.get(k));
        }
        return out;
    }

    public static String etagHeader(StoredResource r) {
        return r.etag();
    }

    public static ResourceId subscriptionScope(String subscription) {
        return ResourceId.subscription(subscription);
    }
}
