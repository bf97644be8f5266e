package dev.switchboard.core.linker;

/** One named check of a connection, in the shape of ServiceLinker's {@code validationDetail} items. */
public record ValidationItem(String name, String description, Result result, String errorCode, String errorMessage) {

    public enum Result {
        SUCCESS("success"), FAILURE("failure"), WARNING("warning");
        private final String wire;
        Result(String wire) { this.wire = wire; }
        public String wire() { return wire; }
    }

    public static ValidationItem success(String name, String description) {
        return new ValidationItem(name, description, Result.SUCCESS, null, null);
    }

    public static ValidationItem failure(String name, String description, String code, String message) {
        return new ValidationItem(name, description, Result.FAILURE, code, message);
    }

    public boolean passed() {
        return result != Result.FAILURE;
    }
}
