package dev.switchboard.core.failure;

/**
 * A failure that retrying cannot fix: bad input, a missing resource, a refused credential.
 * It carries what the API needs to answer in ARM's error envelope, so the server never guesses a status.
 */
public class TerminalFailure extends RuntimeException {
    private final int status;
    private final String code;
    private final String target;

    public TerminalFailure(int status, String code, String target, String message) {
        super(message);
        this.status = status;
        this.code = code;
        this.target = target;
    }

    public int status() { return status; }
    public String code() { return code; }
    /** The request field or resource the failure is about; may be null. */
    public String target() { return target; }

    public static TerminalFailure badRequest(String code, String target, String message) {
        return new TerminalFailure(400, code, target, message);
    }

    public static TerminalFailure invalidField(String field, String message) {
        return new TerminalFailure(400, "InvalidRequestContent", field, field + ": " + message);
    }

    public static TerminalFailure missingField(String field) {
        return new TerminalFailure(400, "MissingRequiredProperty", field, field + " is required");
    }

    public static TerminalFailure notFound(String code, String target, String message) {
        return new TerminalFailure(404, code, target, message);
    }

    public static TerminalFailure conflict(String code, String target, String message) {
        return new TerminalFailure(409, code, target, message);
    }
}
