package dev.switchboard.engine.resources;

import dev.switchboard.core.failure.TerminalFailure;
import dev.switchboard.core.id.ResourceId;
import dev.switchboard.core.ownership.FieldMerge;
import dev.switchboard.core.store.Etags;
import dev.switchboard.core.store.StoredResource;
import dev.switchboard.engine.AppProjector;
import dev.switchboard.engine.revisions.RevisionStore;
import dev.switchboard.engine.Stores;

import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Resource groups and resources: stores them and has each type's handler make them real. A realisation that
 * fails leaves the store as it was.
 */
public final class ResourceService {
    private final Stores stores;
    private final Map<String, ResourceHandler> handlers;
    /** Stops what runs for an app whose resource is gone. */
    private final java.util.function.Consumer<ResourceId> removeApp;
    private final Clock clock;
    private final List<java.util.function.Consumer<ResourceId>> written = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** @param handlers by lower-case full type (e.g. {@code microsoft.app/containerapps}). */
    public ResourceService(Stores stores, Map<String, ResourceHandler> handlers, java.util.function.Consumer<ResourceId> removeApp, Clock clock) {
        this.stores = stores;
        this.handlers = Map.copyOf(handlers);
        this.removeApp = removeApp;
        this.clock = clock;
    }

    public record Written(StoredResource resource, boolean created) { }

    /** A direct write: the body is the user's (manager {@code user}), not forced over other managers' fields. */
    public Written put(ResourceId id, Map<String, Object> body, String ifMatch, String actor) {
        return put(id, body, ifMatch, actor, FieldOwnership.Write.USER);
    }

    /**
     * {@code body} merged with what other managers own ({@link FieldOwnership}), made real by the type's handler and
     * stored with its ledger of who owns which field.
     */
    public Written put(ResourceId id, Map<String, Object> body, String ifMatch, String actor, FieldOwnership.Write write) {
        if (id.isExtension()) {
            throw TerminalFailure.badRequest("ExtensionResourceNotSupported", "id", id.fullType() + " cannot be written here");
        }
        requireParent(id);
        Optional<StoredResource> existing = stores.resources().get(id);
        Etags.require(id, existing, ifMatch);
        FieldMerge.Result merged = FieldOwnership.merge(stores.resources(), id, existing, body, write);
        Map<String, Object> realised = handler(id).realise(id, merged.body(), existing);
        Map<String, Object> stored = merged.fields().restrictTo(FieldMerge.fields(realised)).into(realised);
        StoredResource saved = stores.resources().put(id, stored, ifMatch, actor, clock.instant());
        try {
            handler(id).started(id);
        } catch (RuntimeException e) {
            restore(id, existing, actor);
            throw e;
        }
        written.forEach(l -> l.accept(id));
        return new Written(saved, existing.isEmpty());
    }

    /** Told of every resource written (an app once it runs as written): the reconciler's change event. Must not block. */
    public void onWritten(java.util.function.Consumer<ResourceId> listener) {
        written.add(listener);
    }

    private void restore(ResourceId id, Optional<StoredResource> previous, String actor) {
        if (previous.isPresent()) {
            stores.resources().put(id, previous.get().body(), null, actor, clock.instant());
            handler(id).started(id);
        } else {
            stores.resources().delete(id, null);
            if (AppProjector.isApp(id)) removeApp.accept(id);
        }
    }

    public Optional<StoredResource> get(ResourceId id) {
        return stores.resources().get(id);
    }

    public List<StoredResource> list(ResourceId parent, String fullType) {
        return stores.resources().children(parent, fullType);
    }

    /** The resources in a group, extension resources (connections, dry runs) excluded, as ARM lists them. */
    public List<StoredResource> inGroup(ResourceId group) {
        return stores.resources().under(group).stream().filter(r -> !r.id().isExtension())
                .filter(r -> !r.id().fullType().equalsIgnoreCase(RevisionStore.FULL_TYPE))
                .filter(r -> !r.id().fullType().toLowerCase(java.util.Locale.ROOT).startsWith("microsoft.resources/deployments")).toList();
    }

    /** Deletes a resource, or a resource group with everything in it (deepest first). False when absent. */
    public boolean delete(ResourceId id, String ifMatch) {
        Optional<StoredResource> existing = stores.resources().get(id);
        if (existing.isEmpty()) return false;
        Etags.require(id, existing, ifMatch);
        handler(id).checkRemovable(id);
        if (id.isResourceGroup()) {
            List<StoredResource> inside = stores.resources().under(id).stream()
                    .sorted(Comparator.comparingInt((StoredResource r) -> r.id().toString().length()).reversed()).toList();
            if (inside.stream().anyMatch(r -> isConnection(r.id()))) {
                throw TerminalFailure.conflict("ResourceGroupHasConnections", id.toString(),
                        "delete the connections in this resource group first");
            }
            inside.forEach(r -> handler(r.id()).checkRemovable(r.id()));
            for (StoredResource r : inside) deleteOne(r.id(), r);
        }
        deleteOne(id, existing.get());
        return true;
    }

    /** Connections own logins and settings elsewhere, so they are deleted on purpose, never swept away with a group. */
    private static boolean isConnection(ResourceId id) {
        String type = id.fullType().toLowerCase();
        return type.equals("microsoft.servicelinker/linkers") || type.equals("microsoft.servicelinker/locations/connectors");
    }

    private void deleteOne(ResourceId id, StoredResource stored) {
        handler(id).remove(id, stored);
        stores.resources().delete(id, null);
        if (AppProjector.isApp(id)) removeApp.accept(id);
    }

    private void requireParent(ResourceId id) {
        if (id.isResourceGroup()) return;
        ResourceId rg = id.resourceGroupId();
        if (rg == null || stores.resources().get(rg).isEmpty()) {
            throw TerminalFailure.notFound("ResourceGroupNotFound", "resourceGroupName",
                    "Resource group '" + id.resourceGroup() + "' could not be found.");
        }
    }

    private ResourceHandler handler(ResourceId id) {
        return handlers.getOrDefault(id.fullType().toLowerCase(java.util.Locale.ROOT), ResourceHandler.PASS_THROUGH);
    }
}
