package dev.switchboard.core.secret;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Set;
import java.util.random.RandomGenerator;

import static org.assertj.core.api.Assertions.assertThat;

class PasswordGeneratorTest {

    private static final String ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    /** Returns 0, 1, 2, ... modulo the requested bound: walks every symbol of the alphabet in order. */
    private static RandomGenerator counting() {
        return new RandomGenerator() {
            private int n;
            @Override public long nextLong() { return n++; }
            @Override public int nextInt(int bound) { return n++ % bound; }
        };
    }

    @Test
    void passwordsAre32AlphanumericCharactersAndDistinct() {
        PasswordGenerator g = new PasswordGenerator(new SecureRandom());
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String p = g.next().reveal();
            assertThat(p).hasSize(32).matches("[A-Za-z0-9]{32}");
            seen.add(p);
        }
        assertThat(seen).hasSize(1000);
    }

    @Test
    void passwordsUseTheWholeAlphabet() {
        PasswordGenerator g = new PasswordGenerator(counting());
        String twoPasswords = g.next().reveal() + g.next().reveal();
        assertThat(twoPasswords).isEqualTo(ALPHANUMERIC + "AB");
    }

    @Test
    void suffixesUseLowerCaseLettersAndDigitsOnly() {
        PasswordGenerator g = new PasswordGenerator(counting());
        assertThat(g.suffix(36)).isEqualTo("abcdefghijklmnopqrstuvwxyz0123456789");
        PasswordGenerator secure = new PasswordGenerator(new SecureRandom());
        for (int i = 0; i < 200; i++) assertThat(secure.suffix(6)).matches("[a-z0-9]{6}");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 6, 40})
    void suffixHasTheRequestedLength(int length) {
        assertThat(new PasswordGenerator(new SecureRandom()).suffix(length)).hasSize(length);
    }

    @Test
    void aGeneratedPasswordPrintsMasked() {
        assertThat(new PasswordGenerator(new SecureRandom()).next().toString()).isEqualTo("***");
    }
}
