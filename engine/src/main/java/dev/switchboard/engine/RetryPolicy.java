package dev.switchboard.engine;

import dev.switchboard.core.failure.TransientFailure;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/** Retries transient failures with exponential backoff; terminal ones pass straight through. */
public record RetryPolicy(int attempts, Duration firstDelay) {
    public static final RetryPolicy DEFAULT = new RetryPolicy(5, Duration.ofMillis(200));

    public <T> T call(Supplier<T> action) {
        return call(action, null, null);
    }

    /**
     * As {@link #call(Supplier)}, but no new attempt starts once waiting for it would pass {@code deadline}: a call
     * whose attempts are slow themselves (a client with its own timeouts) ends within about deadline + one attempt.
     */
    public <T> T call(Supplier<T> action, Clock clock, Instant deadline) {
        Duration delay = firstDelay;
        for (int attempt = 1; ; attempt++) {
            try {
                return action.get();
            } catch (TransientFailure e) {
                if (attempt >= attempts || deadline != null && clock.instant().plus(delay).isAfter(deadline)) throw e;
                sleep(delay);
                delay = delay.multipliedBy(2);
            }
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransientFailure("interrupted while waiting to retry", e);
        }
    }
}
