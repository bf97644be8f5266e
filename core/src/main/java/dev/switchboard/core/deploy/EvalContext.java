package dev.switchboard.core.deploy;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What an expression may see: the template's state, the copy loops around it and the stage, which decides what
 * reference() and variables() may do.
 */
record EvalContext(TemplateState state, Loops loops, Stage stage, ReferenceResolver resolver) {

    enum Stage {
        /** Parameter defaults: parameters and deployment functions only. */
        PARAMETERS,
        /** Variables, names, types, conditions, copy counts, dependsOn: everything but reference(). */
        STATIC,
        /** Checking a body or output before deploying: reference() is resolved to its target and then deferred. */
        CHECK,
        /** Deploying: reference() asks the resolver. */
        DEPLOY
    }

    /** Thrown in {@link Stage#CHECK} when a value needs reference(): it is evaluated later, at deploy time. */
    static final class Deferred extends RuntimeException {
        Deferred() {
            super(null, null, false, false);
        }
    }

    static EvalContext of(TemplateState state, Stage stage) {
        return new EvalContext(state, Loops.NONE, stage, null);
    }

    EvalContext withLoops(Loops l) {
        return new EvalContext(state, l, stage, resolver);
    }

    EvalContext withStage(Stage s) {
        return new EvalContext(state, loops, s, resolver);
    }

    /**
     * The copy loops an expression sits in: each loop's current index by name, and which loop copyIndex() without
     * a name means (a resource's or an output's loop; property and variable loops must be named, as in ARM).
     */
    record Loops(Map<String, Integer> indices, String unnamed) {
        static final Loops NONE = new Loops(Map.of(), null);

        Loops with(String name, int index, boolean isUnnamed) {
            Map<String, Integer> next = new HashMap<>(indices);
            next.put(name.toLowerCase(Locale.ROOT), index);
            return new Loops(Map.copyOf(next), isUnnamed ? name.toLowerCase(Locale.ROOT) : unnamed);
        }

        Integer index(String name) {
            String key = name == null ? unnamed : name.toLowerCase(Locale.ROOT);
            return key == null ? null : indices.get(key);
        }
    }
}
