package dev.switchboard.core.deploy;

/**
 * A failure inside an expression, before anyone knows where in the template the expression sits; the code that
 * evaluates a template value turns it into a {@link TemplateException} carrying that value's path.
 */
final class ExpressionError extends RuntimeException {
    private final String code;

    ExpressionError(String code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    static ExpressionError invalid(String message) {
        return new ExpressionError(TemplateException.INVALID_TEMPLATE, message);
    }

    String code() {
        return code;
    }

    TemplateException at(String path) {
        return new TemplateException(code, path, getMessage());
    }
}
