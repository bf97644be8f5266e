package dev.switchboard.core.json;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The little JSON that core and the providers write and read without a JSON library (core knows no framework, and
 * the providers talk to brokers' admin APIs: RabbitMQ's management API, Mosquitto's dynamic-security topic). Every
 * name or password written goes through {@link #quote}, so none can break out of its string. The reader returns
 * objects as {@code LinkedHashMap}, arrays as {@code ArrayList}, numbers as {@code BigDecimal}, strings, booleans
 * and {@code null}; its errors give the offset, never the text (which may hold a secret).
 */
public final class JsonText {
    private final String text;
    private int pos;

    private JsonText(String text) {
        this.text = text;
    }

    /** A JSON string literal: quotes, backslashes and every control character escaped; ill-formed UTF-16 refused. */
    public static String quote(String s) {
        StringBuilder out = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                out.append(c).append(s.charAt(++i));
            } else if (Character.isSurrogate(c)) {
                throw new IllegalArgumentException("not well-formed Unicode");
            } else if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || c == 0x7F || c == 0x2028 || c == 0x2029) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }

    /** An object from fields whose values are strings, booleans or numbers, in the map's order. */
    public static String object(Map<String, ?> fields) {
        StringBuilder out = new StringBuilder("{");
        for (Map.Entry<String, ?> e : fields.entrySet()) {
            if (out.length() > 1) out.append(',');
            out.append(quote(e.getKey())).append(':');
            Object v = e.getValue();
            if (v instanceof String s) out.append(quote(s));
            else if (v instanceof Boolean || v instanceof Integer || v instanceof Long || v instanceof BigDecimal) out.append(v);
            else throw new IllegalArgumentException("unsupported JSON value for " + e.getKey());
        }
        return out.append('}').toString();
    }

    /** An object of string fields from key, value, key, value…, in order. */
    public static String object(String... keysAndValues) {
        if (keysAndValues.length % 2 != 0) throw new IllegalArgumentException("keys and values must pair up");
        Map<String, Object> fields = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) fields.put(keysAndValues[i], keysAndValues[i + 1]);
        return object(fields);
    }

    public static Object parse(String text) {
        JsonText p = new JsonText(text);
        Object value = p.value();
        p.skipSpace();
        if (p.pos != text.length()) throw p.error("trailing characters");
        return value;
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> parseObject(String text) {
        if (parse(text) instanceof Map<?, ?> m) return (Map<String, Object>) m;
        throw new IllegalArgumentException("expected a JSON object");
    }

    @SuppressWarnings("unchecked")
    public static List<Map<String, Object>> parseObjects(String text) {
        if (parse(text) instanceof List<?> l && l.stream().allMatch(Map.class::isInstance)) return (List<Map<String, Object>>) l;
        throw new IllegalArgumentException("expected a JSON array of objects");
    }

    private Object value() {
        skipSpace();
        if (pos >= text.length()) throw error("unexpected end");
        return switch (text.charAt(pos)) {
            case '{' -> object();
            case '[' -> array();
            case '"' -> string();
            case 't' -> literal("true", Boolean.TRUE);
            case 'f' -> literal("false", Boolean.FALSE);
            case 'n' -> literal("null", null);
            default -> number();
        };
    }

    private Map<String, Object> object() {
        Map<String, Object> out = new LinkedHashMap<>();
        pos++;
        skipSpace();
        if (take('}')) return out;
        do {
            skipSpace();
            String key = string();
            skipSpace();
            expect(':');
            out.put(key, value());
            skipSpace();
        } while (take(','));
        expect('}');
        return out;
    }

    private List<Object> array() {
        List<Object> out = new ArrayList<>();
        pos++;
        skipSpace();
        if (take(']')) return out;
        do {
            out.add(value());
            skipSpace();
        } while (take(','));
        expect(']');
        return out;
    }

    private String string() {
        expect('"');
        StringBuilder out = new StringBuilder();
        while (pos < text.length()) {
            char c = text.charAt(pos++);
            if (c == '"') return out.toString();
            if (c != '\\') {
                out.append(c);
                continue;
            }
            if (pos >= text.length()) break;
            out.append(escaped(text.charAt(pos++)));
        }
        throw error("unterminated string");
    }

    private char escaped(char e) {
        return switch (e) {
            case '"', '\\', '/' -> e;
            case 'b' -> '\b';
            case 'f' -> '\f';
            case 'n' -> '\n';
            case 'r' -> '\r';
            case 't' -> '\t';
            case 'u' -> {
                if (pos + 4 > text.length()) throw error("short \\u escape");
                try {
                    char c = (char) Integer.parseInt(text.substring(pos, pos + 4), 16);
                    pos += 4;
                    yield c;
                } catch (NumberFormatException bad) {
                    throw error("bad \\u escape");
                }
            }
            default -> throw error("bad escape");
        };
    }

    private Object number() {
        int start = pos;
        while (pos < text.length() && "+-0123456789.eE".indexOf(text.charAt(pos)) >= 0) pos++;
        if (start == pos) throw error("unexpected character");
        try {
            return new BigDecimal(text.substring(start, pos));
        } catch (NumberFormatException bad) {
            throw error("bad number");
        }
    }

    private Object literal(String word, Object value) {
        if (!text.startsWith(word, pos)) throw error("unexpected literal");
        pos += word.length();
        return value;
    }

    private boolean take(char c) {
        if (pos < text.length() && text.charAt(pos) == c) {
            pos++;
            return true;
        }
        return false;
    }

    private void expect(char c) {
        if (!take(c)) throw error("expected '" + c + "'");
    }

    private void skipSpace() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) pos++;
    }

    private IllegalArgumentException error(String what) {
        return new IllegalArgumentException("malformed JSON at offset " + pos + ": " + what);
    }
}
