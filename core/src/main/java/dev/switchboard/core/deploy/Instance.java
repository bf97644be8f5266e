package dev.switchboard.core.deploy;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * One expanded resource: a definition at a template path, in its copy loops, with its ID worked out. Disabled
 * instances (condition false, or a parent's) are kept so dependsOn on them can be dropped rather than refused.
 *
 * @param order position in template order (parents before their children, copies by index); breaks ties
 * @param copy  the resource's own copy loop, or null
 */
record Instance(int order, String templatePath, Map<String, Object> definition, EvalContext.Loops loops, boolean enabled,
                String id, String type, String name, String apiVersion, Copy copy) {

    /** The definition's members that are about the deployment, not the resource's body. */
    static final Set<String> NOT_BODY = Set.of("type", "name", "apiversion", "dependson", "condition", "copy", "resources", "comments", "scope");

    record Copy(String name, int index, boolean serial, int batchSize) { }

    /** The body to PUT: every other member of the definition, evaluated in this instance's loops. */
    Map<String, Object> body(EvalContext ctx) {
        EvalContext here = ctx.withLoops(loops);
        Map<String, Object> out = new LinkedHashMap<>();
        definition.forEach((k, v) -> {
            if (!NOT_BODY.contains(k.toLowerCase(java.util.Locale.ROOT))) out.put(k, TreeEvaluator.value(v, templatePath + "." + k, here));
        });
        return out;
    }

    String describe() {
        return name + " (" + type + (copy == null ? "" : ", copy " + copy.index()) + ")";
    }
}
