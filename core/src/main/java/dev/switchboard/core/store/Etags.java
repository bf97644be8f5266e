package dev.switchboard.core.store;

import dev.switchboard.core.failure.TerminalFailure;
import dev.switchboard.core.id.ResourceId;

import java.util.Optional;

/** ARM's If-Match rule, in one place: absent matches anything, {@code *} matches any existing version. */
public final class Etags {
    private Etags() { }

    public static void require(ResourceId id, Optional<StoredResource> existing, String ifMatch) {
        if (ifMatch == null || ifMatch.equals("*") && existing.isPresent()) return;
        if (existing.isEmpty() || !existing.get().etag().equals(ifMatch)) {
            throw new TerminalFailure(412, "PreconditionFailed", "If-Match",
                    "The ETag in If-Match does not match the current ETag of " + id);
        }
    }
}
