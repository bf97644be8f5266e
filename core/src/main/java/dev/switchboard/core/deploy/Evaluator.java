package dev.switchboard.core.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Evaluates a parsed expression. Arguments are evaluated before the call, except if()'s, where only the chosen branch is. */
final class Evaluator {
    private Evaluator() { }

    static Object eval(Expr e, EvalContext ctx) {
        return switch (e) {
            case Expr.Literal l -> l.value();
            case Expr.Call c -> call(c, ctx);
            case Expr.Member m -> member(eval(m.target(), ctx), m.name());
            case Expr.Index i -> index(eval(i.target(), ctx), eval(i.index(), ctx));
        };
    }

    private static Object call(Expr.Call c, EvalContext ctx) {
        FunctionTable.Spec spec = FunctionTable.lookup(c.name());
        if (spec.name().equals("if")) {
            boolean cond = Values.asBool(eval(c.args().get(0), ctx), "the condition of if()");
            return eval(c.args().get(cond ? 1 : 2), ctx);
        }
        List<Object> args = new ArrayList<>(c.args().size());
        for (Expr a : c.args()) args.add(eval(a, ctx));
        return spec.fn().apply(ctx, args);
    }

    static Object member(Object target, String name) {
        if (!(target instanceof Map<?, ?>)) {
            throw ExpressionError.invalid("cannot read property '" + name + "' of a value of type " + Values.typeName(target));
        }
        Map<String, Object> m = Values.asObject(target, "the value");
        String key = Values.findKey(m, name);
        if (key == null) throw ExpressionError.invalid("the property '" + name + "' does not exist; available: " + String.join(", ", m.keySet()));
        return m.get(key);
    }

    private static Object index(Object target, Object index) {
        if (target instanceof List<?> l) {
            long i = Values.asLong(index, "an array index");
            if (i < 0 || i >= l.size()) throw ExpressionError.invalid("index " + i + " is outside the array of length " + l.size());
            return l.get((int) i);
        }
        if (target instanceof Map<?, ?>) return member(target, Values.asString(index, "an object key"));
        throw ExpressionError.invalid("cannot index a value of type " + Values.typeName(target));
    }
}
