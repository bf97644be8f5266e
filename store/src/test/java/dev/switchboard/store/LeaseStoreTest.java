package dev.switchboard.store;

import dev.switchboard.core.store.LeaseStore.Lease;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The leader lease on one store, time given explicitly. Two stores on one database: {@link ReplicasTest}. */
@ParameterizedClass(name = "{0}")
@MethodSource("dev.switchboard.store.Backend#both")
class LeaseStoreTest extends BackendTest {
    static final Instant T0 = Instant.parse("2025-03-04T05:06:07Z");
    static final Duration TTL = Duration.ofSeconds(10);
    SqlStore store;

    @BeforeEach
    void open() {
        store = openStore();
    }

    @Test
    void oneHolderAtATimeRenewedByItsHolderAndTakenOverAfterExpiry() {
        assertThat(store.current("leader", T0)).isEmpty();
        Lease a = store.tryAcquire("leader", "a", "http://a:8080", TTL, T0).orElseThrow();
        assertThat(a).isEqualTo(new Lease("leader", "a", "http://a:8080", T0.plus(TTL)));
        assertThat(store.current("leader", T0.plusSeconds(1))).contains(a);
        assertThat(store.tryAcquire("leader", "b", "http://b:8080", TTL, T0.plusSeconds(5))).as("a holds a live lease").isEmpty();

        Lease renewed = store.tryAcquire("leader", "a", "http://a:9090", TTL, T0.plusSeconds(8)).orElseThrow();
        assertThat(renewed.expiresAt()).isEqualTo(T0.plusSeconds(18));
        assertThat(store.current("leader", T0.plusSeconds(12))).contains(renewed);
        assertThat(store.tryAcquire("leader", "b", "http://b:8080", TTL, T0.plusSeconds(12))).as("renewed past the first expiry").isEmpty();

        assertThat(store.current("leader", T0.plusSeconds(18))).as("expired at its expiry instant").isEmpty();
        Lease b = store.tryAcquire("leader", "b", "http://b:8080", TTL, T0.plusSeconds(18)).orElseThrow();
        assertThat(store.current("leader", T0.plusSeconds(19))).contains(b);
        assertThat(store.tryAcquire("leader", "a", "http://a:9090", TTL, T0.plusSeconds(19))).as("a lost it").isEmpty();
        assertThat(store.tryAcquire("other", "a", null, TTL, T0.plusSeconds(19))).as("another name is another lease").isPresent();
    }

    @Test
    void releaseFreesTheLeaseOnlyForItsHolder() {
        store.tryAcquire("leader", "a", "http://a", TTL, T0).orElseThrow();
        store.release("leader", "b");
        assertThat(store.current("leader", T0.plusSeconds(1))).map(Lease::holder).contains("a");
        store.release("leader", "a");
        assertThat(store.current("leader", T0.plusSeconds(1))).isEmpty();
        assertThat(store.tryAcquire("leader", "b", "http://b", TTL, T0.plusSeconds(1))).map(Lease::holder).contains("b");
    }

    @Test
    void aLeaseNeedsAPositiveTtl() {
        assertThatThrownBy(() -> store.tryAcquire("leader", "a", null, Duration.ZERO, T0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(store.current("leader", T0)).isEmpty();
    }
}
