package dev.switchboard.engine;

import dev.switchboard.core.failure.TransientFailure;

import java.time.Duration;
import java.util.function.Supplier;

/** Retries transient failures with exponential backoff; terminal ones pass straight through. */
public record RetryPolicy(int attempts, Duration firstDelay) {
    public static final RetryPolicy DEFAULT = new RetryPolicy(5, Duration.ofMillis(200));

    public <T> T call(Supplier<T> action) {
        Duration delay = firstDelay;
        for (int attempt = 1; ; attempt++) {
            try {
                return action.get();
            } catch (TransientFailure e) {
                if (attempt >= attempts) throw e;
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
