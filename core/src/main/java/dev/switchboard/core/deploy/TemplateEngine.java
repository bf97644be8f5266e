package dev.switchboard.core.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The ARM template language for {@code Microsoft.Resources/deployments}: {@link #expand} checks a whole template
 * and plans its resources; the returned {@link Expanded} evaluates each body just before it is PUT (when
 * reference() can be answered) and the outputs at the end. Pure: no I/O, the engine supplies what reference() sees.
 */
public final class TemplateEngine {
    private TemplateEngine() { }

    /**
     * Checks and expands: parameters (types, defaults, allowedValues, minValue/maxValue, minLength/maxLength),
     * variables, conditions, copy loops, resource IDs, dependsOn; returns resources in a dependency order (ties:
     * template order); cycles are a CircularDependency error naming the cycle. Nothing in a name, condition, copy
     * count or dependsOn may call reference(). Every expression of the template is parsed, and evaluated as far as it
     * can be without reference(), before this returns.
     *
     * @param parameters ARM shape: {@code {"name": {"value": x}}}; may be null
     * @throws TemplateException with the template path of the offending value
     */
    public static Expanded expand(Map<String, Object> template, Map<String, Object> parameters, DeploymentScope scope) {
        Objects.requireNonNull(template, "template");
        Objects.requireNonNull(scope, "scope");
        Map<String, Object> t = Values.asObject(Values.freeze(Values.normalize(template)), "template");
        TemplateChecker.checkShape(t);
        TemplateState state = new TemplateState(scope, t);
        TemplateChecker.parseAll(state);
        ParameterBinder binder = new ParameterBinder(state, t.get("parameters"), parameters);
        VariableTable variables = new VariableTable(state, t.get("variables"));
        state.bind(binder, variables);
        binder.bindAll();
        variables.evaluateAll();
        ResourceRegistry registry = new ResourceRegistry(ResourceExpander.expand(state, t.get("resources")));
        state.register(registry);
        Map<Integer, Set<Integer>> deps = Dependencies.resolve(state, registry);
        List<Instance> all = registry.all();
        List<Integer> order = DependencyOrder.sort(deps, n -> all.get(n).describe(), n -> all.get(n).templatePath());
        TemplateChecker.evaluateAll(state, registry);
        List<PlannedResource> planned = new ArrayList<>(order.size());
        for (int n : order) {
            Instance i = all.get(n);
            List<String> on = deps.get(n).stream().sorted().map(d -> all.get(d).id()).toList();
            planned.add(new PlannedResource(i.templatePath(), i.id(), i.type(), i.name(), i.apiVersion(), on, i.definition()));
        }
        return new Expanded(List.copyOf(planned), binder.values(), state);
    }

    /**
     * An expanded template.
     *
     * @param resources       what to deploy, each after everything in its dependsOn
     * @param parameterValues effective parameter values by declared name, secure ones null (never echoed)
     * @param state           the checked template the methods below evaluate against (opaque)
     */
    public record Expanded(List<PlannedResource> resources, Map<String, Object> parameterValues, TemplateState state) {

        /**
         * The resource's body to PUT (location, tags, identity, properties, sku, kind ...; no type/name/apiVersion/
         * dependsOn/condition/copy), with every expression evaluated now, reference() answered by the resolver
         * (called in dependency order, so earlier resources exist).
         */
        public Map<String, Object> body(PlannedResource r, ReferenceResolver resolver) {
            Instance i = state.registry().enabledById(r.id());
            if (i == null) throw new IllegalArgumentException("not a resource of this deployment: " + r.id());
            return i.body(new EvalContext(state, EvalContext.Loops.NONE, EvalContext.Stage.DEPLOY, resolver));
        }

        /** The template's outputs by name, evaluated (type-checked) once all resources are deployed. */
        public Map<String, Object> outputs(ReferenceResolver resolver) {
            return Outputs.evaluate(state, new EvalContext(state, EvalContext.Loops.NONE, EvalContext.Stage.DEPLOY, resolver));
        }

        /** Outputs as a deployment's properties.outputs shows them: {@code {"name": {"type": "String", "value": x}}}, secure ones without value. */
        public Map<String, Object> outputsEcho(Map<String, Object> outputs) {
            return Outputs.echo(state, outputs);
        }

        /** Parameters as a deployment's properties.parameters shows them: {@code {"name": {"type": "Int", "value": 3}}}, secure ones without value. */
        public Map<String, Object> parametersEcho() {
            return state.parameters().echo();
        }
    }
}
