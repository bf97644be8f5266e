package dev.switchboard.engine.export;

import dev.switchboard.core.json.JsonText;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Block-style YAML of a tree. Every string value is double-quoted (JSON's escapes are YAML's), so no value can be
 * read as a number, a boolean, a comment or a document marker; keys are plain only when they cannot be misread.
 */
final class YamlWriter {
    private static final Pattern PLAIN_KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_./-]*");
    private static final Set<String> RESERVED = Set.of("y", "n", "yes", "no", "true", "false", "on", "off", "null");
    private final StringBuilder out = new StringBuilder();

    private YamlWriter() { }

    /** One document (a mapping) without the {@code ---} line. */
    static String document(Map<String, Object> tree) {
        YamlWriter w = new YamlWriter();
        w.mapping(tree, 0, false);
        return w.out.toString();
    }

    private static String key(String k) {
        return PLAIN_KEY.matcher(k).matches() && !RESERVED.contains(k.toLowerCase(Locale.ROOT)) ? k : JsonText.quote(k);
    }

    private static String scalar(Object v) {
        return switch (v) {
            case null -> "null";
            case String s -> JsonText.quote(s);
            case Boolean b -> b.toString();
            case BigDecimal d -> d.toPlainString();
            case Number n -> n.toString();
            default -> throw new IllegalArgumentException("no YAML for " + v.getClass().getSimpleName());
        };
    }

    private static boolean nested(Object v) {
        return v instanceof Map<?, ?> m && !m.isEmpty() || v instanceof List<?> l && !l.isEmpty();
    }

    private static String empty(Object v) {
        return v instanceof Map<?, ?> ? "{}" : v instanceof List<?> ? "[]" : scalar(v);
    }

    /** The mapping's entries at {@code indent}; with {@code firstInline} the first goes on the current line (after "- "). */
    private void mapping(Map<?, ?> m, int indent, boolean firstInline) {
        boolean inline = firstInline;
        for (Map.Entry<?, ?> e : m.entrySet()) {
            if (!inline) out.append("  ".repeat(indent));
            inline = false;
            entry(key(String.valueOf(e.getKey())), e.getValue(), indent);
        }
    }

    private void entry(String key, Object v, int indent) {
        out.append(key).append(':');
        if (v instanceof String s && literal(s)) {
            block(s, indent + 1);
        } else if (!nested(v)) {
            out.append(' ').append(empty(v)).append('\n');
        } else if (v instanceof Map<?, ?> m) {
            out.append('\n');
            mapping(m, indent + 1, false);
        } else {
            out.append('\n');
            sequence((List<?>) v, indent + 1);
        }
    }

    /**
     * Whether a multi-line string reads better as a literal block ({@code |}): only printable characters, tabs and
     * line breaks, and a first line that does not start with a space (which would need an indentation indicator).
     */
    private static boolean literal(String s) {
        return s.indexOf('\n') >= 0 && !s.startsWith(" ") && !s.startsWith("\n")
                && s.chars().allMatch(c -> c == '\n' || c == '\t' || c >= 0x20 && c != 0x7F && c != 0x85 && c != 0x2028 && c != 0x2029 && c != 0xFEFF);
    }

    /** {@code |} keeps one final line break, {@code |-} none, {@code |+} all of them. */
    private void block(String s, int indent) {
        String body = s.replaceAll("\n+$", "");
        int trailing = s.length() - body.length();
        out.append(trailing == 0 ? " |-" : trailing == 1 ? " |" : " |+").append('\n');
        for (String line : body.split("\n", -1)) {
            out.append(line.isEmpty() ? "" : "  ".repeat(indent) + line).append('\n');
        }
        if (trailing > 1) out.append("\n".repeat(trailing - 1));
    }

    private void sequence(List<?> l, int indent) {
        for (Object item : l) {
            out.append("  ".repeat(indent)).append("- ");
            if (item instanceof Map<?, ?> m && !m.isEmpty()) {
                mapping(m, indent + 1, true);
            } else if (item instanceof List<?> inner && !inner.isEmpty()) {
                out.append('\n');
                sequence(inner, indent + 1);
            } else {
                out.append(empty(item)).append('\n');
            }
        }
    }
}
