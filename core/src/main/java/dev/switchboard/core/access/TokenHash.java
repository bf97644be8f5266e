package dev.switchboard.core.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Tokens are stored as the SHA-256 of their secret part: the secrets are 256 random bits, so a plain hash is
 * enough (a slow password hash would only slow every request). Comparison is constant-time.
 */
public final class TokenHash {
    private TokenHash() { }

    /** Lower-case hex SHA-256 of {@code secret}'s UTF-8 bytes. */
    public static String of(String secret) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha.digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    public static boolean matches(String storedHash, String presentedSecret) {
        return MessageDigest.isEqual(storedHash.getBytes(StandardCharsets.US_ASCII),
                of(presentedSecret).getBytes(StandardCharsets.US_ASCII));
    }
}
