package dev.switchboard.providers.postgres;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.random.RandomGenerator;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Computes PostgreSQL's SCRAM-SHA-256 password verifier (RFC 5802 / RFC 7677) on the client, so a role's
 * password is set with {@code PASSWORD 'SCRAM-SHA-256$4096:<salt>$<StoredKey>:<ServerKey>'}: the server
 * stores it as it is, and the clear password never travels to the server nor reaches its statement log.
 * The format and defaults (4096 iterations, 16-byte salt) are those of PostgreSQL's {@code scram_build_secret}.
 */
final class ScramVerifier {
    static final int ITERATIONS = 4096;
    static final int SALT_BYTES = 16;
    private final RandomGenerator random;

    /** {@code random} must be a cryptographic generator in production (a {@code SecureRandom}). */
    ScramVerifier(RandomGenerator random) {
        this.random = random;
    }

    String verifierFor(String password) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        return compute(password, salt, ITERATIONS);
    }

    /** The verifier for {@code password} with a given salt; deterministic, for tests and comparisons. */
    static String compute(String password, byte[] salt, int iterations) {
        try {
            byte[] salted = saltedPassword(SaslPrep.prepare(password), salt, iterations);
            byte[] storedKey = MessageDigest.getInstance("SHA-256").digest(hmac(salted, "Client Key"));
            byte[] serverKey = hmac(salted, "Server Key");
            Base64.Encoder b64 = Base64.getEncoder();
            return "SCRAM-SHA-256$" + iterations + ":" + b64.encodeToString(salt)
                    + "$" + b64.encodeToString(storedKey) + ":" + b64.encodeToString(serverKey);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks SHA-256/HMAC/PBKDF2", e);
        }
    }

    /** Hi(password, salt, i) of RFC 5802: PBKDF2 with HMAC-SHA-256 and a 32-byte output. The JDK encodes the chars as UTF-8. */
    private static byte[] saltedPassword(String prepared, byte[] salt, int iterations) throws GeneralSecurityException {
        PBEKeySpec spec = new PBEKeySpec(prepared.toCharArray(), salt, iterations, 256);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } finally {
            spec.clearPassword();
        }
    }

    private static byte[] hmac(byte[] key, String message) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(message.getBytes(StandardCharsets.US_ASCII));
    }
}
