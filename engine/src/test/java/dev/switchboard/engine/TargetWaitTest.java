package dev.switchboard.engine;

import dev.switchboard.core.failure.TerminalFailure;
import dev.switchboard.core.id.ResourceId;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The wait's schedule and outcomes, on a clock that only moves when the wait pauses. */
class TargetWaitTest {
    static final String RG = "/subscriptions/s/resourceGroups/rg";
    static final ResourceId LINKER = ResourceId.parse(RG + "/providers/Microsoft.Web/sites/app/providers/Microsoft.ServiceLinker/linkers/c");
    static final ResourceId TARGET = ResourceId.parse(RG + "/providers/Microsoft.DBforPostgreSQL/flexibleServers/pg/databases/db");
    static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

    /** A clock moved by hand, and the pauses the wait asked for (it moves the clock by each). */
    static final class Paused extends Clock {
        Instant now = T0;
        final List<Duration> pauses = new ArrayList<>();
        boolean cancelOnPause;

        TargetWait.Pause pause() {
            return (d, canceled) -> {
                pauses.add(d);
                now = now.plus(d);
                return !cancelOnPause;
            };
        }

        @Override public Instant instant() { return now; }
        @Override public java.time.ZoneId getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(java.time.ZoneId zone) { return this; }
    }

    static TerminalFailure missing() {
        return TargetResolver.missingTarget(TARGET);
    }

    static TerminalFailure unreachable() {
        return new TerminalFailure(503, TargetFaults.UNREACHABLE, "pg", "postgresql server pg (127.0.0.1:1) is unreachable");
    }

    /** Fails with {@code failures} in turn, then answers "ready". */
    static Supplier<String> failing(AtomicInteger calls, TerminalFailure... failures) {
        return () -> {
            int n = calls.getAndIncrement();
            if (n < failures.length) throw failures[n];
            return "ready";
        };
    }

    @Test
    void pausesStartShortDoubleAndLevelOff() {
        assertThat(List.of(1, 2, 3, 4, 5, 6, 7, 20).stream().map(TargetWait::pauseAfter).map(Duration::toMillis).toList())
                .containsExactly(250L, 500L, 1000L, 2000L, 4000L, 5000L, 5000L, 5000L);
    }

    @Test
    void aTargetThatAppearsEndsTheWaitWithTheAttemptsAnswer() {
        Paused clock = new Paused();
        TargetWait wait = new TargetWait(Duration.ofMinutes(2), clock, clock.pause());
        AtomicInteger calls = new AtomicInteger();
        List<String> reasons = new ArrayList<>();
        String got = wait.await(LINKER, TARGET, T0, failing(calls, missing(), missing(), unreachable(), unreachable()),
                why -> reasons.add(why.code()), new CountDownLatch(1));
        assertThat(got).isEqualTo("ready");
        assertThat(calls).hasValue(5);
        assertThat(clock.pauses).extracting(Duration::toMillis).containsExactly(250L, 500L, 1000L, 2000L);
        assertThat(reasons).as("each new reason once").containsExactly("TargetResourceNotFound", "TargetUnreachable");
    }

    @Test
    void aTargetThatNeverAppearsFailsAtTheBoundNamingTheTargetAndTheTimeWaited() {
        Paused clock = new Paused();
        TargetWait wait = new TargetWait(Duration.ofSeconds(10), clock, clock.pause());
        TerminalFailure e = catchThrowableOfType(TerminalFailure.class,
                () -> wait.await(LINKER, TARGET, T0, () -> { throw missing(); }, why -> { }, new CountDownLatch(1)));
        assertThat(e.code()).isEqualTo("TargetResourceNotFound");
        assertThat(e.status()).isEqualTo(404);
        assertThat(e.getMessage()).contains(TARGET.toString()).contains("after 10.0 s");
        // 0.25 + 0.5 + 1 + 2 + 4 = 7.75 s, then only what is left of the bound: the last attempt is at the bound.
        assertThat(clock.pauses).extracting(Duration::toMillis).containsExactly(250L, 500L, 1000L, 2000L, 4000L, 2250L);
        assertThat(clock.now).isEqualTo(T0.plusSeconds(10));
    }

    @Test
    void aTargetThatNeverAnswersIsNotReady() {
        Paused clock = new Paused();
        TargetWait wait = new TargetWait(Duration.ofSeconds(3), clock, clock.pause());
        TerminalFailure e = catchThrowableOfType(TerminalFailure.class,
                () -> wait.await(LINKER, TARGET, T0, () -> { throw unreachable(); }, why -> { }, new CountDownLatch(1)));
        assertThat(e.code()).isEqualTo(TargetWait.NOT_READY);
        assertThat(e.getMessage()).contains(TARGET.toString()).contains("after 3.0 s").contains("(127.0.0.1:1) is unreachable");
    }

    @Test
    void aWaitResumedLateGetsOnlyWhatIsLeftOfItsBound() {
        Paused clock = new Paused();
        clock.now = T0.plusSeconds(119);
        TargetWait wait = new TargetWait(Duration.ofMinutes(2), clock, clock.pause());
        AtomicInteger calls = new AtomicInteger();
        catchThrowableOfType(TerminalFailure.class, () -> wait.await(LINKER, TARGET, T0, failing(calls, missing(), missing(),
                missing(), missing(), missing()), why -> { }, new CountDownLatch(1)));
        assertThat(clock.pauses).extracting(Duration::toMillis).containsExactly(250L, 500L, 250L);
        assertThat(calls).hasValue(4);
    }

    @Test
    void otherFailuresEndTheWaitAtOnce() {
        Paused clock = new Paused();
        TargetWait wait = new TargetWait(Duration.ofMinutes(2), clock, clock.pause());
        TerminalFailure refused = new TerminalFailure(409, TargetFaults.AUTHENTICATION_FAILED, "pg", "refused");
        assertThat(catchThrowableOfType(TerminalFailure.class, () -> wait.await(LINKER, TARGET, T0,
                failing(new AtomicInteger(), missing(), refused), why -> { }, new CountDownLatch(1)))).isSameAs(refused);
        assertThat(clock.pauses).hasSize(1);
        assertThat(wait.worthWaiting(TerminalFailure.badRequest("InvalidClientType", "properties.clientType", "x"))).isFalse();
    }

    @Test
    void aZeroBoundWaitsForNothing() {
        TargetWait none = new TargetWait(Duration.ZERO, Clock.systemUTC());
        assertThat(none.enabled()).isFalse();
        assertThat(none.worthWaiting(missing())).isFalse();
        assertThat(none.worthWaiting(unreachable())).isFalse();
    }

    @Test
    void aCanceledWaitEndsWithoutAnotherAttempt() {
        Paused clock = new Paused();
        clock.cancelOnPause = true;
        TargetWait wait = new TargetWait(Duration.ofMinutes(2), clock, clock.pause());
        AtomicInteger calls = new AtomicInteger();
        TerminalFailure e = catchThrowableOfType(TerminalFailure.class,
                () -> wait.await(LINKER, TARGET, T0, failing(calls, missing(), missing()), why -> { }, new CountDownLatch(1)));
        assertThat(e.code()).isEqualTo(TargetWait.CANCELED);
        assertThat(e.getMessage()).contains(TARGET.toString());
        assertThat(calls).hasValue(1);
    }

    @Test
    void cancelingWakesARealWait() throws Exception {
        TargetWait wait = new TargetWait(Duration.ofMinutes(2), Clock.systemUTC());
        CountDownLatch fourAttempts = new CountDownLatch(4);
        CountDownLatch canceled = new CountDownLatch(1);
        Thread waiter = Thread.ofVirtual().start(() -> catchThrowableOfType(TerminalFailure.class, () -> wait.await(LINKER,
                TARGET, Instant.now(), () -> { fourAttempts.countDown(); throw missing(); }, why -> { }, canceled)));
        fourAttempts.await(); // after 0.25 + 0.5 + 1 s: the next pause is 2 s
        long start = System.nanoTime();
        canceled.countDown();
        waiter.join(Duration.ofSeconds(5));
        assertThat(waiter.isAlive()).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("woken, not slept out").isLessThan(Duration.ofSeconds(1));
    }
}
