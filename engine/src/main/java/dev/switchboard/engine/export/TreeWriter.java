package dev.switchboard.engine.export;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * Writes a tree (maps, lists, strings, numbers, booleans, nulls, {@link Expression}s) in a language whose objects
 * and arrays look alike: one member per line, indented by two spaces a level. The {@link Syntax} says how the
 * language quotes strings, which keys may go bare, what joins a key to its value and where commas go.
 */
final class TreeWriter {
    /**
     * @param bareKey keys it may write unquoted, or null for none
     * @param between after every member and item but the last ({@code ","} in JSON)
     * @param itemEnd after every array item (HCL's trailing {@code ","})
     */
    record Syntax(UnaryOperator<String> quote, Pattern bareKey, String assign, String between, String itemEnd,
                  Function<Number, String> number) {
        String key(String k) {
            return bareKey != null && bareKey.matcher(k).matches() ? k : quote.apply(k);
        }
    }

    private final Syntax syntax;
    private final StringBuilder out = new StringBuilder();

    private TreeWriter(Syntax syntax) {
        this.syntax = syntax;
    }

    /** {@code tree} as an expression whose continuation lines are indented by {@code depth} levels. */
    static String write(Syntax syntax, Object tree, int depth) {
        TreeWriter w = new TreeWriter(syntax);
        w.value(tree, depth);
        return w.out.toString();
    }

    /** {@code s} with each character {@code rule} has a replacement for (non-null) replaced. */
    static String escape(String s, IntFunction<String> rule) {
        StringBuilder b = new StringBuilder(s.length() + 2);
        s.chars().forEach(c -> {
            String r = rule.apply(c);
            if (r == null) b.append((char) c);
            else b.append(r);
        });
        return b.toString();
    }

    static String plainNumber(Number n) {
        return n instanceof BigDecimal d ? d.toPlainString() : n.toString();
    }

    private void value(Object v, int depth) {
        switch (v) {
            case null -> out.append("null");
            case Expression e -> out.append(e.code());
            case Map<?, ?> m -> members(m, depth);
            case List<?> l -> items(l, depth);
            case String s -> out.append(syntax.quote().apply(s));
            case Boolean b -> out.append(b);
            case Number n -> out.append(syntax.number().apply(n));
            default -> throw new IllegalArgumentException("cannot write a " + v.getClass().getSimpleName());
        }
    }

    private void members(Map<?, ?> m, int depth) {
        out.append(m.isEmpty() ? "{}" : "{\n");
        if (m.isEmpty()) return;
        int i = 0;
        for (Map.Entry<?, ?> e : m.entrySet()) {
            out.append("  ".repeat(depth + 1)).append(syntax.key(String.valueOf(e.getKey()))).append(syntax.assign());
            value(e.getValue(), depth + 1);
            out.append(++i == m.size() ? "" : syntax.between()).append('\n');
        }
        out.append("  ".repeat(depth)).append('}');
    }

    private void items(List<?> l, int depth) {
        out.append(l.isEmpty() ? "[]" : "[\n");
        if (l.isEmpty()) return;
        int i = 0;
        for (Object item : l) {
            out.append("  ".repeat(depth + 1));
            value(item, depth + 1);
            out.append(++i == l.size() ? "" : syntax.between()).append(syntax.itemEnd()).append('\n');
        }
        out.append("  ".repeat(depth)).append(']');
    }
}
