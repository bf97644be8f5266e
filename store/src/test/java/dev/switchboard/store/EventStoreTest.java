package dev.switchboard.store;

import dev.switchboard.core.id.ResourceId;
import dev.switchboard.core.store.ConnectionEvent;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Connections' events: the same answers on both databases, newest first, per connection, gone with it. */
@ParameterizedClass(name = "{0}")
@MethodSource("dev.switchboard.store.Backend#both")
class EventStoreTest extends BackendTest {
    static final Instant T0 = Instant.parse("2025-03-04T05:06:07Z");
    static final ResourceId APP = ResourceId.parse("/subscriptions/s1/resourceGroups/Rg/providers/Microsoft.App/containerApps/web");
    static final ResourceId ONE = APP.extension("Microsoft.ServiceLinker", "linkers", "One");
    static final ResourceId TWO = APP.extension("Microsoft.ServiceLinker", "linkers", "two");
    SqlStore store;

    @BeforeEach
    void open() {
        store = openStore();
    }

    @Test
    void eventsComeBackNewestFirstWithTheirDetailAndIncreasingNumbers() {
        ConnectionEvent detected = store.append(ConnectionEvent.of(T0, ONE, ConnectionEvent.DRIFT_DETECTED, "login 'sb_x' is missing",
                Map.of("drift", List.of(Map.of("kind", "LoginMissing", "login", "sb_x")), "policy", "heal")));
        store.append(ConnectionEvent.of(T0.plusSeconds(1), TWO, ConnectionEvent.DRIFT_DETECTED, "other", Map.of()));
        ConnectionEvent healed = store.append(ConnectionEvent.of(T0.plusSeconds(2), ONE, ConnectionEvent.DRIFT_HEALED, "healed",
                Map.of("operationId", "op1")));
        assertThat(healed.seq()).isGreaterThan(detected.seq()).isPositive();

        List<ConnectionEvent> events = store.events(ResourceId.parse(ONE.toString().toLowerCase()), 10);
        assertThat(events).extracting(ConnectionEvent::kind).containsExactly("DriftHealed", "DriftDetected");
        assertThat(events).extracting(ConnectionEvent::seq).containsExactly(healed.seq(), detected.seq());
        assertThat(events.get(1)).isEqualTo(detected);
        assertThat(events.get(1).detail().get("drift")).isEqualTo(List.of(Map.of("kind", "LoginMissing", "login", "sb_x")));
        assertThat(events.get(0).at()).isEqualTo(T0.plusSeconds(2));
        assertThat(store.events(ONE, 1)).extracting(ConnectionEvent::kind).containsExactly("DriftHealed");
    }

    @Test
    void aDeletedConnectionsEventsGoAndTheOthersStay() {
        store.append(ConnectionEvent.of(T0, ONE, ConnectionEvent.HEAL_FAILED, "failed", Map.of("code", "TargetUnreachable")));
        store.append(ConnectionEvent.of(T0, TWO, ConnectionEvent.DRIFT_DETECTED, "other", Map.of()));
        store.deleteEvents(ONE);
        assertThat(store.events(ONE, 10)).isEmpty();
        assertThat(store.events(TWO, 10)).hasSize(1);
    }

    @Test
    void eventsSurviveReopeningTheStore() {
        store.append(ConnectionEvent.of(T0, ONE, ConnectionEvent.DRIFT_DETECTED, "kept", Map.of()));
        store.close();
        store = openStore();
        assertThat(store.events(ONE, 10)).extracting(ConnectionEvent::message).containsExactly("kept");
    }
}
