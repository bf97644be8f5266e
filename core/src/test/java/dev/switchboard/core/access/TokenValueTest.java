package dev.switchboard.core.access;

import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class TokenValueTest {
    final SecureRandom random = new SecureRandom();

    @Test
    void aMintedTokenHasTheDocumentedShapeAndParsesBack() {
        TokenValue t = TokenValue.mint(random);
        String full = t.full().reveal();
        assertThat(full).matches("sb\\.[a-z0-9]{12}\\.[A-Za-z0-9_-]{43}");
        TokenValue parsed = TokenValue.parse(full).orElseThrow();
        assertThat(parsed.id()).isEqualTo(t.id());
        assertThat(parsed.secret().reveal()).isEqualTo(t.secret().reveal());
        assertThat(t.toString()).doesNotContain(t.secret().reveal()).startsWith("sb." + t.id());
        assertThat(t.full().toString()).isEqualTo("***");
    }

    @Test
    void tokensAreDistinct() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 200; i++) assertThat(seen.add(TokenValue.mint(random).full().reveal())).isTrue();
    }

    @Test
    void otherValuesAreNotTokens() {
        String ok = TokenValue.mint(random).full().reveal();
        for (String bad : new String[]{null, "", "sb..", ok + "x", ok.substring(1), ok.replace("sb.", "SB."), ok.toUpperCase(),
                "plainOldBootstrapTokenOfFortyThreeCharsXXXX"}) {
            assertThat(TokenValue.parse(bad)).as(String.valueOf(bad)).isEmpty();
        }
    }

    @Test
    void hashesCompareOnlyEqualSecrets() {
        String hash = TokenHash.of("secret-part");
        assertThat(hash).matches("[0-9a-f]{64}");
        assertThat(TokenHash.matches(hash, "secret-part")).isTrue();
        assertThat(TokenHash.matches(hash, "secret-parT")).isFalse();
        assertThat(TokenHash.matches(hash, "")).isFalse();
    }
}
