package dev.switchboard.core.deploy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

import static dev.switchboard.core.deploy.FunctionTable.fn;
import static dev.switchboard.core.deploy.Values.asInt;
import static dev.switchboard.core.deploy.Values.asString;

/** String functions. Comparisons are ordinal; startsWith/endsWith ignore case, as ARM's do. */
final class StringFunctions {
    private StringFunctions() { }

    static List<FunctionTable.Spec> specs() {
        return List.of(
                fn("format", 1, -1, (c, a) -> DotNetFormat.format(asString(a.get(0), "format()'s format"), a.subList(1, a.size()))),
                fn("toLower", 1, 1, (c, a) -> asString(a.get(0), "toLower()'s argument").toLowerCase(Locale.ROOT)),
                fn("toUpper", 1, 1, (c, a) -> asString(a.get(0), "toUpper()'s argument").toUpperCase(Locale.ROOT)),
                fn("string", 1, 1, (c, a) -> Values.text(a.get(0))),
                fn("trim", 1, 1, (c, a) -> asString(a.get(0), "trim()'s argument").strip()),
                fn("replace", 3, 3, (c, a) -> replace(a)),
                fn("split", 2, 2, (c, a) -> split(asString(a.get(0), "split()'s first argument"), a.get(1))),
                fn("substring", 2, 3, (c, a) -> substring(a)),
                fn("startsWith", 2, 2, (c, a) -> lower(a.get(0), "startsWith()").startsWith(lower(a.get(1), "startsWith()"))),
                fn("endsWith", 2, 2, (c, a) -> lower(a.get(0), "endsWith()").endsWith(lower(a.get(1), "endsWith()"))),
                fn("indexOf", 2, 2, (c, a) -> (long) lower(a.get(0), "indexOf()").indexOf(lower(a.get(1), "indexOf()"))),
                fn("lastIndexOf", 2, 2, (c, a) -> (long) lower(a.get(0), "lastIndexOf()").lastIndexOf(lower(a.get(1), "lastIndexOf()"))),
                fn("padLeft", 2, 3, (c, a) -> padLeft(a)),
                fn("base64", 1, 1, (c, a) -> Base64.getEncoder().encodeToString(asString(a.get(0), "base64()'s argument").getBytes(StandardCharsets.UTF_8))),
                fn("base64ToString", 1, 1, (c, a) -> fromBase64(asString(a.get(0), "base64ToString()'s argument"))),
                fn("uniqueString", 1, -1, (c, a) -> TemplateHashes.uniqueString(strings(a, "uniqueString()"))),
                fn("guid", 1, -1, (c, a) -> TemplateHashes.guid(strings(a, "guid()"))));
    }

    private static String lower(Object v, String fn) {
        return asString(v, fn + "'s arguments").toLowerCase(Locale.ROOT);
    }

    static List<String> strings(List<Object> args, String fn) {
        List<String> out = new ArrayList<>(args.size());
        for (Object a : args) out.add(asString(a, fn + "'s arguments"));
        return out;
    }

    private static String replace(List<Object> a) {
        String old = asString(a.get(1), "replace()'s old value");
        if (old.isEmpty()) throw ExpressionError.invalid("replace()'s old value must not be empty");
        return asString(a.get(0), "replace()'s first argument").replace(old, asString(a.get(2), "replace()'s new value"));
    }

    private static List<Object> split(String s, Object delimiters) {
        List<String> ds = delimiters instanceof List<?> l ? strings(Values.asArray(l, "split()'s delimiters"), "split()")
                : List.of(asString(delimiters, "split()'s delimiter"));
        List<Object> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= s.length(); i++) {
            String hit = i < s.length() ? delimiterAt(s, i, ds) : null;
            if (i == s.length() || hit != null) {
                out.add(s.substring(start, i));
                if (hit != null) i += hit.length() - 1;
                start = i + 1;
            }
        }
        return out;
    }

    private static String delimiterAt(String s, int i, List<String> ds) {
        for (String d : ds) if (!d.isEmpty() && s.startsWith(d, i)) return d;
        return null;
    }

    private static String substring(List<Object> a) {
        String s = asString(a.get(0), "substring()'s first argument");
        int start = asInt(a.get(1), "substring()'s start index");
        int length = a.size() > 2 ? asInt(a.get(2), "substring()'s length") : s.length() - start;
        if (start < 0 || length < 0 || start > s.length() || start + length > s.length()) {
            throw ExpressionError.invalid("substring()'s start index and length must lie within the string (length " + s.length() + ")");
        }
        return s.substring(start, start + length);
    }

    private static String padLeft(List<Object> a) {
        String s = Values.text(a.get(0));
        int width = asInt(a.get(1), "padLeft()'s total length");
        String pad = a.size() > 2 ? asString(a.get(2), "padLeft()'s padding character") : " ";
        if (pad.length() != 1) throw ExpressionError.invalid("padLeft()'s padding must be one character");
        return s.length() >= width ? s : pad.repeat(width - s.length()) + s;
    }

    private static String fromBase64(String s) {
        try {
            return new String(Base64.getDecoder().decode(s), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException bad) {
            throw ExpressionError.invalid("base64ToString()'s argument is not base64");
        }
    }
}
