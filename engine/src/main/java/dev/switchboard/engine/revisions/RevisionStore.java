package dev.switchboard.engine.revisions;

import dev.switchboard.core.id.ResourceId;
import dev.switchboard.core.store.ResourceStore;

import java.time.Clock;
import java.util.Comparator;
import java.util.List;

/** An app's revisions in the resource store, oldest first. Written by Switchboard only (actor "switchboard"). */
public final class RevisionStore {
    public static final String TYPE = "revisions";
    public static final String FULL_TYPE = "Microsoft.App/containerApps/revisions";
    private static final String ACTOR = "switchboard";
    private final ResourceStore resources;
    private final Clock clock;

    public RevisionStore(ResourceStore resources, Clock clock) {
        this.resources = resources;
        this.clock = clock;
    }

    public List<RevisionRecord> list(ResourceId app) {
        return resources.children(app, FULL_TYPE).stream().map(RevisionRecord::of)
                .sorted(Comparator.comparingLong(RevisionRecord::sequence)).toList();
    }

    public java.util.Optional<RevisionRecord> get(ResourceId revision) {
        return resources.get(revision).map(RevisionRecord::of);
    }

    void save(RevisionRecord r) {
        resources.put(r.id(), r.body(), null, ACTOR, clock.instant());
    }

    void delete(ResourceId revision) {
        resources.delete(revision, null);
    }
}
