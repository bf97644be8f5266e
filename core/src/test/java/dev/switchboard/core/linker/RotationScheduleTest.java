package dev.switchboard.core.linker;

import dev.switchboard.core.failure.TerminalFailure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RotationScheduleTest {

    @Test
    void aScheduleIsAnIsoDurationOfAtLeastAnHour() {
        assertThat(RotationSchedule.read(Map.of())).isEmpty();
        assertThat(RotationSchedule.read(Map.of("rotation", Map.of()))).isEmpty();
        assertThat(RotationSchedule.read(Map.of("rotation", Map.of("every", "P30D")))).contains(new RotationSchedule(Duration.ofDays(30)));
        assertThat(RotationSchedule.read(Map.of("rotation", Map.of("every", "PT1H")))).contains(new RotationSchedule(Duration.ofHours(1)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"PT59M", "monthly", "P1M", "-P1D", ""})
    void anythingElseIsRefusedNamingTheField(String every) {
        assertThatThrownBy(() -> RotationSchedule.read(Map.of("rotation", Map.of("every", every))))
                .isInstanceOfSatisfying(TerminalFailure.class, f -> {
                    assertThat(f.status()).isEqualTo(400);
                    assertThat(f.target()).isEqualTo("properties.rotation.every");
                });
    }

    @Test
    void aScheduleThatIsNotAnObjectOrAStringIsRefused() {
        assertThatThrownBy(() -> RotationSchedule.read(Map.of("rotation", "P1D"))).isInstanceOf(TerminalFailure.class);
        assertThatThrownBy(() -> RotationSchedule.read(Map.of("rotation", Map.of("every", 3600)))).isInstanceOf(TerminalFailure.class);
    }

    @Test
    void dueOncePeriodHasPassedSinceTheLastRotation() {
        Instant last = Instant.parse("2026-01-01T00:00:00Z");
        RotationSchedule daily = new RotationSchedule(Duration.ofDays(1));
        assertThat(daily.due(last, last.plus(Duration.ofHours(23)))).isFalse();
        assertThat(daily.due(last, last.plus(Duration.ofDays(1)))).isTrue();
        assertThat(RotationSchedule.lastRotated(Map.of("rotation", Map.of("lastRotatedAt", last.toString())))).contains(last);
        assertThat(RotationSchedule.lastRotated(Map.of("rotation", Map.of("lastRotatedAt", "yesterday")))).isEmpty();
    }
}
