package dev.switchboard.core.deploy;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Every template function Switchboard knows, by case-insensitive name, with its arity. */
final class FunctionTable {
    @FunctionalInterface
    interface Fn {
        Object apply(EvalContext ctx, List<Object> args);
    }

    /** A function; {@code max} is -1 for "any number". */
    record Spec(String name, int min, int max, Fn fn) { }

    private static final Map<String, Spec> ALL = build();

    private FunctionTable() { }

    static Spec fn(String name, int min, int max, Fn fn) {
        return new Spec(name, min, max, fn);
    }

    private static Map<String, Spec> build() {
        Map<String, Spec> all = new HashMap<>();
        for (List<Spec> group : List.of(StringFunctions.specs(), CollectionFunctions.specs(), LogicFunctions.specs(),
                DeploymentFunctions.specs(), ResourceFunctions.specs())) {
            for (Spec s : group) {
                if (all.put(s.name().toLowerCase(Locale.ROOT), s) != null) throw new IllegalStateException("duplicate function " + s.name());
            }
        }
        return Map.copyOf(all);
    }

    static Spec lookup(String name) {
        Spec s = ALL.get(name.toLowerCase(Locale.ROOT));
        if (s == null) throw new ExpressionError(TemplateException.UNKNOWN_FUNCTION, "the template function '" + name + "' is not known");
        return s;
    }

    /** Checks, without evaluating, that every function called exists and gets a number of arguments it takes. */
    static void check(Expr e) {
        switch (e) {
            case Expr.Literal l -> { }
            case Expr.Member m -> check(m.target());
            case Expr.Index i -> {
                check(i.target());
                check(i.index());
            }
            case Expr.Call c -> {
                Spec s = lookup(c.name());
                int n = c.args().size();
                if (n < s.min() || s.max() >= 0 && n > s.max()) {
                    throw new ExpressionError(TemplateException.INVALID_EXPRESSION, "the template function '" + s.name() + "' takes "
                            + arity(s) + " argument" + (s.max() == 1 ? "" : "s") + ", not " + n);
                }
                c.args().forEach(FunctionTable::check);
            }
        }
    }

    private static String arity(Spec s) {
        if (s.min() == s.max()) return String.valueOf(s.min());
        if (s.max() < 0) return "at least " + s.min();
        return s.min() + " to " + s.max();
    }
}
