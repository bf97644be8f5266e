package dev.switchboard.core.deploy;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A checked template with its bound parameters, evaluated variables and expanded resources: what
 * {@link TemplateEngine.Expanded} evaluates bodies and outputs against. Opaque outside this package; it is
 * read-only once {@link TemplateEngine#expand} returns (the parse cache aside, which is concurrent).
 */
public final class TemplateState {
    private final DeploymentScope scope;
    private final Map<String, Object> template;
    private final Map<String, Object> parsed = new ConcurrentHashMap<>();
    private ParameterBinder parameters;
    private VariableTable variables;
    private ResourceRegistry registry;

    TemplateState(DeploymentScope scope, Map<String, Object> template) {
        this.scope = scope;
        this.template = template;
    }

    DeploymentScope scope() {
        return scope;
    }

    Map<String, Object> template() {
        return template;
    }

    String contentVersion() {
        return template.get("contentVersion") instanceof String s ? s : "1.0.0.0";
    }

    /** A template string as its literal text or its checked {@link Expr} (every function known, arities right). */
    Object parsed(String s) {
        if (!ExpressionParser.isExpression(s)) return ExpressionParser.parseValue(s);
        return parsed.computeIfAbsent(s, k -> {
            Object p = ExpressionParser.parseValue(k);
            if (p instanceof Expr e) FunctionTable.check(e);
            return p;
        });
    }

    void bind(ParameterBinder p, VariableTable v) {
        this.parameters = p;
        this.variables = v;
    }

    void register(ResourceRegistry r) {
        this.registry = r;
    }

    ParameterBinder parameters() {
        return parameters;
    }

    ResourceRegistry registry() {
        if (registry == null) throw ExpressionError.invalid("resources are not known yet here");
        return registry;
    }

    Object parameter(String name) {
        return parameters.value(name);
    }

    Object variable(String name) {
        return variables.value(name);
    }
}
