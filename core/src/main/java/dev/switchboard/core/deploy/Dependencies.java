package dev.switchboard.core.deploy;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static dev.switchboard.core.deploy.TemplateException.INVALID_TEMPLATE;

/**
 * What each enabled resource waits for, as instance orders. Explicit: dependsOn entries (IDs, "type/name", names, copy
 * loop names). Implicit: the nearest resource of the template whose ID is a prefix of this one's (a parent, or an
 * extension resource's scope); every resource of the template a resourceId()/extensionResourceId()/reference() in
 * the definition points at (a deliberate widening of ARM, which infers only from reference()); and in a serial copy
 * loop, the previous batch. Entries naming a disabled resource are dropped, as ARM does; naming nothing is an error.
 */
final class Dependencies {
    private static final Set<String> POINTING = Set.of("resourceid", "extensionresourceid", "reference");

    private final TemplateState state;
    private final ResourceRegistry registry;

    private Dependencies(TemplateState state, ResourceRegistry registry) {
        this.state = state;
        this.registry = registry;
    }

    /** For every enabled instance (by order), the orders of the enabled instances it depends on. */
    static Map<Integer, Set<Integer>> resolve(TemplateState state, ResourceRegistry registry) {
        Dependencies d = new Dependencies(state, registry);
        Map<Integer, Set<Integer>> out = new TreeMap<>();
        for (Instance i : registry.enabled()) {
            Set<Integer> deps = new LinkedHashSet<>();
            d.explicit(i).forEach(x -> deps.add(x.order())); // naming itself is a cycle, as in ARM
            d.implicit(i).stream().filter(x -> x != i).forEach(x -> deps.add(x.order())); // its own resourceId() is not
            out.put(i.order(), deps);
        }
        return out;
    }

    private List<Instance> explicit(Instance i) {
        Object node = i.definition().get("dependsOn");
        if (node == null) return List.of();
        String path = i.templatePath() + ".dependsOn";
        if (!(node instanceof List<?> refs)) throw new TemplateException(INVALID_TEMPLATE, path, "dependsOn must be an array");
        EvalContext ctx = EvalContext.of(state, EvalContext.Stage.STATIC).withLoops(i.loops());
        List<Instance> out = new ArrayList<>();
        for (int k = 0; k < refs.size(); k++) {
            String at = path + "[" + k + "]";
            Object ref = TreeEvaluator.value(refs.get(k), at, ctx);
            if (!(ref instanceof String s) || s.isBlank()) throw new TemplateException(INVALID_TEMPLATE, at, "a dependsOn entry must be a non-empty string");
            List<Instance> hits = registry.resolve(s);
            if (hits.isEmpty()) throw new TemplateException(INVALID_TEMPLATE, at, "the resource '" + s + "' is not defined in the template");
            hits.stream().filter(Instance::enabled).forEach(out::add);
        }
        return out;
    }

    private List<Instance> implicit(Instance i) {
        List<Instance> out = new ArrayList<>();
        Instance parent = nearestAncestor(i.id());
        if (parent != null) out.add(parent);
        EvalContext ctx = EvalContext.of(state, EvalContext.Stage.STATIC).withLoops(i.loops());
        i.definition().forEach((k, v) -> {
            if (!Instance.NOT_BODY.contains(k.toLowerCase(Locale.ROOT)) || k.equalsIgnoreCase("scope")) scan(v, ctx, out);
        });
        if (i.copy() != null && i.copy().serial()) out.addAll(previousBatch(i));
        return out;
    }

    private Instance nearestAncestor(String id) {
        for (int cut = id.lastIndexOf('/'); cut > 0; cut = id.lastIndexOf('/', cut - 1)) {
            Instance hit = registry.enabledById(id.substring(0, cut));
            if (hit != null) return hit;
        }
        return null;
    }

    private void scan(Object node, EvalContext ctx, List<Instance> out) {
        if (node instanceof Map<?, ?> m) m.values().forEach(v -> scan(v, ctx, out));
        else if (node instanceof List<?> l) l.forEach(v -> scan(v, ctx, out));
        else if (node instanceof String s && ExpressionParser.isExpression(s) && state.parsed(s) instanceof Expr e) calls(e, ctx, out);
    }

    private void calls(Expr e, EvalContext ctx, List<Instance> out) {
        switch (e) {
            case Expr.Literal l -> { }
            case Expr.Member m -> calls(m.target(), ctx, out);
            case Expr.Index x -> {
                calls(x.target(), ctx, out);
                calls(x.index(), ctx, out);
            }
            case Expr.Call c -> {
                if (POINTING.contains(c.name().toLowerCase(Locale.ROOT))) target(c, ctx, out);
                c.args().forEach(a -> calls(a, ctx, out));
            }
        }
    }

    /** The resource a call points at, when it can be known now (its arguments need no reference() and no property loop). */
    private void target(Expr.Call c, EvalContext ctx, List<Instance> out) {
        boolean isReference = c.name().equalsIgnoreCase("reference");
        Object v;
        try {
            v = Evaluator.eval(isReference ? c.args().get(0) : c, ctx);
        } catch (RuntimeException unknownYet) {
            return; // errors surface when the body itself is checked
        }
        if (!(v instanceof String s)) return;
        Instance hit = s.startsWith("/") ? registry.enabledById(s)
                : registry.resolve(s).stream().filter(Instance::enabled).filter(x -> x.name().equalsIgnoreCase(s)).findFirst().orElse(null);
        if (hit != null) out.add(hit);
    }

    private List<Instance> previousBatch(Instance i) {
        int batch = i.copy().index() / i.copy().batchSize();
        if (batch == 0) return List.of();
        List<Instance> out = new ArrayList<>();
        for (Instance o : registry.enabled()) {
            if (o.copy() != null && o.templatePath().equals(i.templatePath()) && sameOuterLoops(o, i)
                    && o.copy().index() / o.copy().batchSize() == batch - 1) {
                out.add(o);
            }
        }
        return out;
    }

    private static boolean sameOuterLoops(Instance a, Instance b) {
        Map<String, Integer> x = new TreeMap<>(a.loops().indices());
        Map<String, Integer> y = new TreeMap<>(b.loops().indices());
        x.remove(a.copy().name().toLowerCase(Locale.ROOT));
        y.remove(b.copy().name().toLowerCase(Locale.ROOT));
        return x.equals(y);
    }
}
