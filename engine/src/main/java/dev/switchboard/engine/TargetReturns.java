package dev.switchboard.engine;

import dev.switchboard.core.failure.TerminalFailure;
import dev.switchboard.core.failure.TransientFailure;
import dev.switchboard.core.id.ResourceId;
import dev.switchboard.core.store.StoredResource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * Connections that failed because their target could not be reached are tried again once it answers: the same
 * desired state applied again (as a PATCH with nothing changed), as if the user had retried. Whatever a failed
 * compensation left on the target is in the connection's footprint, so the retry adopts it instead of failing.
 * Called periodically by the leader; a target still down costs one administrator login attempt per connection.
 */
public final class TargetReturns {
    public static final String ACTOR = "switchboard:target-returned";
    private static final Logger LOG = LoggerFactory.getLogger(TargetReturns.class);

    private final Stores stores;
    private final TargetResolver targets;
    private final LinkerService linkers;

    public TargetReturns(Stores stores, TargetResolver targets, LinkerService linkers) {
        this.stores = stores;
        this.targets = targets;
        this.linkers = linkers;
    }

    /** The retries started, one per connection whose target is back. */
    public List<LinkerService.Accepted> retryReturned() {
        List<LinkerService.Accepted> started = new ArrayList<>();
        for (String type : LinkerService.TYPES) {
            for (StoredResource linker : stores.resources().ofType(type)) {
                if (!waitingForTarget(linker) || !reachable(linker)) continue;
                try {
                    started.add(linkers.reapply(linker.id(), false, ACTOR));
                    LOG.info("connection {}: its target answers again; applying it once more", linker.id());
                } catch (TerminalFailure | TransientFailure e) {
                    LOG.warn("connection {}: retry after its target returned not started: {}", linker.id(), e.getMessage());
                }
            }
        }
        return started;
    }

    private static boolean waitingForTarget(StoredResource linker) {
        return "Failed".equals(linker.properties().get("provisioningState"))
                && LinkerBodies.failureCode(linker.properties()).filter(TargetFaults.UNREACHABLE::equals).isPresent();
    }

    private boolean reachable(StoredResource linker) {
        try {
            Object target = Json.map(linker.properties().get("targetService")).get("id");
            ResolvedTarget t = targets.resolve(ResourceId.parse(String.valueOf(target)));
            t.kind().provider().checkAdmin(t.endpoint());
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }
}
