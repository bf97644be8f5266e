package dev.switchboard.core.deploy;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The checks a parameter's value must pass (also used for outputs' types). Messages name rules, never values. */
final class ParameterRules {
    private ParameterRules() { }

    static Object check(Map<String, Object> def, Object v, String path, String code) {
        String type = ((String) def.get("type")).toLowerCase(Locale.ROOT);
        if (!hasType(type, v)) throw new TemplateException(code, path, "expected a value of type " + type + ", not " + Values.typeName(v));
        if (def.get("allowedValues") instanceof List<?> allowed) {
            List<?> items = v instanceof List<?> l ? l : List.of(v);
            for (Object item : items) {
                if (allowed.stream().noneMatch(a -> Values.deepEquals(a, item))) {
                    throw new TemplateException(code, path, "the value is not one of the allowedValues");
                }
            }
        }
        if (v instanceof Long n) {
            bound(def, "minValue", path, code, n, true, "less than minValue");
            bound(def, "maxValue", path, code, n, false, "greater than maxValue");
        }
        if (v instanceof String || v instanceof List) {
            long length = CollectionFunctions.size(v, "length");
            bound(def, "minLength", path, code, length, true, "shorter than minLength");
            bound(def, "maxLength", path, code, length, false, "longer than maxLength");
        }
        return v;
    }

    private static void bound(Map<String, Object> def, String rule, String path, String code, long actual, boolean min, String what) {
        if (!def.containsKey(rule)) return;
        if (!(def.get(rule) instanceof Long limit)) throw new TemplateException(TemplateException.INVALID_TEMPLATE, path, rule + " must be an int");
        if (min ? actual < limit : actual > limit) throw new TemplateException(code, path, "the value is " + what + " (" + limit + ")");
    }

    static boolean hasType(String type, Object v) {
        return switch (type.toLowerCase(Locale.ROOT)) {
            case "string", "securestring" -> v instanceof String;
            case "int" -> v instanceof Long;
            case "bool" -> v instanceof Boolean;
            case "object", "secureobject" -> v instanceof Map;
            case "array" -> v instanceof List;
            default -> false;
        };
    }

    /** ARM's spelling of a type in a deployment's echo: String, SecureString, Int, Bool, Object, SecureObject, Array. */
    static String armTypeName(String type) {
        return switch (type.toLowerCase(Locale.ROOT)) {
            case "securestring" -> "SecureString";
            case "secureobject" -> "SecureObject";
            default -> Character.toUpperCase(type.charAt(0)) + type.substring(1).toLowerCase(Locale.ROOT);
        };
    }
}
