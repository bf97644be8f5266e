package dev.switchboard.core.deploy;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads ARM template expressions. A JSON string is an expression when it starts with '[' and ends with ']'; a
 * leading "[[" escapes the bracket and makes the rest a literal. Inside: function calls with nested arguments,
 * single-quoted strings ('' is a quote), integers, {@code .property} and {@code [index]} after any value.
 * Errors give the position, not the text around it, and name no value.
 */
final class ExpressionParser {
    private final String text;
    private int pos;

    private ExpressionParser(String text) {
        this.text = text;
    }

    /** A template string: the literal string it stands for, or the parsed {@link Expr}. */
    static Object parseValue(String s) {
        if (s.startsWith("[[")) return s.substring(1);
        if (s.length() >= 2 && s.charAt(0) == '[' && s.charAt(s.length() - 1) == ']') return parse(s.substring(1, s.length() - 1));
        return s;
    }

    static boolean isExpression(String s) {
        return !s.startsWith("[[") && s.length() >= 2 && s.charAt(0) == '[' && s.charAt(s.length() - 1) == ']';
    }

    /** Parses the inside of "[...]". */
    static Expr parse(String inner) {
        ExpressionParser p = new ExpressionParser(inner);
        p.skipSpace();
        if (p.atEnd()) throw p.error("the expression is empty");
        Expr e = p.value();
        p.skipSpace();
        if (!p.atEnd()) throw p.error("unexpected '" + p.peek() + "'");
        return e;
    }

    private Expr value() {
        Expr e = primary();
        while (true) {
            skipSpace();
            if (take('.')) {
                skipSpace();
                e = new Expr.Member(e, identifier());
            } else if (take('[')) {
                skipSpace();
                Expr index = value();
                skipSpace();
                expect(']');
                e = new Expr.Index(e, index);
            } else {
                return e;
            }
        }
    }

    private Expr primary() {
        if (atEnd()) throw error("a value is missing");
        char c = peek();
        if (c == '\'') return new Expr.Literal(string());
        if (c == '-' || Character.isDigit(c)) return new Expr.Literal(integer());
        if (isIdentStart(c)) return call();
        throw error("unexpected '" + c + "'");
    }

    private Expr call() {
        StringBuilder name = new StringBuilder(identifier());
        // A dotted name is a user-defined function (namespace.function); a property access cannot follow a bare name.
        while (pos < text.length() && peek() == '.') {
            pos++;
            name.append('.').append(identifier());
        }
        skipSpace();
        if (!take('(')) throw error("'" + name + "' must be called: expected '('");
        List<Expr> args = new ArrayList<>();
        skipSpace();
        if (take(')')) return new Expr.Call(name.toString(), args);
        do {
            skipSpace();
            args.add(value());
            skipSpace();
        } while (take(','));
        expect(')');
        return new Expr.Call(name.toString(), args);
    }

    private String identifier() {
        int start = pos;
        if (atEnd() || !isIdentStart(peek())) throw error("expected a name");
        while (pos < text.length() && (Character.isLetterOrDigit(peek()) || peek() == '_')) pos++;
        return text.substring(start, pos);
    }

    private String string() {
        pos++;
        StringBuilder out = new StringBuilder();
        while (pos < text.length()) {
            char c = text.charAt(pos++);
            if (c != '\'') {
                out.append(c);
            } else if (pos < text.length() && text.charAt(pos) == '\'') {
                out.append('\'');
                pos++;
            } else {
                return out.toString();
            }
        }
        throw error("a string is not closed");
    }

    private Long integer() {
        int start = pos;
        if (peek() == '-') pos++;
        while (pos < text.length() && Character.isDigit(peek())) pos++;
        try {
            return Long.parseLong(text.substring(start, pos));
        } catch (NumberFormatException bad) {
            pos = start;
            throw error("not an integer");
        }
    }

    private static boolean isIdentStart(char c) {
        return Character.isLetter(c) || c == '_';
    }

    private boolean atEnd() {
        return pos >= text.length();
    }

    private char peek() {
        return text.charAt(pos);
    }

    private boolean take(char c) {
        if (pos < text.length() && text.charAt(pos) == c) {
            pos++;
            return true;
        }
        return false;
    }

    private void expect(char c) {
        if (!take(c)) throw error(atEnd() ? "expected '" + c + "' before the end" : "expected '" + c + "'");
    }

    private void skipSpace() {
        while (pos < text.length() && Character.isWhitespace(peek())) pos++;
    }

    private ExpressionError error(String what) {
        // +2: positions count from the opening '[' of the JSON string, as a template author sees it.
        return new ExpressionError(TemplateException.INVALID_EXPRESSION, "the expression is not valid at position " + (pos + 2) + ": " + what);
    }
}
