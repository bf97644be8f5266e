package dev.switchboard.core.secret;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

class SecretTest {

    @ParameterizedTest
    @ValueSource(strings = {"hunter2", "", "***", "p@ss w'o\"r;d\\=&%", "pässwörd🔑"})
    void printsAsAMaskAndRevealsTheValue(String value) {
        Secret s = Secret.of(value);
        assertThat(s.toString()).isEqualTo("***");
        assertThat(String.valueOf(s)).isEqualTo("***");
        assertThat("password=" + s).isEqualTo("password=***");
        assertThat(s.reveal()).isEqualTo(value);
    }

    @Test
    void staysMaskedInsideCollectionsAndRecords() {
        record Holder(String name, Secret secret) { }
        Secret s = Secret.of("hunter2");
        assertThat(List.of(s).toString()).isEqualTo("[***]");
        assertThat(Map.of("pw", s).toString()).isEqualTo("{pw=***}");
        assertThat(new Holder("x", s).toString()).isEqualTo("Holder[name=x, secret=***]");
        assertThat(String.format("%s", s)).isEqualTo("***");
    }

    @Test
    void equalityIsByValue() {
        assertThat(Secret.of("a")).isEqualTo(Secret.of("a")).hasSameHashCodeAs(Secret.of("a"));
        assertThat(Secret.of("a")).isNotEqualTo(Secret.of("b")).isNotEqualTo("a").isNotEqualTo(null);
    }

    @Test
    void nullIsRefused() {
        assertThatNullPointerException().isThrownBy(() -> Secret.of(null));
    }
}
