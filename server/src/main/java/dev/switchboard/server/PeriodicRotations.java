package dev.switchboard.server;

import dev.switchboard.engine.RotationScheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Looks for due rotations once a minute on a daemon thread; closing stops it. */
final class PeriodicRotations implements AutoCloseable {
    static final Duration PERIOD = Duration.ofMinutes(1);
    private static final Logger LOG = LoggerFactory.getLogger(PeriodicRotations.class);

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "switchboard-rotations");
        t.setDaemon(true);
        return t;
    });

    PeriodicRotations(RotationScheduler scheduler, Clock clock) {
        timer.scheduleWithFixedDelay(() -> {
            try {
                scheduler.rotateDue(clock.instant());
            } catch (RuntimeException e) {
                LOG.warn("Looking for due rotations failed: {}", e.toString());
            }
        }, PERIOD.toSeconds(), PERIOD.toSeconds(), TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
