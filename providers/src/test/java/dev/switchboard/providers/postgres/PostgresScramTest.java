package dev.switchboard.providers.postgres;

import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** The verifier against RFC 7677's worked example, and SASLprep against RFC 4013's examples and PostgreSQL's rules. */
class PostgresScramTest {
    private static final String AUTH_MESSAGE = "n=user,r=rOprNGfwEbeRWgbNEkqO,"
            + "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096,"
            + "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0";

    @Test
    void verifierMatchesRfc7677Example() throws Exception {
        byte[] salt = Base64.getDecoder().decode("W22ZaJ0SNY7soEsUEjb6gQ==");
        String verifier = ScramVerifier.compute("pencil", salt, 4096);
        assertThat(verifier).startsWith("SCRAM-SHA-256$4096:W22ZaJ0SNY7soEsUEjb6gQ==$");
        String[] keys = verifier.substring(verifier.lastIndexOf('$') + 1).split(":");
        byte[] storedKey = Base64.getDecoder().decode(keys[0]);
        byte[] serverKey = Base64.getDecoder().decode(keys[1]);

        // the server signature the RFC's server sends proves ServerKey
        assertThat(Base64.getEncoder().encodeToString(hmac(serverKey, AUTH_MESSAGE)))
                .isEqualTo("6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=");
        // the RFC's client proof, XOR the client signature, is the ClientKey whose hash is StoredKey
        byte[] proof = Base64.getDecoder().decode("dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=");
        byte[] signature = hmac(storedKey, AUTH_MESSAGE);
        byte[] clientKey = new byte[proof.length];
        for (int i = 0; i < proof.length; i++) clientKey[i] = (byte) (proof[i] ^ signature[i]);
        assertThat(MessageDigest.getInstance("SHA-256").digest(clientKey)).isEqualTo(storedKey);
    }

    @Test
    void freshVerifiersUseARandomSixteenByteSalt() {
        ScramVerifier scram = new ScramVerifier(new SplittableRandom(1));
        String a = scram.verifierFor("pw");
        String b = scram.verifierFor("pw");
        assertThat(a).isNotEqualTo(b).matches("SCRAM-SHA-256\\$4096:[A-Za-z0-9+/=]{24}\\$[A-Za-z0-9+/=]{44}:[A-Za-z0-9+/=]{44}");
    }

    @Test
    void saslPrepFollowsPostgres() {
        assertThat(SaslPrep.prepare("I\u00ADX")).isEqualTo("IX");            // soft hyphen mapped to nothing
        assertThat(SaslPrep.prepare("\u00AA")).isEqualTo("a");                // NFKC
        assertThat(SaslPrep.prepare("\u2168")).isEqualTo("IX");               // NFKC
        assertThat(SaslPrep.prepare("a\u00A0b\u00E9")).isEqualTo("a b\u00E9"); // non-ASCII space mapped to space
        assertThat(SaslPrep.prepare("e\u0301x")).isEqualTo("\u00E9x");        // composed
        assertThat(SaslPrep.prepare("\u0007bell")).isEqualTo("\u0007bell");  // pure ASCII: used as it is
        assertThat(SaslPrep.prepare("\u0085\u00AA")).isEqualTo("\u0085\u00AA"); // prohibited: raw
        assertThat(SaslPrep.prepare("\uD83D\uDE00\u00AA")).isEqualTo("\uD83D\uDE00\u00AA"); // unassigned in 3.2: raw
        assertThat(SaslPrep.prepare("\u05D0a\u05D0")).isEqualTo("\u05D0a\u05D0"); // RandAL with L: raw
        assertThat(SaslPrep.prepare("\u05D0\u05D1")).isEqualTo("\u05D0\u05D1");
        assertThat(SaslPrep.prepare("\u00AD")).isEqualTo("\u00AD");            // empty after mapping: raw
    }

    @Test
    void unicode32TableKnowsItsAge() {
        assertThat(Unicode32.assigned('a')).isTrue();
        assertThat(Unicode32.assigned(0x0220)).isTrue();
        assertThat(Unicode32.assigned(0x0221)).isFalse();   // first entry of RFC 3454 table A.1
        assertThat(Unicode32.assigned(0x20B9)).isFalse();   // rupee sign, Unicode 6.0
        assertThat(Unicode32.assigned(0x1F600)).isFalse();  // emoji, Unicode 6.1
        assertThat(Unicode32.assigned(0x1D400)).isTrue();   // mathematical bold A, Unicode 3.1
        assertThat(Unicode32.assigned(0x10FFFD)).isTrue();  // private use plane 16
    }

    private static byte[] hmac(byte[] key, String message) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(message.getBytes(StandardCharsets.US_ASCII));
    }
}
