package dev.switchboard.core.secret;

import dev.switchboard.core.failure.TerminalFailure;

/**
 * The rule every target that hashes or sends a password as UTF-8 needs: present, no NUL, and no unpaired surrogate
 * (it would not survive UTF-8, so the stored hash would not match what a client sends). Errors never hold the value.
 */
public final class PasswordText {
    public static final String FIELD = "authInfo.secretInfo.value";

    private PasswordText() { }

    /** The password's text, or a 400 naming {@link #FIELD}. */
    public static String require(Secret secret) {
        if (secret == null || secret.reveal().isEmpty()) throw TerminalFailure.missingField(FIELD);
        String password = secret.reveal();
        if (password.indexOf('\0') >= 0 || !wellFormed(password)) {
            throw TerminalFailure.badRequest("InvalidPassword", FIELD, "the password must be valid Unicode text without NUL characters");
        }
        return password;
    }

    public static boolean wellFormed(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) i++;
            else if (Character.isSurrogate(c)) return false;
        }
        return true;
    }
}
