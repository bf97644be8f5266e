package dev.switchboard.server;

import dev.switchboard.core.target.TargetEndpoint;
import dev.switchboard.engine.TargetWait;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the server needs from its environment, gathered by the entry point (the only place that reads
 * environment variables) and passed in.
 *
 * @param postgres        the PostgreSQL that server resources without an address adopt; empty = embedded
 * @param embeddedPostgres start an embedded PostgreSQL when {@code postgres} is empty
 * @param baseEnvironment variables every app process inherits (PATH, HOME, …)
 * @param haltAt          fault injection for crash tests: {@code Step:PHASE} (e.g. {@code GrantAccess:DONE}) at which
 *                        the process halts as if killed; null in normal use
 * @param adminSessionIdle how long idle administrator sessions to target servers are kept for reuse (zero: none)
 * @param shared          a PostgreSQL store shared by several replicas (empty: the data directory's own SQLite file)
 * @param targetRetryPeriod how often connections that failed on an unreachable target are tried again once it
 *                        answers (zero: never on its own)
 * @param reconcilePeriod how often the leader compares every connection with its footprint and heals or reports
 *                        drift (zero: never on its own)
 * @param targetWait      how long a connection whose target does not exist or answer yet waits for it before it
 *                        fails (zero: refused at once)
 */
public record ServerConfig(Path dataDir, String host, int port, Optional<TargetEndpoint> postgres, boolean embeddedPostgres,
                           Map<String, String> baseEnvironment, boolean leaveAppsRunning, Clock clock, String haltAt,
                           Duration adminSessionIdle, Optional<SharedStore> shared, Duration targetRetryPeriod,
                           Duration reconcilePeriod, Duration targetWait) {
    public static final Duration TARGET_RETRY_PERIOD = Duration.ofSeconds(10);
    public static final Duration RECONCILE_PERIOD = Duration.ofSeconds(30);

    /** One replica on its own SQLite store. */
    public ServerConfig(Path dataDir, String host, int port, Optional<TargetEndpoint> postgres, boolean embeddedPostgres,
                        Map<String, String> baseEnvironment, boolean leaveAppsRunning, Clock clock, String haltAt,
                        Duration adminSessionIdle) {
        this(dataDir, host, port, postgres, embeddedPostgres, baseEnvironment, leaveAppsRunning, clock, haltAt,
                adminSessionIdle, Optional.empty(), TARGET_RETRY_PERIOD, RECONCILE_PERIOD, TargetWait.DEFAULT_BOUND);
    }

    public ServerConfig withShared(SharedStore store) {
        return new ServerConfig(dataDir, host, port, postgres, embeddedPostgres, baseEnvironment, leaveAppsRunning, clock,
                haltAt, adminSessionIdle, Optional.of(store), targetRetryPeriod, reconcilePeriod, targetWait);
    }

    public ServerConfig withTargetRetryPeriod(Duration period) {
        return new ServerConfig(dataDir, host, port, postgres, embeddedPostgres, baseEnvironment, leaveAppsRunning, clock,
                haltAt, adminSessionIdle, shared, period, reconcilePeriod, targetWait);
    }

    public ServerConfig withReconcilePeriod(Duration period) {
        if (period.isNegative()) throw new IllegalArgumentException("the reconcile period must not be negative, not " + period);
        return new ServerConfig(dataDir, host, port, postgres, embeddedPostgres, baseEnvironment, leaveAppsRunning, clock,
                haltAt, adminSessionIdle, shared, targetRetryPeriod, period, targetWait);
    }

    public ServerConfig withTargetWait(Duration wait) {
        if (wait.isNegative()) throw new IllegalArgumentException("the target wait must not be negative, not " + wait);
        return new ServerConfig(dataDir, host, port, postgres, embeddedPostgres, baseEnvironment, leaveAppsRunning, clock,
                haltAt, adminSessionIdle, shared, targetRetryPeriod, reconcilePeriod, wait);
    }

    public static final int DEFAULT_PORT = 7400;
    public static final String SUBSCRIPTION = "00000000-0000-0000-0000-000000000000";
    public static final Duration ADMIN_SESSION_IDLE = Duration.ofSeconds(30);
}
