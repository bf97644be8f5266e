package dev.switchboard.core.access;

import dev.switchboard.core.secret.Secret;

import java.util.Base64;
import java.util.Optional;
import java.util.random.RandomGenerator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An access token as handed to its holder: {@code sb.<id>.<secret>}. The id (12 lower-case letters and digits) is
 * public and finds the stored row; the secret (32 random bytes, 43 URL-safe base64 characters) is shown once and
 * only its hash is kept. Prints with the secret masked.
 */
public final class TokenValue {
    private static final Pattern FORMAT = Pattern.compile("sb\\.([a-z0-9]{12})\\.([A-Za-z0-9_-]{43})");
    private static final String ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
    private final String id;
    private final Secret secret;

    private TokenValue(String id, Secret secret) {
        this.id = id;
        this.secret = secret;
    }

    /** A new token from {@code random}, which must be a cryptographically strong generator in production. */
    public static TokenValue mint(RandomGenerator random) {
        StringBuilder id = new StringBuilder(12);
        for (int i = 0; i < 12; i++) id.append(ID_ALPHABET.charAt(random.nextInt(ID_ALPHABET.length())));
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return new TokenValue(id.toString(), Secret.of(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes)));
    }

    /** The token in a bearer value, or empty when it is not in this format (the old plain bootstrap token is not). */
    public static Optional<TokenValue> parse(String presented) {
        if (presented == null) return Optional.empty();
        Matcher m = FORMAT.matcher(presented);
        return m.matches() ? Optional.of(new TokenValue(m.group(1), Secret.of(m.group(2)))) : Optional.empty();
    }

    public String id() {
        return id;
    }

    public Secret secret() {
        return secret;
    }

    /** The whole value, for the one answer (and the one file) that may show it. */
    public Secret full() {
        return Secret.of("sb." + id + "." + secret.reveal());
    }

    @Override
    public String toString() {
        return "sb." + id + ".***";
    }
}
