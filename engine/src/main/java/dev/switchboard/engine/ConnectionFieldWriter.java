package dev.switchboard.engine;

import dev.switchboard.core.config.ConfigItem;
import dev.switchboard.core.failure.TerminalFailure;
import dev.switchboard.core.id.ResourceId;
import dev.switchboard.core.ownership.ConnectionFields;
import dev.switchboard.core.ownership.FieldMerge;
import dev.switchboard.core.ownership.Managers;
import dev.switchboard.core.store.StoredResource;
import dev.switchboard.core.target.ApplyResult;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * A connection's settings in its app's resource, owned by the connection ({@link ConnectionFields}): written before
 * the app is projected, released when the connection goes. The connection's fields are forced over others': what
 * the connection projects is what the app gets. Writes are conditional on the version read, and read again when an
 * app write came in between.
 */
final class ConnectionFieldWriter {
    static final String ACTOR = "switchboard:connection";
    private static final int ATTEMPTS = 8;
    private final Stores stores;
    private final Clock clock;

    ConnectionFieldWriter(Stores stores, Clock clock) {
        this.stores = stores;
        this.clock = clock;
    }

    ApplyResult write(ResourceId app, String linkerName, List<ConfigItem> items) {
        return change(app, current -> FieldMerge.add(current.body(), Managers.connection(linkerName),
                ConnectionFields.applied(app, current.body(), linkerName, items), true));
    }

    ApplyResult release(ResourceId app, String linkerName) {
        return change(app, current -> FieldMerge.release(current.body(), Managers.connection(linkerName)));
    }

    private ApplyResult change(ResourceId app, java.util.function.Function<StoredResource, FieldMerge.Result> merge) {
        for (int attempt = 1; ; attempt++) {
            Optional<StoredResource> current = stores.resources().get(app);
            if (current.isEmpty()) return ApplyResult.NOOP;
            FieldMerge.Result r = merge.apply(current.get());
            var next = r.fields().into(r.body());
            if (next.equals(current.get().body())) return ApplyResult.NOOP;
            try {
                stores.resources().put(app, next, current.get().etag(), ACTOR, clock.instant());
                return ApplyResult.UPDATED;
            } catch (TerminalFailure e) {
                if (e.status() != 412 || attempt == ATTEMPTS) throw e;
            }
        }
    }
}
