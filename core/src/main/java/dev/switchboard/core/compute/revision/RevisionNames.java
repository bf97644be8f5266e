package dev.switchboard.core.compute.revision;

import dev.switchboard.core.failure.TerminalFailure;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.regex.Pattern;

/**
 * Revision names as Container Apps make them: {@code <app>--<suffix>}, the suffix from
 * {@code template.revisionSuffix} or generated (7 lower-case letters and digits).
 */
public final class RevisionNames {
    public static final String SUFFIX_FIELD = "properties.template.revisionSuffix";
    private static final Pattern SUFFIX = Pattern.compile("[a-z0-9]([a-z0-9-]{0,62}[a-z0-9])?");
    private static final int MAX_NAME = 64;
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

    private RevisionNames() { }

    public static String name(String app, String suffix) {
        return app + "--" + suffix;
    }

    /** The suffix a template asks for, checked; null when it asks for none. */
    public static String requestedSuffix(String app, Object raw) {
        if (raw == null || raw instanceof String s && s.isEmpty()) return null;
        if (!(raw instanceof String s) || !SUFFIX.matcher(s).matches() || s.contains("--")) {
            throw TerminalFailure.invalidField(SUFFIX_FIELD, "must be lower-case letters, digits and single '-', starting and"
                    + " ending with a letter or digit");
        }
        if (name(app, s).length() > MAX_NAME) {
            throw TerminalFailure.invalidField(SUFFIX_FIELD, "makes the revision name '" + name(app, s) + "' longer than "
                    + MAX_NAME + " characters");
        }
        return s;
    }

    /** A suffix derived from the app and the revision's sequence number: the same inputs give the same name. */
    public static String generatedSuffix(String appKey, long sequence) {
        byte[] d = sha256(appKey + "#" + sequence);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 7; i++) out.append(ALPHABET.charAt(Math.floorMod(d[i], ALPHABET.length())));
        return out.toString();
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
