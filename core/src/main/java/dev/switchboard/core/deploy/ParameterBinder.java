package dev.switchboard.core.deploy;

import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import static dev.switchboard.core.deploy.TemplateException.CIRCULAR_DEPENDENCY;
import static dev.switchboard.core.deploy.TemplateException.INVALID_PARAMETER;
import static dev.switchboard.core.deploy.TemplateException.INVALID_TEMPLATE;

/**
 * Binds the template's parameters to the values given ({@code {"name": {"value": x}}}) or their defaultValue (which
 * may be an expression over other parameters), and checks type, allowedValues, minValue/maxValue and
 * minLength/maxLength. Names match case-insensitively. Messages never show a value: any may be a secret.
 */
final class ParameterBinder {
    static final Set<String> TYPES = Set.of("string", "securestring", "int", "bool", "object", "secureobject", "array");

    private final TemplateState state;
    private final Map<String, String> declaredName = new LinkedHashMap<>(); // lower-case -> as declared
    private final Map<String, Map<String, Object>> definitions = new HashMap<>();
    private final Map<String, Object> given = new HashMap<>();
    private final Map<String, Object> bound = new HashMap<>();
    private final Deque<String> binding = new ArrayDeque<>();

    ParameterBinder(TemplateState state, Object declared, Map<String, Object> values) {
        this.state = state;
        if (declared != null && !(declared instanceof Map)) throw new TemplateException(INVALID_TEMPLATE, "parameters", "must be an object");
        if (declared != null) Values.asObject(declared, "parameters").forEach(this::declare);
        if (values != null) values.forEach(this::give);
    }

    private void declare(String name, Object def) {
        String path = "parameters." + name;
        if (!(def instanceof Map<?, ?>)) throw new TemplateException(INVALID_TEMPLATE, path, "a parameter is declared by an object with a type");
        Map<String, Object> d = Values.asObject(def, path);
        if (!(d.get("type") instanceof String t) || !TYPES.contains(t.toLowerCase(Locale.ROOT))) {
            throw new TemplateException(INVALID_TEMPLATE, path + ".type", "the type must be one of string, securestring, int, bool, object, secureobject, array");
        }
        String key = name.toLowerCase(Locale.ROOT);
        if (declaredName.put(key, name) != null) throw new TemplateException(INVALID_TEMPLATE, path, "the parameter is declared twice (names ignore case)");
        definitions.put(key, d);
    }

    private void give(String name, Object wrapper) {
        String key = name.toLowerCase(Locale.ROOT);
        String path = "parameters." + name;
        if (!declaredName.containsKey(key)) throw new TemplateException(INVALID_PARAMETER, path, "the template declares no parameter of this name");
        if (wrapper instanceof Map<?, ?> m && m.containsKey("reference")) {
            throw new TemplateException(INVALID_PARAMETER, path, "Key Vault references are not supported; give the value");
        }
        if (!(wrapper instanceof Map<?, ?> m) || !m.containsKey("value")) {
            throw new TemplateException(INVALID_PARAMETER, path, "a parameter is given as {\"value\": ...}");
        }
        if (m.get("value") != null) given.put(key, Values.freeze(Values.normalize(m.get("value"))));
    }

    Object value(String name) {
        String key = name.toLowerCase(Locale.ROOT);
        if (!declaredName.containsKey(key)) throw ExpressionError.invalid("the parameter '" + name + "' is not declared in the template");
        if (bound.containsKey(key)) return bound.get(key);
        if (binding.contains(key)) {
            List<String> cycle = new java.util.ArrayList<>(binding.reversed());
            cycle = cycle.subList(cycle.indexOf(key), cycle.size());
            throw new TemplateException(CIRCULAR_DEPENDENCY, "parameters." + declaredName.get(cycle.get(0)) + ".defaultValue",
                    "parameter defaults form a cycle: " + String.join(" -> ", cycle.stream().map(declaredName::get).toList()) + " -> " + declaredName.get(key));
        }
        binding.push(key);
        try {
            Object v = bind(key);
            bound.put(key, v);
            return v;
        } finally {
            binding.pop();
        }
    }

    private Object bind(String key) {
        String name = declaredName.get(key);
        Map<String, Object> def = definitions.get(key);
        if (given.containsKey(key)) return ParameterRules.check(def, given.get(key), "parameters." + name, INVALID_PARAMETER);
        if (!def.containsKey("defaultValue")) {
            throw new TemplateException(INVALID_PARAMETER, "parameters." + name, "no value was given and the parameter has no defaultValue");
        }
        String path = "parameters." + name + ".defaultValue";
        Object v = TreeEvaluator.value(def.get("defaultValue"), path, EvalContext.of(state, EvalContext.Stage.PARAMETERS));
        return ParameterRules.check(def, v, path, INVALID_TEMPLATE);
    }

    void bindAll() {
        declaredName.keySet().forEach(this::value);
    }

    /** Effective values by declared name; secure ones are null, never echoed. */
    Map<String, Object> values() {
        Map<String, Object> out = new LinkedHashMap<>();
        declaredName.forEach((key, name) -> out.put(name, isSecure(key) ? null : value(key)));
        return Collections.unmodifiableMap(out);
    }

    /** ARM's echo of a deployment's parameters: {@code {"name": {"type": "String", "value": x}}}, secure ones without a value. */
    Map<String, Object> echo() {
        Map<String, Object> out = new LinkedHashMap<>();
        declaredName.forEach((key, name) -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("type", ParameterRules.armTypeName((String) definitions.get(key).get("type")));
            if (!isSecure(key)) entry.put("value", value(key));
            out.put(name, entry);
        });
        return out;
    }

    private boolean isSecure(String key) {
        return ((String) definitions.get(key).get("type")).toLowerCase(Locale.ROOT).startsWith("secure");
    }
}
