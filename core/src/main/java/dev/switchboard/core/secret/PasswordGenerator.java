package dev.switchboard.core.secret;

import java.util.random.RandomGenerator;

/**
 * Generates connection passwords. Letters and digits only: the value is embedded in JDBC URLs, libpq keyword
 * strings and .NET connection strings, and an alphabet that needs no escaping in any of them removes a whole
 * class of quoting bugs. 32 characters of 62 symbols is about 190 bits.
 */
public final class PasswordGenerator {
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private final RandomGenerator random;

    public PasswordGenerator(RandomGenerator random) {
        this.random = random;
    }

    public Secret next() {
        return Secret.of(token(32));
    }

    /** A lower-case alphanumeric token, for name suffixes. */
    public String suffix(int length) {
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) sb.append(ALPHABET.charAt(26 + random.nextInt(36)));
        return sb.toString();
    }

    private String token(int length) {
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) sb.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        return sb.toString();
    }
}
