package dev.switchboard.core.deploy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.switchboard.core.deploy.FunctionTable.fn;
import static dev.switchboard.core.deploy.Values.asString;

/** Resource ID functions and reference(). */
final class ResourceFunctions {
    private ResourceFunctions() { }

    static List<FunctionTable.Spec> specs() {
        return List.of(
                fn("resourceId", 2, -1, ResourceFunctions::resourceId),
                fn("subscriptionResourceId", 2, -1, ResourceFunctions::subscriptionResourceId),
                fn("tenantResourceId", 2, -1, (c, a) -> ResourceIds.build("", asString(a.get(0), "tenantResourceId()'s type"), names(a, 1))),
                fn("extensionResourceId", 3, -1, (c, a) -> ResourceIds.build(asString(a.get(0), "extensionResourceId()'s resource ID"),
                        asString(a.get(1), "extensionResourceId()'s type"), names(a, 2))),
                fn("reference", 1, 3, ResourceFunctions::reference));
    }

    /** resourceId([subscriptionId], [resourceGroupName], type, name...): the type is the first argument with a '/'. */
    private static Object resourceId(EvalContext ctx, List<Object> a) {
        int t = typeIndex(a, 2, "resourceId()");
        DeploymentScope s = ctx.state().scope();
        String sub = t == 2 ? asString(a.get(0), "resourceId()'s subscription ID") : s.subscriptionId();
        String rg = t == 0 ? s.resourceGroup() : asString(a.get(t - 1), "resourceId()'s resource group");
        return ResourceIds.build("/subscriptions/" + sub + "/resourceGroups/" + rg, asString(a.get(t), ""), names(a, t + 1));
    }

    private static Object subscriptionResourceId(EvalContext ctx, List<Object> a) {
        int t = typeIndex(a, 1, "subscriptionResourceId()");
        String sub = t == 1 ? asString(a.get(0), "subscriptionResourceId()'s subscription ID") : ctx.state().scope().subscriptionId();
        return ResourceIds.build("/subscriptions/" + sub, asString(a.get(t), ""), names(a, t + 1));
    }

    private static int typeIndex(List<Object> a, int maxLeading, String fn) {
        for (int i = 0; i <= Math.min(maxLeading, a.size() - 2); i++) {
            if (asString(a.get(i), fn + "'s arguments").contains("/")) return i;
        }
        throw ExpressionError.invalid(fn + " needs a resource type like 'Namespace.Provider/type' followed by names");
    }

    private static List<String> names(List<Object> a, int from) {
        if (from >= a.size()) throw ExpressionError.invalid("a resource ID needs at least one name");
        return StringFunctions.strings(a.subList(from, a.size()), "the resource names");
    }

    /**
     * reference(resourceIdOrName, [apiVersion], ['Full']): the resource's properties, or with 'Full' its whole body.
     * A name must be a resource of this template. Not allowed where the value is needed to plan the deployment.
     */
    private static Object reference(EvalContext ctx, List<Object> a) {
        if (ctx.stage() == EvalContext.Stage.PARAMETERS || ctx.stage() == EvalContext.Stage.STATIC) {
            throw ExpressionError.invalid("the template function 'reference' is not expected here: names, types, conditions, "
                    + "copy counts, dependsOn, variables and parameters must be known before anything is deployed");
        }
        String target = asString(a.get(0), "reference()'s resource");
        String id = target.startsWith("/") ? target : ctx.state().registry().idForName(target);
        boolean full = a.size() > 2 && asString(a.get(2), "reference()'s third argument").equalsIgnoreCase("full");
        if (ctx.stage() == EvalContext.Stage.CHECK) throw new EvalContext.Deferred();
        Map<String, Object> body = ctx.resolver().reference(id).orElseThrow(() -> new ExpressionError(TemplateException.RESOURCE_NOT_FOUND,
                "reference(): the resource '" + id + "' does not exist"));
        Map<String, Object> normalized = Values.asObject(Values.normalize(body), "the referenced resource");
        if (full) return normalized;
        Object props = normalized.get("properties");
        return props == null ? new LinkedHashMap<>() : props;
    }
}
