package dev.switchboard.core.deploy;

import dev.switchboard.core.json.JsonText;

import java.util.List;
import java.util.Map;

/** Test helpers: templates written as JSON text (as users write them), and evaluation of one expression in a small template. */
final class Templates {
    static final DeploymentScope SCOPE = new DeploymentScope("00000000-0000-0000-0000-000000000001", "rg1", "deploy1", "westeurope");
    static final String RG = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg1";

    private Templates() { }

    /** A JSON object written with ` for " (templates' expressions use ' themselves), integers as Long. */
    static Map<String, Object> json(String text) {
        return Values.asObject(Values.normalize(JsonText.parseObject(text.replace('`', '"'))), "test JSON");
    }

    /** Evaluates one template string where parameters p (string 'abc', int 3, object, array) and variables exist. */
    static Object eval(String expression) {
        Map<String, Object> t = json("""
                {`parameters`: {`s`: {`type`: `string`, `defaultValue`: `abc`}, `n`: {`type`: `int`, `defaultValue`: 3},
                                `o`: {`type`: `object`, `defaultValue`: {`a`: 1, `B`: {`c`: [10, 20]}}},
                                `arr`: {`type`: `array`, `defaultValue`: [`x`, `y`]}},
                 `variables`: {`v`: `[concat(parameters('s'), '!')]`, `w`: `[variables('v')]`},
                 `resources`: []}""");
        TemplateState state = new TemplateState(SCOPE, t);
        state.bind(new ParameterBinder(state, t.get("parameters"), Map.of()), new VariableTable(state, t.get("variables")));
        state.register(new ResourceRegistry(List.of()));
        return TreeEvaluator.value(expression, "x", EvalContext.of(state, EvalContext.Stage.STATIC));
    }
}
