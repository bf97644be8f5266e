package dev.switchboard.core.deploy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.switchboard.core.deploy.FunctionTable.fn;
import static dev.switchboard.core.deploy.Values.asString;

/** parameters(), variables(), copyIndex() and what the deployment knows about where it runs. */
final class DeploymentFunctions {
    private DeploymentFunctions() { }

    static List<FunctionTable.Spec> specs() {
        return List.of(
                fn("parameters", 1, 1, (c, a) -> c.state().parameter(asString(a.get(0), "parameters()'s name"))),
                fn("variables", 1, 1, DeploymentFunctions::variables),
                fn("copyIndex", 0, 2, DeploymentFunctions::copyIndex),
                fn("resourceGroup", 0, 0, (c, a) -> resourceGroup(c.state().scope())),
                fn("subscription", 0, 0, (c, a) -> subscription(c.state().scope())),
                fn("deployment", 0, 0, (c, a) -> deployment(c.state())));
    }

    private static Object variables(EvalContext ctx, List<Object> a) {
        if (ctx.stage() == EvalContext.Stage.PARAMETERS) throw ExpressionError.invalid("variables() cannot be used in a parameter's defaultValue");
        return ctx.state().variable(asString(a.get(0), "variables()'s name"));
    }

    /** copyIndex(), copyIndex(offset), copyIndex('loop'), copyIndex('loop', offset). */
    private static Object copyIndex(EvalContext ctx, List<Object> a) {
        String loop = !a.isEmpty() && a.get(0) instanceof String s ? s : null;
        int offsetAt = loop == null ? 0 : 1;
        long offset = a.size() > offsetAt ? Values.asLong(a.get(offsetAt), "copyIndex()'s offset") : 0;
        Integer index = ctx.loops().index(loop);
        if (index == null) {
            throw ExpressionError.invalid(loop == null ? "copyIndex() is used outside a copy loop (a property or variable loop must be named)"
                    : "copyIndex('" + loop + "') is not inside a copy loop of that name");
        }
        return index + offset;
    }

    static Map<String, Object> resourceGroup(DeploymentScope s) {
        Map<String, Object> rg = new LinkedHashMap<>();
        rg.put("id", s.resourceGroupId());
        rg.put("name", s.resourceGroup());
        rg.put("type", "Microsoft.Resources/resourceGroups");
        rg.put("location", s.location());
        rg.put("tags", new LinkedHashMap<>());
        rg.put("properties", new LinkedHashMap<>(Map.of("provisioningState", "Succeeded")));
        return rg;
    }

    /** Switchboard keeps no display names for subscriptions: displayName is the subscription ID. */
    static Map<String, Object> subscription(DeploymentScope s) {
        Map<String, Object> sub = new LinkedHashMap<>();
        sub.put("id", s.subscriptionPrefix());
        sub.put("subscriptionId", s.subscriptionId());
        sub.put("displayName", s.subscriptionId());
        return sub;
    }

    private static Map<String, Object> deployment(TemplateState state) {
        Map<String, Object> template = new LinkedHashMap<>();
        template.put("contentVersion", state.contentVersion());
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("template", template);
        props.put("mode", "Incremental");
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("name", state.scope().deploymentName());
        d.put("properties", props);
        return d;
    }
}
