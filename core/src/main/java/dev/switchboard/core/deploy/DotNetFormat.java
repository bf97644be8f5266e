package dev.switchboard.core.deploy;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.List;
import java.util.Locale;

/**
 * format()'s .NET composite formatting: {@code {index[,alignment][:spec]}}, "{{" and "}}" for braces. Integers
 * take the D (zero-padded), N (grouped, n decimals) and X (hex) specifiers; other values print as string() does.
 */
final class DotNetFormat {
    private DotNetFormat() { }

    static String format(String fmt, List<Object> args) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < fmt.length()) {
            char c = fmt.charAt(i);
            if (c == '{' && i + 1 < fmt.length() && fmt.charAt(i + 1) == '{' || c == '}' && i + 1 < fmt.length() && fmt.charAt(i + 1) == '}') {
                out.append(c);
                i += 2;
            } else if (c == '{') {
                int end = fmt.indexOf('}', i);
                if (end < 0) throw bad("a '{' is not closed");
                out.append(item(fmt.substring(i + 1, end), args));
                i = end + 1;
            } else if (c == '}') {
                throw bad("a '}' has no '{'");
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    private static String item(String item, List<Object> args) {
        int colon = item.indexOf(':');
        String spec = colon < 0 ? "" : item.substring(colon + 1);
        String head = colon < 0 ? item : item.substring(0, colon);
        int comma = head.indexOf(',');
        int index = number(comma < 0 ? head : head.substring(0, comma));
        int align = comma < 0 ? 0 : number(head.substring(comma + 1));
        if (index < 0 || index >= args.size()) throw bad("{" + index + "} has no argument");
        String text = apply(args.get(index), spec);
        int pad = Math.abs(align) - text.length();
        if (pad <= 0) return text;
        return align > 0 ? " ".repeat(pad) + text : text + " ".repeat(pad);
    }

    private static String apply(Object v, String spec) {
        if (spec.isEmpty() || !(v instanceof Long n)) return Values.text(v);
        char kind = Character.toUpperCase(spec.charAt(0));
        int digits = spec.length() > 1 ? number(spec.substring(1)) : -1;
        return switch (kind) {
            case 'D' -> (n < 0 ? "-" : "") + zeroPad(Long.toString(Math.abs(n)), digits);
            case 'X' -> zeroPad(spec.charAt(0) == 'x' ? Long.toHexString(n) : Long.toHexString(n).toUpperCase(Locale.ROOT), digits);
            case 'N' -> grouped(n, digits < 0 ? 2 : digits);
            default -> throw bad("the format specifier '" + spec + "' is not supported");
        };
    }

    private static String zeroPad(String s, int width) {
        return s.length() >= width ? s : "0".repeat(width - s.length()) + s;
    }

    private static String grouped(long n, int decimals) {
        DecimalFormat f = new DecimalFormat("#,##0" + (decimals > 0 ? "." + "0".repeat(decimals) : ""), DecimalFormatSymbols.getInstance(Locale.ROOT));
        f.setRoundingMode(RoundingMode.HALF_UP);
        return f.format(BigDecimal.valueOf(n));
    }

    private static int number(String s) {
        try {
            return Integer.parseInt(s.strip());
        } catch (NumberFormatException e) {
            throw bad("'" + s + "' is not a number in a format item");
        }
    }

    private static ExpressionError bad(String what) {
        return ExpressionError.invalid("format(): " + what);
    }
}
