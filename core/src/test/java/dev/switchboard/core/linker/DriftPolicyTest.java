package dev.switchboard.core.linker;

import dev.switchboard.core.failure.TerminalFailure;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DriftPolicyTest {

    @Test
    void healUnlessTheConnectionSaysReport() {
        assertThat(DriftPolicy.read(Map.of())).isEqualTo(DriftPolicy.HEAL);
        assertThat(DriftPolicy.read(Map.of("driftPolicy", "heal"))).isEqualTo(DriftPolicy.HEAL);
        assertThat(DriftPolicy.read(Map.of("driftPolicy", "report"))).isEqualTo(DriftPolicy.REPORT);
    }

    @Test
    void anythingElseIsRefusedNamingTheField() {
        for (Object bad : List.of("Heal", "ignore", "", 1, true, Map.of(), List.of("heal"))) {
            assertThatThrownBy(() -> DriftPolicy.read(Map.of("driftPolicy", bad))).as(String.valueOf(bad))
                    .isInstanceOfSatisfying(TerminalFailure.class, f -> {
                        assertThat(f.status()).isEqualTo(400);
                        assertThat(f.code()).isEqualTo("InvalidDriftPolicy");
                        assertThat(f.target()).isEqualTo("properties.driftPolicy");
                        assertThat(f.getMessage()).contains("properties.driftPolicy").contains("'heal' or 'report'");
                    });
        }
    }
}
