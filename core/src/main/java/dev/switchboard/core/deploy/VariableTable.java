package dev.switchboard.core.deploy;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static dev.switchboard.core.deploy.TemplateException.CIRCULAR_DEPENDENCY;
import static dev.switchboard.core.deploy.TemplateException.INVALID_TEMPLATE;

/**
 * The template's variables, each evaluated once, on first use (so they may use each other in any order); a
 * variable that needs itself is a CircularDependency naming the cycle. A top-level {@code "copy"} array declares
 * loop variables. No variable may call reference(): all are known before anything deploys.
 */
final class VariableTable {
    private record Declared(String name, String path, Object node, Map<String, Object> loop) { }

    private final TemplateState state;
    private final Map<String, Declared> declared = new LinkedHashMap<>();
    private final Map<String, Object> values = new HashMap<>();
    private final Deque<String> evaluating = new ArrayDeque<>();

    VariableTable(TemplateState state, Object node) {
        this.state = state;
        if (node == null) return;
        if (!(node instanceof Map<?, ?>)) throw new TemplateException(INVALID_TEMPLATE, "variables", "must be an object");
        Values.asObject(node, "variables").forEach((name, v) -> {
            if (name.equals("copy") && TreeEvaluator.isPropertyCopy(v)) {
                List<Object> loops = Values.asArray(v, "variables.copy");
                for (int k = 0; k < loops.size(); k++) {
                    Map<String, Object> loop = Values.asObject(loops.get(k), "variables.copy");
                    add(new Declared((String) loop.get("name"), "variables.copy[" + k + "]", null, loop));
                }
            } else {
                add(new Declared(name, "variables." + name, v, null));
            }
        });
    }

    private void add(Declared d) {
        if (declared.put(d.name().toLowerCase(Locale.ROOT), d) != null) {
            throw new TemplateException(INVALID_TEMPLATE, d.path(), "the variable is declared twice (names ignore case)");
        }
    }

    Object value(String name) {
        String key = name.toLowerCase(Locale.ROOT);
        Declared d = declared.get(key);
        if (d == null) throw ExpressionError.invalid("the variable '" + name + "' is not declared in the template");
        if (values.containsKey(key)) return values.get(key);
        if (evaluating.contains(key)) throw cycle(key);
        evaluating.push(key);
        try {
            EvalContext ctx = EvalContext.of(state, EvalContext.Stage.STATIC);
            Object v = d.loop() == null ? TreeEvaluator.value(d.node(), d.path(), ctx) : TreeEvaluator.copies(d.loop(), d.path(), ctx);
            values.put(key, v);
            return v;
        } finally {
            evaluating.pop();
        }
    }

    private TemplateException cycle(String key) {
        List<String> chain = new ArrayList<>(evaluating.reversed());
        chain = new ArrayList<>(chain.subList(chain.indexOf(key), chain.size()));
        chain.add(key);
        List<String> names = chain.stream().map(k -> declared.get(k).name()).toList();
        return new TemplateException(CIRCULAR_DEPENDENCY, declared.get(chain.get(0)).path(), "variables form a cycle: " + String.join(" -> ", names));
    }

    void evaluateAll() {
        declared.keySet().forEach(this::value);
    }
}
