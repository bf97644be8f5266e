package dev.switchboard.core.deploy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import static dev.switchboard.core.deploy.TemplateException.INVALID_TEMPLATE;

/**
 * Expands the resources array into instances: copy loops, conditions, names, types and IDs, nested child
 * resources (a short child type and name are prefixed with the parent's) and extension resources (whose
 * {@code scope} is another resource's ID, or a "Namespace/type/name" in this resource group). Nothing here may call
 * reference(). A disabled parent disables its children.
 */
final class ResourceExpander {
    private record Parent(String type, String name) { }

    private final TemplateState state;
    private final List<Instance> out = new ArrayList<>();
    private final Set<String> loopNames = new HashSet<>();

    private ResourceExpander(TemplateState state) {
        this.state = state;
    }

    static List<Instance> expand(TemplateState state, Object resources) {
        ResourceExpander x = new ResourceExpander(state);
        x.list(resources, "resources", null, EvalContext.Loops.NONE, true);
        return x.out;
    }

    private void list(Object node, String path, Parent parent, EvalContext.Loops loops, boolean enabled) {
        if (node == null) return;
        if (!(node instanceof List<?> l)) throw new TemplateException(INVALID_TEMPLATE, path, "resources must be an array");
        for (int i = 0; i < l.size(); i++) {
            String at = path + "[" + i + "]";
            if (!(l.get(i) instanceof Map<?, ?>)) throw new TemplateException(INVALID_TEMPLATE, at, "a resource must be an object");
            definition(Values.asObject(l.get(i), at), at, parent, loops, enabled);
        }
    }

    private void definition(Map<String, Object> def, String path, Parent parent, EvalContext.Loops loops, boolean enabled) {
        if (!def.containsKey("copy")) {
            instance(def, path, parent, loops, null, enabled);
            return;
        }
        String at = path + ".copy";
        if (!(def.get("copy") instanceof Map<?, ?>)) throw new TemplateException(INVALID_TEMPLATE, at, "copy must be an object with name and count");
        Map<String, Object> copy = Values.asObject(def.get("copy"), at);
        EvalContext ctx = context(loops);
        String name = requiredString(copy, "name", at, ctx);
        if (!loopNames.add(name.toLowerCase(Locale.ROOT))) throw new TemplateException(INVALID_TEMPLATE, at + ".name", "another copy loop has this name");
        int count = TreeEvaluator.count(copy.get("count"), at + ".count", ctx);
        boolean serial = serial(copy, at, ctx);
        int batch = batchSize(copy, at, ctx);
        for (int k = 0; k < count; k++) {
            instance(def, path, parent, loops.with(name, k, true), new Instance.Copy(name, k, serial, batch), enabled);
        }
    }

    private boolean serial(Map<String, Object> copy, String at, EvalContext ctx) {
        if (!copy.containsKey("mode")) return false;
        String mode = requiredString(copy, "mode", at, ctx).toLowerCase(Locale.ROOT);
        if (!mode.equals("serial") && !mode.equals("parallel")) throw new TemplateException(INVALID_TEMPLATE, at + ".mode", "mode is serial or parallel");
        return mode.equals("serial");
    }

    private int batchSize(Map<String, Object> copy, String at, EvalContext ctx) {
        if (!copy.containsKey("batchSize")) return 1;
        Object v = TreeEvaluator.value(copy.get("batchSize"), at + ".batchSize", ctx);
        if (!(v instanceof Long n) || n < 1 || n > TreeEvaluator.MAX_COPIES) {
            throw new TemplateException(INVALID_TEMPLATE, at + ".batchSize", "batchSize must be an int from 1 to " + TreeEvaluator.MAX_COPIES);
        }
        return n.intValue();
    }

    private void instance(Map<String, Object> def, String path, Parent parent, EvalContext.Loops loops, Instance.Copy copy, boolean parentEnabled) {
        EvalContext ctx = context(loops);
        boolean enabled = parentEnabled && condition(def, path, ctx);
        String type = requiredString(def, "type", path, ctx);
        String name = requiredString(def, "name", path, ctx);
        String apiVersion = requiredString(def, "apiVersion", path, ctx);
        String fullType = parent != null && !type.contains("/") ? parent.type() + "/" + type : type;
        at(path + ".type", () -> ResourceIds.typeSegments(fullType));
        String fullName = fullName(parent, fullType, name);
        String id = at(path + ".name", () -> ResourceIds.build(scopeOf(def, path, ctx), fullType, List.of(fullName)));
        out.add(new Instance(out.size(), path, def, loops, enabled, id, fullType, fullName, apiVersion, copy));
        list(def.get("resources"), path + ".resources", new Parent(fullType, fullName), loops, enabled);
    }

    /** A nested child's short name ("db") is prefixed with its parent's ("srv") when its type needs more segments. */
    private static String fullName(Parent parent, String fullType, String name) {
        int needed = fullType.split("/").length - 1;
        if (parent == null || name.split("/").length == needed) return name;
        return parent.name() + "/" + name;
    }

    private boolean condition(Map<String, Object> def, String path, EvalContext ctx) {
        if (!def.containsKey("condition")) return true;
        Object v = TreeEvaluator.value(def.get("condition"), path + ".condition", ctx);
        if (!(v instanceof Boolean b)) throw new TemplateException(INVALID_TEMPLATE, path + ".condition", "a condition must be a bool, not " + Values.typeName(v));
        return b;
    }

    /** The ID the resource lives under: the resource group, or for an extension resource its scope's ID. */
    private String scopeOf(Map<String, Object> def, String path, EvalContext ctx) {
        if (!def.containsKey("scope")) return state.scope().resourceGroupId();
        String scope = requiredString(def, "scope", path, ctx);
        return scope.startsWith("/") ? scope : state.scope().resourceGroupId() + "/providers/" + scope;
    }

    private EvalContext context(EvalContext.Loops loops) {
        return EvalContext.of(state, EvalContext.Stage.STATIC).withLoops(loops);
    }

    static String requiredString(Map<String, Object> m, String key, String path, EvalContext ctx) {
        String at = path + "." + key;
        if (!m.containsKey(key)) throw new TemplateException(INVALID_TEMPLATE, at, key + " is required");
        Object v = TreeEvaluator.value(m.get(key), at, ctx);
        if (!(v instanceof String s) || s.isBlank()) throw new TemplateException(INVALID_TEMPLATE, at, key + " must be a non-empty string");
        return s;
    }

    private static <T> T at(String path, java.util.function.Supplier<T> f) {
        try {
            return f.get();
        } catch (ExpressionError e) {
            throw e.at(path);
        }
    }
}
