package dev.switchboard.providers.rabbitmq;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * RabbitMQ's {@code rabbit_password_hashing_sha256}: {@code base64(salt ++ sha256(salt ++ utf8(password)))} with a
 * 4-byte random salt. Computed here so that a connection's clear password never travels to the management API.
 */
final class PasswordHash {
    static final String ALGORITHM = "rabbit_password_hashing_sha256";
    private final SecureRandom random;

    PasswordHash(SecureRandom random) {
        this.random = random;
    }

    String hash(String password) {
        byte[] salt = new byte[4];
        random.nextBytes(salt);
        return compute(password, salt);
    }

    static String compute(String password, byte[] salt) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(salt);
            byte[] digest = sha.digest(password.getBytes(StandardCharsets.UTF_8));
            byte[] out = new byte[salt.length + digest.length];
            System.arraycopy(salt, 0, out, 0, salt.length);
            System.arraycopy(digest, 0, out, salt.length, digest.length);
            return Base64.getEncoder().encodeToString(out);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** Whether {@code stored} (as RabbitMQ reports it) is the hash of {@code password}. */
    static boolean matches(String stored, String password) {
        byte[] raw = Base64.getDecoder().decode(stored);
        if (raw.length != 36) return false;
        byte[] salt = java.util.Arrays.copyOf(raw, 4);
        return MessageDigest.isEqual(raw, Base64.getDecoder().decode(compute(password, salt)));
    }
}
