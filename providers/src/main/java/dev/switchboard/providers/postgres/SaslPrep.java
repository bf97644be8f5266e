package dev.switchboard.providers.postgres;

import java.text.Normalizer;

/**
 * SASLprep (RFC 4013) exactly as PostgreSQL applies it to a password before hashing it into a SCRAM
 * verifier ({@code src/common/saslprep.c}), so that a verifier computed here matches the one the server
 * would compute from the clear password, and the proof any client (pgjdbc, libpq) derives from it.
 *
 * <p>PostgreSQL's rules, followed here: a pure ASCII password is used as it is; otherwise non-ASCII spaces
 * map to U+0020, the "commonly mapped to nothing" characters are removed, the prohibited, unassigned
 * (in Unicode 3.2) and bidirectional checks run on that mapped string, and the result is its NFKC form.
 * When a check fails PostgreSQL does not refuse the password: it hashes the raw UTF-8 bytes instead, and
 * so does {@link #prepare}. Bidirectional categories come from the JDK's Unicode data, which agrees
 * with 3.2 for all code points assigned in 3.2 in practice.
 */
final class SaslPrep {
    private static final int[] NON_ASCII_SPACES = {
        0x00A0, 0x00A0, 0x1680, 0x1680, 0x2000, 0x200B, 0x202F, 0x202F, 0x205F, 0x205F, 0x3000, 0x3000};
    private static final int[] MAPPED_TO_NOTHING = {
        0x00AD, 0x00AD, 0x034F, 0x034F, 0x1806, 0x1806, 0x180B, 0x180D, 0x200B, 0x200D, 0x2060, 0x2060,
        0xFE00, 0xFE0F, 0xFEFF, 0xFEFF};
    /** RFC 3454 tables C.1.2, C.2.1, C.2.2, C.3, C.4, C.5, C.6, C.7, C.8, C.9, adjacent ranges merged. */
    private static final int[] PROHIBITED = {
        0x0000, 0x001F, 0x007F, 0x00A0, 0x0340, 0x0341, 0x06DD, 0x06DD, 0x070F, 0x070F, 0x1680, 0x1680,
        0x180E, 0x180E, 0x2000, 0x200F, 0x2028, 0x202F, 0x205F, 0x2063, 0x206A, 0x206F, 0x2FF0, 0x2FFB,
        0x3000, 0x3000, 0xD800, 0xF8FF, 0xFDD0, 0xFDEF, 0xFEFF, 0xFEFF, 0xFFF9, 0xFFFF, 0x1D173, 0x1D17A,
        0xE0001, 0xE0001, 0xE0020, 0xE007F, 0xF0000, 0x10FFFF};

    private SaslPrep() {
    }

    /** The string whose UTF-8 bytes PostgreSQL hashes for {@code password}. */
    static String prepare(String password) {
        if (password.chars().allMatch(c -> c < 0x80)) return password;
        int[] mapped = map(password.codePoints().toArray());
        if (mapped.length == 0 || !allowed(mapped) || !bidiOk(mapped)) return password;
        return Normalizer.normalize(new String(mapped, 0, mapped.length), Normalizer.Form.NFKC);
    }

    private static int[] map(int[] input) {
        return java.util.Arrays.stream(input)
                .filter(c -> !in(c, MAPPED_TO_NOTHING))
                .map(c -> in(c, NON_ASCII_SPACES) ? 0x20 : c)
                .toArray();
    }

    private static boolean allowed(int[] codePoints) {
        for (int c : codePoints) {
            if (in(c, PROHIBITED) || isNonCharacter(c) || !Unicode32.assigned(c)) return false;
        }
        return true;
    }

    private static boolean isNonCharacter(int c) {
        return (c & 0xFFFE) == 0xFFFE;
    }

    /** RFC 3454 section 6: with any RandALCat character, no LCat at all and RandALCat at both ends. */
    private static boolean bidiOk(int[] codePoints) {
        boolean anyRandAl = java.util.Arrays.stream(codePoints).anyMatch(SaslPrep::randAl);
        if (!anyRandAl) return true;
        boolean anyL = java.util.Arrays.stream(codePoints)
                .anyMatch(c -> Character.getDirectionality(c) == Character.DIRECTIONALITY_LEFT_TO_RIGHT);
        return !anyL && randAl(codePoints[0]) && randAl(codePoints[codePoints.length - 1]);
    }

    private static boolean randAl(int c) {
        byte d = Character.getDirectionality(c);
        return d == Character.DIRECTIONALITY_RIGHT_TO_LEFT || d == Character.DIRECTIONALITY_RIGHT_TO_LEFT_ARABIC;
    }

    private static boolean in(int c, int[] ranges) {
        for (int i = 0; i < ranges.length; i += 2) {
            if (c >= ranges[i] && c <= ranges[i + 1]) return true;
        }
        return false;
    }
}
