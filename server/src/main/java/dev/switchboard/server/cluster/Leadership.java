package dev.switchboard.server.cluster;

import dev.switchboard.core.store.LeaseStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Which replica leads, through a lease in the shared store: every replica tries to take or renew it every
 * {@link #RENEW_EVERY}; whoever holds it runs the leader's duties (the app host, the journal's recovery, scheduled
 * rotations), the others forward writes to it. A leader that dies stops renewing, and another takes over once the
 * lease has expired ({@link #TTL}), running the duties again (which resume what the journal left).
 */
public final class Leadership implements AutoCloseable {
    /** How old the leader hint on answers may be. */
    static final java.time.Duration HINT_AGE = java.time.Duration.ofSeconds(1);
    public static final String LEASE = "leader";
    public static final Duration TTL = Duration.ofSeconds(5);
    static final Duration RENEW_EVERY = Duration.ofSeconds(1);
    private static final Logger LOG = LoggerFactory.getLogger(Leadership.class);

    private final LeaseStore leases;
    private final String replica;
    private final String url;
    private final Clock clock;
    private final Runnable duties;
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "switchboard-leadership");
        t.setDaemon(true);
        return t;
    });
    /** Duties run here, not on the ticker: recovering a journal can take longer than a lease lasts. */
    private final ExecutorService dutyRunner = Executors.newSingleThreadExecutor(r -> new Thread(r, "switchboard-leader-duties"));
    private volatile boolean leader;

    public Leadership(LeaseStore leases, String replica, String url, Clock clock, Runnable duties) {
        this.leases = leases;
        this.replica = replica;
        this.url = url;
        this.clock = clock;
        this.duties = duties;
    }

    public Leadership start() {
        ticker.scheduleWithFixedDelay(this::tick, 0, RENEW_EVERY.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    public boolean isLeader() {
        return leader;
    }

    public String replica() {
        return replica;
    }

    /** Where the leader answers, if one holds the lease now (this replica's own URL when it leads). */
    public Optional<String> leaderUrl() {
        Optional<String> now = leases.current(LEASE, clock.instant()).map(LeaseStore.Lease::holderUrl);
        seen = new Seen(now, clock.instant());
        return now;
    }

    /**
     * As {@link #leaderUrl}, up to {@link #HINT_AGE} old: for the {@code X-Switchboard-Leader} hint on every answer,
     * which must not cost a query of the lease table per request. Forwarding a write asks {@link #leaderUrl}.
     */
    public Optional<String> leaderHint() {
        Seen last = seen;
        if (last != null && !clock.instant().isAfter(last.at().plus(HINT_AGE))) return last.url();
        return leaderUrl();
    }

    private record Seen(Optional<String> url, java.time.Instant at) { }

    /** The leader as last read from the lease table, and when. */
    private volatile Seen seen;

    private void tick() {
        try {
            boolean holds = leases.tryAcquire(LEASE, replica, url, TTL, clock.instant()).isPresent();
            if (holds && !leader) {
                leader = true;
                LOG.info("replica {} leads now ({}): starting the app host's work and the journal's recovery", replica, url);
                dutyRunner.submit(duties);
            } else if (!holds && leader) {
                // Another replica took the lease: this one must not act as leader any more.
                leader = false;
                LOG.error("replica {} lost the leader lease; it forwards writes from now on", replica);
            }
        } catch (RuntimeException e) {
            LOG.warn("replica {}: the leader lease could not be renewed: {}", replica, e.toString());
        }
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        dutyRunner.shutdownNow();
        if (leader) leases.release(LEASE, replica);
        leader = false;
    }
}
