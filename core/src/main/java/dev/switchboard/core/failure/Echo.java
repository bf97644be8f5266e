package dev.switchboard.core.failure;

/** Puts user input into an error message safely: one printable line of bounded length. */
public final class Echo {
    public static final int MAX = 100;

    private Echo() { }

    public static String of(String s) {
        if (s == null) return "";
        StringBuilder out = new StringBuilder();
        s.codePoints().limit(MAX + 1L).forEach(c -> out.appendCodePoint(
                Character.isISOControl(c) || c == 0x2028 || c == 0x2029 ? '?' : c));
        if (out.codePointCount(0, out.length()) <= MAX) return out.toString();
        return out.substring(0, out.offsetByCodePoints(0, MAX - 3)) + "...";
    }
}
