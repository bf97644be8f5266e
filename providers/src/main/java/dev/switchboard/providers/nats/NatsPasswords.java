package dev.switchboard.providers.nats;

import dev.switchboard.core.failure.TerminalFailure;

import java.nio.charset.StandardCharsets;

/** What a password must be for bcrypt and the NATS protocol; messages never echo it. */
final class NatsPasswords {
    private NatsPasswords() { }

    /**
     * Non-empty, no NUL or other control characters (they cannot be typed into most clients' configuration and NUL
     * ends a password in some bcrypt implementations), and at most 72 UTF-8 bytes: bcrypt ignores the rest, so a longer
     * password would accept anything sharing its first 72 bytes.
     */
    static byte[] require(String password, String field) {
        if (password == null || password.isEmpty()) throw TerminalFailure.missingField(field);
        if (password.chars().anyMatch(Character::isISOControl)) {
            throw TerminalFailure.badRequest("InvalidPassword", field, field + " must not contain control characters");
        }
        byte[] bytes = password.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > NatsBcrypt.MAX_PASSWORD_BYTES || !StandardCharsets.UTF_8.newEncoder().canEncode(password)) {
            throw TerminalFailure.badRequest("InvalidPassword", field, field + " must be valid text of at most "
                    + NatsBcrypt.MAX_PASSWORD_BYTES + " bytes in UTF-8 (bcrypt ignores anything longer)");
        }
        return bytes;
    }
}
