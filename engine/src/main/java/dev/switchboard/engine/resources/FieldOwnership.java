package dev.switchboard.engine.resources;

import dev.switchboard.core.failure.TerminalFailure;
import dev.switchboard.core.id.ResourceId;
import dev.switchboard.core.ownership.FieldConflict;
import dev.switchboard.core.ownership.FieldMerge;
import dev.switchboard.core.ownership.Managers;
import dev.switchboard.core.store.ResourceStore;
import dev.switchboard.core.store.StoredResource;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * How a write meets what other managers wrote: merged field by field (the default), or, in a resource group tagged
 * {@code switchboard.fieldOwnership: classic}, replacing the whole resource as ARM does (a template that does not
 * mention a connection's settings wipes them; the reconciler then heals them, which that mode exists to show).
 */
public final class FieldOwnership {
    public static final String MODE_TAG = "switchboard.fieldOwnership";
    public static final String CLASSIC = "classic";

    private FieldOwnership() { }

    /** Who writes: a manager's whole body (a PUT, a template), forced over other managers' fields or not. */
    public record Write(String manager, boolean force) {
        public static final Write USER = new Write(Managers.USER, false);
    }

    /** {@code body} merged over what is stored; 409 when it sets another manager's field to another value. */
    public static FieldMerge.Result merge(ResourceStore store, ResourceId id, Optional<StoredResource> existing,
                                          Map<String, Object> body, Write write) {
        if (isClassic(store, id)) return FieldMerge.replace(write.manager(), body);
        FieldMerge.Result r = FieldMerge.apply(existing.map(StoredResource::body).orElse(Map.of()), write.manager(), body, write.force());
        if (!r.conflicts().isEmpty()) throw refused(id, r.conflicts(), "write with ?force=true to take the field(s) over");
        return r;
    }

    /** True when the resource's group asks for classic full-replace writes. */
    public static boolean isClassic(ResourceStore store, ResourceId id) {
        if (id.isResourceGroup() || id.resourceGroupId() == null) return false;
        Object tags = store.get(id.resourceGroupId()).map(g -> g.body().get("tags")).orElse(null);
        return tags instanceof Map<?, ?> m && m.get(MODE_TAG) instanceof String s && s.toLowerCase(Locale.ROOT).equals(CLASSIC);
    }

    /** The 409: the first field and its owner named, how many there are, and how to go ahead. */
    public static TerminalFailure refused(ResourceId id, List<FieldConflict> conflicts, String howToForce) {
        FieldConflict first = conflicts.get(0);
        boolean connection = Managers.isConnection(first.owner());
        String owner = connection ? "connection " + linker(id, first.owner()) : "'" + first.owner() + "'";
        return TerminalFailure.conflict(connection ? "ConnectionOwnedSetting" : "FieldOwnedByAnotherManager", first.field(),
                "the write sets " + first.field() + " of " + id + " to another value than " + owner + " gave it, and "
                        + owner + " owns it (" + conflicts.size() + " such field(s)); leave it out, or " + howToForce);
    }

    /** The connection a connection manager of {@code app} stands for. */
    public static ResourceId linker(ResourceId app, String manager) {
        return app.extension("Microsoft.ServiceLinker", "linkers", Managers.connectionName(manager));
    }

    /** One conflict as what-if and errors list it. */
    public static Map<String, Object> view(ResourceId id, FieldConflict c) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("resourceId", id.toString());
        out.put("field", c.field());
        out.put("owner", c.owner());
        out.put("owners", c.owners().stream().sorted().toList());
        if (Managers.isConnection(c.owner())) out.put("connection", linker(id, c.owner()).toString());
        out.put("message", Managers.isConnection(c.owner())
                ? "this setting belongs to connection '" + Managers.connectionName(c.owner()) + "'; the app gets the connection's value"
                : "this field belongs to " + c.owner());
        return out;
    }
}
