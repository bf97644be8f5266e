package dev.switchboard.core.store;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Named leases kept in the shared store, for electing one leader among replicas: whoever holds the live lease
 * {@code name} leads until it expires, and keeps it by renewing before then.
 *
 * <p>Time is the caller's {@code now} (from its clock), never the database's, so tests control it. A lease is
 * therefore only as good as the replicas' clocks: they must be roughly synchronised (NTP), and the TTL must be well
 * above their skew plus the renewal interval, or two replicas may both believe they lead for up to the skew.
 */
public interface LeaseStore {
    /** A lease held by {@code holder} (a replica's id) until {@code expiresAt}; {@code holderUrl} says where to reach it. */
    record Lease(String name, String holder, String holderUrl, Instant expiresAt) {
        public boolean liveAt(Instant now) {
            return now.isBefore(expiresAt);
        }
    }

    /**
     * Atomically takes lease {@code name} for {@code holder} until {@code now + ttl}: succeeds when nobody holds it,
     * when its lease has expired, or when {@code holder} already holds it (a renewal). Returns the lease now held by
     * {@code holder}; empty when another holder's lease is live.
     */
    Optional<Lease> tryAcquire(String name, String holder, String holderUrl, Duration ttl, Instant now);

    /** The live lease {@code name} at {@code now}; empty when none is held or it has expired. */
    Optional<Lease> current(String name, Instant now);

    /** Gives the lease up, if {@code holder} holds it (anyone may take it at once); otherwise does nothing. */
    void release(String name, String holder);
}
