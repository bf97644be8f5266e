package dev.switchboard.core.deploy;

import dev.switchboard.core.failure.TerminalFailure;

/**
 * A template that cannot deploy: the template path of the offending value (like {@code resources[2].properties.x}
 * or {@code parameters.size}) and why. It is a {@link TerminalFailure} (400, the path as its target) so the server
 * answers it in ARM's error envelope without translating. Messages name types and paths, never parameter values,
 * which may be secrets.
 */
public final class TemplateException extends TerminalFailure {
    public static final String INVALID_TEMPLATE = "InvalidTemplate";
    public static final String INVALID_PARAMETER = "InvalidParameter";
    public static final String UNKNOWN_FUNCTION = "UnknownFunction";
    public static final String CIRCULAR_DEPENDENCY = "CircularDependency";
    public static final String INVALID_EXPRESSION = "InvalidExpression";
    /** reference() named a resource the resolver does not know. */
    public static final String RESOURCE_NOT_FOUND = "ResourceNotFound";

    private final String path;

    public TemplateException(String code, String path, String message) {
        super(400, code, path, path + ": " + message);
        this.path = path;
    }

    public String path() {
        return path;
    }
}
