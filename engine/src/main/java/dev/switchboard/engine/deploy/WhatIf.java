package dev.switchboard.engine.deploy;

import dev.switchboard.core.deploy.PlannedResource;
import dev.switchboard.core.deploy.TemplateException;
import dev.switchboard.core.id.ResourceId;
import dev.switchboard.core.ownership.FieldConflict;
import dev.switchboard.core.ownership.FieldMerge;
import dev.switchboard.core.ownership.ManagedFields;
import dev.switchboard.core.ownership.Managers;
import dev.switchboard.core.store.StoredResource;
import dev.switchboard.engine.Json;
import dev.switchboard.engine.Stores;
import dev.switchboard.engine.resources.FieldOwnership;
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
            Optional<StoredResource> stored = stores.resources().get(id);
            Optional<Map<String, Object>> after = body(request, r).map(b -> stored.isEmpty() || DeploymentService.isConnection(id)
                    ? b : writable(merged(deployment, stored.get(), b)));
            changes.add(change(r.id(), stored.map(s -> writable(s.body())).orElse(null), after.orElse(null)));
        }
        conflicts(stores, deployment, request).forEach((id, found) -> found.forEach(c -> conflicts.add(FieldOwnership.view(id, c))));
        List<Map<String, Object>> broken = new ArrayList<>();
        wiped(request, broken);
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

    /**
     * Every field the template would set to another value than the manager that owns it gave it (a connection's
     * setting most of all). A resource in a classic group has none: the template replaces it whole.
     */
    static Map<ResourceId, List<FieldConflict>> conflicts(Stores stores, ResourceId deployment, DeploymentService.Request request) {
        Map<ResourceId, List<FieldConflict>> out = new LinkedHashMap<>();
        String manager = Managers.deployment(deployment.name());
        for (PlannedResource r : request.expanded().resources()) {
            ResourceId id = ResourceId.parse(r.id());
            Optional<StoredResource> stored = stores.resources().get(id);
            if (stored.isEmpty() || DeploymentService.isConnection(id) || FieldOwnership.isClassic(stores.resources(), id)) continue;
            body(request, r).map(b -> FieldMerge.apply(stored.get().body(), manager, b, false).conflicts())
                    .filter(c -> !c.isEmpty()).ifPresent(c -> out.put(id, c));
        }
        return out;
    }

    /** The resource as the deployment would leave it: other managers' fields kept, unless the group is classic. */
    private Map<String, Object> merged(ResourceId deployment, StoredResource stored, Map<String, Object> template) {
        String manager = Managers.deployment(deployment.name());
        if (FieldOwnership.isClassic(stores.resources(), stored.id())) return FieldMerge.replace(manager, template).body();
        return FieldMerge.apply(stored.body(), manager, template, true).body();
    }

    /** Classic groups: connections whose settings on an app the template replaces without them (healed afterwards). */
    private void wiped(DeploymentService.Request request, List<Map<String, Object>> broken) {
        for (PlannedResource r : request.expanded().resources()) {
            ResourceId id = ResourceId.parse(r.id());
            if (!FieldOwnership.isClassic(stores.resources(), id)) continue;
            ManagedFields owned = stores.resources().get(id).map(s -> ManagedFields.of(s.body())).orElse(ManagedFields.NONE);
            Set<String> connections = new java.util.TreeSet<>();
            owned.owners().values().forEach(ms -> ms.stream().filter(Managers::isConnection).forEach(connections::add));
            for (String c : connections) {
                broken.add(Map.of("connection", FieldOwnership.linker(id, c).toString(),
                        "reason", "the resource group uses classic field ownership: the template replaces " + id.name()
                                + " without the connection's settings (" + owned.fieldsOf(c).size() + " field(s)); the"
                                + " reconciler puts them back afterwards"));
            }
        }
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
