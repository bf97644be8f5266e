package dev.switchboard.engine;

import dev.switchboard.core.failure.TerminalFailure;
import dev.switchboard.core.id.ResourceId;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A connection whose target does not exist yet, or does not answer yet, waits for it: the attempt (the full check
 * and plan of the request) is made again with backoff until it passes, fails for another reason, the bound since the
 * request was accepted has passed, or the wait is canceled (the connection is deleted). Only those two failures are
 * waited out; anything else the attempt refuses ends the wait at once.
 */
public final class TargetWait {
    public static final Duration DEFAULT_BOUND = Duration.ofMinutes(2);
    /** The target still did not answer when the bound passed. */
    public static final String NOT_READY = "TargetNotReady";
    public static final String CANCELED = "OperationCanceled";
    static final Duration FIRST_PAUSE = Duration.ofMillis(250);
    static final Duration LONGEST_PAUSE = Duration.ofSeconds(5);
    private static final Set<String> WAITED_OUT = Set.of(TargetResolver.MISSING, TargetFaults.UNREACHABLE);

    /** Pauses for {@code d}; false when {@code canceled} was counted down first. */
    public interface Pause {
        boolean pause(Duration d, CountDownLatch canceled);
    }

    private final Duration bound;
    private final Clock clock;
    private final Pause pause;

    public TargetWait(Duration bound, Clock clock) {
        this(bound, clock, TargetWait::sleep);
    }

    public TargetWait(Duration bound, Clock clock, Pause pause) {
        if (bound.isNegative()) throw new IllegalArgumentException("the target wait must not be negative, not " + bound);
        this.bound = bound;
        this.clock = clock;
        this.pause = pause;
    }

    /** Zero: a connection whose target is missing or unreachable is refused at once, as before waiting existed. */
    public boolean enabled() {
        return !bound.isZero();
    }

    /** Whether {@code failure} says the target is not there or not answering yet (and so is worth waiting for). */
    public boolean worthWaiting(TerminalFailure failure) {
        return enabled() && WAITED_OUT.contains(failure.code());
    }

    /** When a wait that began at {@code since} gives up. */
    public Instant deadline(Instant since) {
        return since.plus(bound);
    }

    /** The pause after the {@code attempt}-th failed attempt (1-based): 250 ms, doubling, at most 5 s. */
    public static Duration pauseAfter(int attempt) {
        int doublings = Math.min(attempt - 1, 10);
        Duration d = FIRST_PAUSE.multipliedBy(1L << doublings);
        return d.compareTo(LONGEST_PAUSE) > 0 ? LONGEST_PAUSE : d;
    }

    /**
     * Makes {@code attempt} until it passes and returns what it returned. {@code waitingOn} hears each new reason for
     * waiting (a missing target, then an unreachable one…). Gives up once the bound since {@code since} has passed:
     * {@code TargetResourceNotFound} or {@code TargetNotReady}, naming the target and how long it waited; or as soon as
     * {@code canceled} is counted down (before the next attempt): {@code OperationCanceled}.
     */
    public <T> T await(ResourceId linker, ResourceId target, Instant since, Supplier<T> attempt, Consumer<TerminalFailure> waitingOn,
                       CountDownLatch canceled) {
        String reason = null;
        for (int n = 1; ; n++) {
            TerminalFailure last;
            try {
                return attempt.get();
            } catch (TerminalFailure e) {
                if (!worthWaiting(e)) throw e;
                last = e;
            }
            if (!last.code().equals(reason)) waitingOn.accept(last);
            reason = last.code();
            Duration left = Duration.between(clock.instant(), deadline(since));
            if (left.isNegative() || left.isZero()) throw gaveUp(target, since, last);
            Duration next = pauseAfter(n);
            if (!pause.pause(next.compareTo(left) < 0 ? next : left, canceled)) throw canceled(linker, target);
        }
    }

    /** The waiting-for message a connection shows: what it waits for, why, and until when. */
    public static String describe(ResourceId target, TerminalFailure why, Instant until) {
        String what = why.code().equals(TargetResolver.MISSING) ? "to be created" : "to answer";
        return "waiting until " + until + " for target " + target + " " + what + ": " + why.getMessage();
    }

    private TerminalFailure gaveUp(ResourceId target, Instant since, TerminalFailure last) {
        String message = "gave up waiting for target " + target + " after " + seconds(Duration.between(since, clock.instant()))
                + ": " + last.getMessage();
        return last.code().equals(TargetResolver.MISSING)
                ? TerminalFailure.notFound(TargetResolver.MISSING, "properties.targetService.id", message)
                : new TerminalFailure(503, NOT_READY, "properties.targetService.id", message);
    }

    private static TerminalFailure canceled(ResourceId linker, ResourceId target) {
        return TerminalFailure.conflict(CANCELED, linker.toString(), "the connection was deleted while it waited for target "
                + target + "; nothing was made");
    }

    private static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }

    private static boolean sleep(Duration d, CountDownLatch canceled) {
        try {
            return !canceled.await(d.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
