package dev.switchboard.engine.deploy;

import dev.switchboard.core.deploy.PlannedResource;
import dev.switchboard.core.deploy.TemplateException;
import dev.switchboard.core.id.ResourceId;
import dev.switchboard.core.store.StoredResource;
import dev.switchboard.engine.Json;
import dev.switchboard.engine.Stores;
import dev.switchboard.engine.resources.ResourceService;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a deployment would change, in ARM's WhatIfOperationResult shape: per resource Create, Modify (with
 * property deltas), NoChange, Delete (Complete mode) or Ignore; plus {@code conflicts} (template values for settings a
 * connection owns in an app) and {@code brokenConnections} (connections whose app or target the deployment deletes).
 * Values the template takes from resources that do not exist yet are unknown here: such a resource is a Create or
 * Modify without a delta for them.
 */
final class WhatIf {
    private static final List<String> WRITABLE = List.of("location", "tags", "identity", "properties", "sku", "kind");
    private final Stores stores;
    private final ResourceService resources;

    WhatIf(Stores stores, ResourceService resources) {
        this.stores = stores;
        this.resources = resources;
    }

    Map<String, Object> of(ResourceId deployment, DeploymentService.Request request) {
        List<Map<String, Object>> changes = new ArrayList<>();
        List<Map<String, Object>> conflicts = new ArrayList<>();
        Set<String> planned = new HashSet<>();
        for (PlannedResource r : request.expanded().resources()) {
            ResourceId id = ResourceId.parse(r.id());
            planned.add(id.key());
            Optional<Map<String, Object>> after = body(request, r);
            Map<String, Object> before = stores.resources().get(id).map(s -> writable(s.body())).orElse(null);
            changes.add(change(r.id(), before, after.orElse(null)));
        }
        conflicts.addAll(conflicts(stores, request));
        List<Map<String, Object>> broken = new ArrayList<>();
        if (request.mode().equals("Complete")) deletions(deployment, planned, changes, broken);
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("changes", changes);
        properties.put("conflicts", conflicts);
        properties.put("brokenConnections", broken);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("status", "Succeeded");
        out.put("properties", properties);
        return out;
    }

    /** Every setting the template would write that a connection owns (see {@link ConnectionOwnedSettings}). */
    static List<Map<String, Object>> conflicts(Stores stores, DeploymentService.Request request) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (PlannedResource r : request.expanded().resources()) {
            ResourceId id = ResourceId.parse(r.id());
            body(request, r).ifPresent(b -> out.addAll(ConnectionOwnedSettings.conflicts(id, b, stores.footprints().footprintsOfSource(id))));
        }
        return out;
    }

    private static Optional<Map<String, Object>> body(DeploymentService.Request request, PlannedResource r) {
        try {
            return Optional.of(writable(request.expanded().body(r, id -> Optional.empty())));
        } catch (TemplateException e) {
            return Optional.empty(); // takes a value from a resource that does not exist yet
        }
    }

    private static Map<String, Object> change(String id, Map<String, Object> before, Map<String, Object> after) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("resourceId", id);
        if (before == null) {
            c.put("changeType", "Create");
            if (after != null) c.put("after", after);
            return c;
        }
        c.put("before", before);
        if (after == null) {
            c.put("changeType", "Modify");
            return c;
        }
        List<Map<String, Object>> delta = WhatIfDiff.delta(restrictTo(before, after), after);
        c.put("changeType", delta.isEmpty() ? "NoChange" : "Modify");
        c.put("after", after);
        if (!delta.isEmpty()) c.put("delta", delta);
        return c;
    }

    /** Complete mode: what the group holds and the template does not is deleted, except connections (ignored). */
    private void deletions(ResourceId deployment, Set<String> planned, List<Map<String, Object>> changes, List<Map<String, Object>> broken) {
        Set<String> deleted = new HashSet<>();
        for (StoredResource r : resources.inGroup(deployment.resourceGroupId())) {
            if (planned.contains(r.id().key()) || DeploymentService.isDeployment(r.id()) || DeploymentService.isDeploymentOperation(r.id())) continue;
            if (planned.stream().anyMatch(k -> r.id().key().startsWith(k + "/"))) continue;
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("resourceId", r.id().toString());
            c.put("changeType", "Delete");
            c.put("before", writable(r.body()));
            changes.add(c);
            deleted.add(r.id().key());
        }
        for (String type : List.of("Microsoft.ServiceLinker/linkers", "Microsoft.ServiceLinker/locations/connectors")) {
            for (StoredResource linker : stores.resources().ofType(type)) {
                String reason = breaks(linker, deleted);
                if (reason != null) broken.add(Map.of("connection", linker.id().toString(), "reason", reason));
            }
        }
    }

    /** Why deleting {@code deleted} breaks the connection (its app, or its target or the target's server, goes); null if not. */
    private static String breaks(StoredResource linker, Set<String> deleted) {
        if (linker.id().isExtension() && deleted.contains(linker.id().scope().key())) return "its app is deleted";
        Object target = Json.map(linker.properties().get("targetService")).get("id");
        if (target == null) return null;
        String key;
        try {
            key = ResourceId.parse(target.toString()).key();
        } catch (RuntimeException e) {
            return null;
        }
        return deleted.stream().anyMatch(k -> key.equals(k) || key.startsWith(k + "/")) ? "its target is deleted" : null;
    }

    /** Only what a template can set; read-only fields the server adds (provisioningState, ids…) are not compared. */
    private static Map<String, Object> writable(Map<String, Object> body) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String k : WRITABLE) if (body.get(k) != null) out.put(k, body.get(k));
        return out;
    }

    /** {@code before} cut down to the keys {@code after} has (deeply, for objects): fields the template leaves out stay. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> restrictTo(Map<String, Object> before, Map<String, Object> after) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (var e : after.entrySet()) {
            Object b = before.get(e.getKey());
            out.put(e.getKey(), b instanceof Map<?, ?> bm && e.getValue() instanceof Map<?, ?> am
                    ? restrictTo((Map<String, Object>) bm, (Map<String, Object>) am) : b);
        }
        return out;
    }
}
