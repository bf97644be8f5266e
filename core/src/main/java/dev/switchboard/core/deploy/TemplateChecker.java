package dev.switchboard.core.deploy;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.switchboard.core.deploy.TemplateException.INVALID_TEMPLATE;

/**
 * Checks a whole template before anything deploys: its shape, every expression string parsed (with known functions
 * and arities), including those of disabled resources and of outputs; then, once resources are expanded, every body
 * and output evaluated as far as it can be without reference().
 */
final class TemplateChecker {
    /** Members that are documentation, never evaluated. */
    private static final Set<String> NOT_EVALUATED = Set.of("$schema", "contentVersion", "metadata", "comments", "apiProfile");

    private TemplateChecker() { }

    static void checkShape(Map<String, Object> t) {
        if (t.containsKey("languageVersion")) {
            throw new TemplateException(INVALID_TEMPLATE, "languageVersion", "languageVersion 2.0 templates (symbolic names) are not supported");
        }
        if (t.get("functions") instanceof List<?> f && !f.isEmpty()) {
            throw new TemplateException(INVALID_TEMPLATE, "functions", "user-defined functions are not supported");
        }
        if (!(t.get("resources") instanceof List<?>)) throw new TemplateException(INVALID_TEMPLATE, "resources", "resources must be an array");
    }

    /** Parses every expression string where ARM would evaluate one; the first bad one is reported with its path. */
    static void parseAll(TemplateState state) {
        Map<String, Object> t = state.template();
        if (t.get("parameters") instanceof Map<?, ?> ps) {
            Values.asObject(ps, "parameters").forEach((name, def) -> {
                if (def instanceof Map<?, ?> d && d.containsKey("defaultValue")) walk(state, d.get("defaultValue"), "parameters." + name + ".defaultValue");
            });
        }
        walk(state, t.get("variables"), "variables");
        walk(state, t.get("resources"), "resources");
        walk(state, t.get("outputs"), "outputs");
    }

    private static void walk(TemplateState state, Object node, String path) {
        if (node instanceof Map<?, ?> m) {
            Values.asObject(m, path).forEach((k, v) -> {
                if (!NOT_EVALUATED.contains(k)) walk(state, v, path + "." + k);
            });
        } else if (node instanceof List<?> l) {
            for (int i = 0; i < l.size(); i++) walk(state, l.get(i), path + "[" + i + "]");
        } else if (node instanceof String s) {
            try {
                state.parsed(s);
            } catch (ExpressionError e) {
                throw e.at(path);
            }
        }
    }

    /** Evaluates every enabled resource's body and the outputs with reference() deferred: what fails now would fail at deploy time. */
    static void evaluateAll(TemplateState state, ResourceRegistry registry) {
        EvalContext ctx = EvalContext.of(state, EvalContext.Stage.CHECK);
        for (Instance i : registry.enabled()) i.body(ctx);
        Outputs.evaluate(state, ctx);
    }
}
