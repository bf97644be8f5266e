package dev.switchboard.core.deploy;

import dev.switchboard.core.json.JsonText;

import java.util.List;
import java.util.Locale;
import java.util.function.LongBinaryOperator;
import java.util.function.IntPredicate;

import static dev.switchboard.core.deploy.FunctionTable.fn;
import static dev.switchboard.core.deploy.Values.asArray;
import static dev.switchboard.core.deploy.Values.asBool;
import static dev.switchboard.core.deploy.Values.asLong;
import static dev.switchboard.core.deploy.Values.asString;

/** Logic, comparison, arithmetic (64-bit integers) and conversion functions. */
final class LogicFunctions {
    private LogicFunctions() { }

    static List<FunctionTable.Spec> specs() {
        return List.of(
                // if() is evaluated lazily by the Evaluator; this entry gives it a name and an arity.
                fn("if", 3, 3, (c, a) -> { throw new IllegalStateException("if() is evaluated by the Evaluator"); }),
                fn("equals", 2, 2, (c, a) -> Values.deepEquals(a.get(0), a.get(1))),
                fn("not", 1, 1, (c, a) -> !asBool(a.get(0), "not()'s argument")),
                fn("and", 2, -1, (c, a) -> a.stream().map(v -> asBool(v, "and()'s arguments")).reduce(true, Boolean::logicalAnd)),
                fn("or", 2, -1, (c, a) -> a.stream().map(v -> asBool(v, "or()'s arguments")).reduce(false, Boolean::logicalOr)),
                fn("coalesce", 1, -1, (c, a) -> a.stream().filter(v -> v != null).findFirst().orElse(null)),
                fn("true", 0, 0, (c, a) -> true),
                fn("false", 0, 0, (c, a) -> false),
                fn("null", 0, 0, (c, a) -> null),
                fn("bool", 1, 1, (c, a) -> toBool(a.get(0))),
                fn("int", 1, 1, (c, a) -> toInt(a.get(0))),
                fn("json", 1, 1, (c, a) -> json(asString(a.get(0), "json()'s argument"))),
                fn("add", 2, 2, (c, a) -> math(a, "add()", Math::addExact)),
                fn("sub", 2, 2, (c, a) -> math(a, "sub()", Math::subtractExact)),
                fn("mul", 2, 2, (c, a) -> math(a, "mul()", Math::multiplyExact)),
                fn("div", 2, 2, (c, a) -> math(a, "div()", (x, y) -> x / nonZero(y))),
                fn("mod", 2, 2, (c, a) -> math(a, "mod()", (x, y) -> x % nonZero(y))),
                fn("min", 1, -1, (c, a) -> extreme(a, "min()", true)),
                fn("max", 1, -1, (c, a) -> extreme(a, "max()", false)),
                fn("greater", 2, 2, (c, a) -> compare(a, "greater()", r -> r > 0)),
                fn("less", 2, 2, (c, a) -> compare(a, "less()", r -> r < 0)),
                fn("greaterOrEquals", 2, 2, (c, a) -> compare(a, "greaterOrEquals()", r -> r >= 0)),
                fn("lessOrEquals", 2, 2, (c, a) -> compare(a, "lessOrEquals()", r -> r <= 0)));
    }

    private static boolean toBool(Object v) {
        if (v instanceof Boolean b) return b;
        if (v instanceof Long l) return l != 0;
        if (v instanceof String s && (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false"))) return s.equalsIgnoreCase("true");
        throw ExpressionError.invalid("bool() takes true/false, 'true'/'false' or an int, not this " + Values.typeName(v));
    }

    private static long toInt(Object v) {
        if (v instanceof Long l) return l;
        if (v instanceof String s) {
            try {
                return Long.parseLong(s.strip());
            } catch (NumberFormatException bad) {
                throw ExpressionError.invalid("int() could not read the string as an integer");
            }
        }
        throw ExpressionError.invalid("int() takes a string or an int, not " + Values.typeName(v));
    }

    private static Object json(String s) {
        try {
            return Values.normalize(JsonText.parse(s));
        } catch (IllegalArgumentException bad) {
            throw ExpressionError.invalid("json()'s argument is not valid JSON (" + bad.getMessage() + ")");
        }
    }

    private static long nonZero(long y) {
        if (y == 0) throw ExpressionError.invalid("division by zero");
        return y;
    }

    private static Object math(List<Object> a, String fn, LongBinaryOperator op) {
        try {
            return op.applyAsLong(asLong(a.get(0), fn + "'s first argument"), asLong(a.get(1), fn + "'s second argument"));
        } catch (ArithmeticException overflow) {
            throw ExpressionError.invalid(fn + " overflows a 64-bit integer");
        }
    }

    private static long extreme(List<Object> a, String fn, boolean min) {
        List<Object> values = a.size() == 1 && a.get(0) instanceof List<?> ? asArray(a.get(0), fn) : a;
        if (values.isEmpty()) throw ExpressionError.invalid(fn + " needs at least one value");
        long best = asLong(values.get(0), fn + "'s arguments");
        for (Object v : values) best = min ? Math.min(best, asLong(v, fn + "'s arguments")) : Math.max(best, asLong(v, fn + "'s arguments"));
        return best;
    }

    /** Integers by value, strings ordinally; mixing them is an error. */
    private static boolean compare(List<Object> a, String fn, IntPredicate test) {
        Object x = a.get(0);
        Object y = a.get(1);
        if (x instanceof Long l && y instanceof Long m) return test.test(Long.compare(l, m));
        if (x instanceof String s && y instanceof String t) return test.test(s.compareTo(t));
        throw ExpressionError.invalid(fn + " compares two ints or two strings, not " + Values.typeName(x) + " and "
                + Values.typeName(y).toLowerCase(Locale.ROOT));
    }
}
