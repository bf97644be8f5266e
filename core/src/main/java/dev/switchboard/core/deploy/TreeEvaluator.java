package dev.switchboard.core.deploy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Evaluates a template value: strings as expressions, objects and arrays member by member, expanding
 * property and variable copy loops ({@code "copy": [{"name", "count", "input"}]}). Every error carries the path of
 * the string that caused it. In the CHECK stage a string that needs reference() evaluates to {@link #DEFERRED}.
 */
final class TreeEvaluator {
    /** Stands for a value that needs reference() and is only known at deploy time. */
    static final Object DEFERRED = new Object() {
        @Override
        public String toString() {
            return "<deferred>";
        }
    };
    static final int MAX_COPIES = 800;

    private TreeEvaluator() { }

    static Object value(Object node, String path, EvalContext ctx) {
        if (node instanceof String s) return string(s, path, ctx);
        if (node instanceof Map<?, ?> m) return object(Values.asObject(m, path), path, ctx);
        if (node instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            for (int i = 0; i < l.size(); i++) out.add(value(l.get(i), path + "[" + i + "]", ctx));
            return out;
        }
        return node;
    }

    static Object string(String s, String path, EvalContext ctx) {
        try {
            Object p = ctx.state().parsed(s);
            return p instanceof Expr e ? Evaluator.eval(e, ctx) : p;
        } catch (ExpressionError e) {
            throw e.at(path);
        } catch (EvalContext.Deferred d) {
            return DEFERRED;
        }
    }

    private static Map<String, Object> object(Map<String, Object> m, String path, EvalContext ctx) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : m.entrySet()) {
            if (e.getKey().equals("copy") && isPropertyCopy(e.getValue())) {
                List<Object> loops = Values.asArray(e.getValue(), path);
                for (int k = 0; k < loops.size(); k++) {
                    Map<String, Object> loop = Values.asObject(loops.get(k), path);
                    String at = path + ".copy[" + k + "]";
                    out.put((String) loop.get("name"), copies(loop, at, ctx));
                }
            } else {
                out.put(e.getKey(), value(e.getValue(), path + "." + e.getKey(), ctx));
            }
        }
        return out;
    }

    /** A "copy" member is a loop (rather than a property that happens to be called copy) when it lists {name, count, input} objects. */
    static boolean isPropertyCopy(Object v) {
        return v instanceof List<?> l && !l.isEmpty() && l.stream().allMatch(x -> x instanceof Map<?, ?> m
                && m.get("name") instanceof String && m.containsKey("count") && m.containsKey("input"));
    }

    /** The values of one named copy loop: its input evaluated count times, copyIndex('name') counting. */
    static List<Object> copies(Map<String, Object> loop, String path, EvalContext ctx) {
        String name = (String) loop.get("name");
        int count = count(loop.get("count"), path + ".count", ctx);
        List<Object> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(value(loop.get("input"), path + ".input", ctx.withLoops(ctx.loops().with(name, i, false))));
        }
        return out;
    }

    /** A copy count: an int from 0 to 800, known before deploying. */
    static int count(Object node, String path, EvalContext ctx) {
        Object v = value(node, path, ctx.stage() == EvalContext.Stage.PARAMETERS ? ctx : ctx.withStage(EvalContext.Stage.STATIC));
        if (!(v instanceof Long n)) throw new TemplateException(TemplateException.INVALID_TEMPLATE, path, "a copy count must be an int, not " + Values.typeName(v));
        if (n < 0 || n > MAX_COPIES) throw new TemplateException(TemplateException.INVALID_TEMPLATE, path, "a copy count must be between 0 and " + MAX_COPIES);
        return n.intValue();
    }
}
