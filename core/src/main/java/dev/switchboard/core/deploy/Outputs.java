package dev.switchboard.core.deploy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static dev.switchboard.core.deploy.TemplateException.INVALID_TEMPLATE;

/**
 * The template's outputs: each has a type and a value (or a copy {count, input}, giving an array), and may have a
 * condition. Values are checked against their declared type; before deployment (stage CHECK) only those that need no
 * reference() can be.
 */
final class Outputs {
    private Outputs() { }

    /** Output values by name; outputs whose condition is false are left out. */
    static Map<String, Object> evaluate(TemplateState state, EvalContext ctx) {
        Map<String, Object> out = new LinkedHashMap<>();
        declared(state).forEach((name, def) -> {
            String path = "outputs." + name;
            if (def.containsKey("condition")) {
                Object c = TreeEvaluator.value(def.get("condition"), path + ".condition", ctx);
                if (c == TreeEvaluator.DEFERRED) return;
                if (!(c instanceof Boolean b)) throw new TemplateException(INVALID_TEMPLATE, path + ".condition", "a condition must be a bool");
                if (!b) return;
            }
            out.put(name, value(name, def, path, ctx));
        });
        return out;
    }

    private static Object value(String name, Map<String, Object> def, String path, EvalContext ctx) {
        String type = (String) def.get("type");
        if (def.containsKey("copy")) {
            String at = path + ".copy";
            Map<String, Object> copy = def.get("copy") instanceof Map<?, ?> m ? Values.asObject(m, at) : null;
            if (copy == null || !copy.containsKey("count") || !copy.containsKey("input")) {
                throw new TemplateException(INVALID_TEMPLATE, at, "an output's copy is an object with count and input");
            }
            int count = TreeEvaluator.count(copy.get("count"), at + ".count", ctx);
            List<Object> values = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                values.add(TreeEvaluator.value(copy.get("input"), at + ".input", ctx.withLoops(ctx.loops().with("output:" + name, i, true))));
            }
            return typed(values, type, at);
        }
        if (!def.containsKey("value")) throw new TemplateException(INVALID_TEMPLATE, path, "an output needs a value or a copy");
        return typed(TreeEvaluator.value(def.get("value"), path + ".value", ctx), type, path + ".value");
    }

    private static Object typed(Object v, String type, String path) {
        if (v != TreeEvaluator.DEFERRED && !ParameterRules.hasType(type, v)) {
            throw new TemplateException(INVALID_TEMPLATE, path, "the output is declared " + type.toLowerCase(Locale.ROOT) + " but its value is " + Values.typeName(v));
        }
        return v;
    }

    /** ARM's echo of outputs: {@code {"name": {"type": "String", "value": x}}}; secure outputs keep only their type. */
    static Map<String, Object> echo(TemplateState state, Map<String, Object> values) {
        Map<String, Object> out = new LinkedHashMap<>();
        Map<String, Map<String, Object>> declared = declared(state);
        values.forEach((name, v) -> {
            String type = (String) declared.get(name).get("type");
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("type", ParameterRules.armTypeName(type));
            if (!type.toLowerCase(Locale.ROOT).startsWith("secure")) entry.put("value", v);
            out.put(name, entry);
        });
        return out;
    }

    static Map<String, Map<String, Object>> declared(TemplateState state) {
        Object node = state.template().get("outputs");
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        if (node == null) return out;
        if (!(node instanceof Map<?, ?>)) throw new TemplateException(INVALID_TEMPLATE, "outputs", "must be an object");
        Values.asObject(node, "outputs").forEach((name, def) -> {
            String path = "outputs." + name;
            if (!(def instanceof Map<?, ?> m)) throw new TemplateException(INVALID_TEMPLATE, path, "an output is an object with a type and a value");
            if (!(m.get("type") instanceof String t) || !ParameterBinder.TYPES.contains(t.toLowerCase(Locale.ROOT))) {
                throw new TemplateException(INVALID_TEMPLATE, path + ".type", "the type must be one of string, securestring, int, bool, object, secureobject, array");
            }
            out.put(name, Values.asObject(m, path));
        });
        return out;
    }
}
