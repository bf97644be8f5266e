package dev.switchboard.providers.local;

import java.time.Duration;

/** Crash-restart delays: 1 s, 2 s, 4 s, 8 s, 16 s, then 30 s for every further consecutive failure. */
final class Backoff {

    static final Duration MAX = Duration.ofSeconds(30);
    /** A process that ran at least this long before it died starts the count again. */
    static final Duration STABLE_RUN = Duration.ofSeconds(60);
    /** Failures in a row (without a stable run between) after which a waiting process is in a crash loop. */
    static final int CRASH_LOOP_FAILURES = 3;

    private Backoff() {
    }

    /** The delay before restart number {@code consecutiveFailures} (1-based). */
    static Duration delay(int consecutiveFailures) {
        int n = Math.max(1, consecutiveFailures);
        long seconds = n > 6 ? MAX.toSeconds() : Math.min(MAX.toSeconds(), 1L << (n - 1));
        return Duration.ofSeconds(seconds);
    }

    /** Whether a process that failed this many times in a row is crash looping rather than failed once or twice. */
    static boolean crashLooping(int consecutiveFailures) {
        return consecutiveFailures >= CRASH_LOOP_FAILURES;
    }
}
