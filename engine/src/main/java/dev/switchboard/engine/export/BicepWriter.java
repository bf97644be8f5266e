package dev.switchboard.engine.export;

import java.math.BigDecimal;
import java.util.regex.Pattern;

/**
 * Bicep expressions: one member or item per line without commas, strings single-quoted with {@code \'},
 * {@code \\}, {@code \$} (so no {@code ${} interpolates) and control characters escaped, numbers that are not whole
 * through {@code json()} (Bicep has only ints).
 */
final class BicepWriter {
    static final TreeWriter.Syntax SYNTAX = new TreeWriter.Syntax(BicepWriter::quoted, Pattern.compile("[A-Za-z_][A-Za-z0-9_]*"),
            ": ", "", "", BicepWriter::number);

    private BicepWriter() { }

    static String expression(Object tree, int depth) {
        return TreeWriter.write(SYNTAX, tree, depth);
    }

    static String quoted(String s) {
        return "'" + TreeWriter.escape(s, c -> switch (c) {
            case '\'' -> "\\'";
            case '\\' -> "\\\\";
            case '$' -> "\\$";
            case '\n' -> "\\n";
            case '\r' -> "\\r";
            case '\t' -> "\\t";
            default -> c < 0x20 || c == 0x7F ? "\\u{" + Integer.toHexString(c) + "}" : null;
        }) + "'";
    }

    private static String number(Number n) {
        BigDecimal d = n instanceof BigDecimal b ? b : new BigDecimal(n.toString());
        try {
            return d.toBigIntegerExact().toString();
        } catch (ArithmeticException notWhole) {
            return "json('" + d.toPlainString() + "')";
        }
    }
}
