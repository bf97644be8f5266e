package dev.switchboard.engine.export;

/**
 * The comment lines the text formats start with and put before the connection: what was exported, what the
 * connection does on the target and which settings it writes into the app. Every line is cleaned of control
 * characters, so no value can end a comment and become code.
 */
final class Comments {
    private Comments() { }

    static void header(StringBuilder out, String mark, ConnectionExport x) {
        line(out, mark, "Exported by Switchboard from connection " + x.linker() + ".");
        line(out, mark, "Secrets are inputs, never values: " + (x.inputs().isEmpty() ? "none here (the password is in a vault)"
                : String.join(", ", x.inputs().stream().map(SecretInput::name).toList())) + ".");
        if (x.app() == null || x.settings().isEmpty()) return;
        line(out, mark, "Settings the connection writes into " + x.app().id().name() + " (leave them out of the app's own settings):");
        for (ConnectionExport.Setting s : x.settings()) {
            line(out, mark, "  " + s.name() + (s.secret() ? " (holds the password)" : "")
                    + (s.description() == null ? "" : ": " + s.description()));
        }
    }

    static void targetStep(StringBuilder out, String mark, ConnectionExport.TargetStep step) {
        line(out, mark, "On the target: login '" + step.login() + "' on " + step.server()
                + (step.attributes().isEmpty() ? "" : " (" + step.attributes() + ")") + ", granted:");
        for (String g : step.grants()) line(out, mark, "  " + g);
        line(out, mark, "The connection resource makes the login and its grants when deployed through Switchboard.");
    }

    private static void line(StringBuilder out, String mark, String text) {
        out.append(mark).append(' ').append(text.replaceAll("\\p{Cntrl}", " ")).append('\n');
    }
}
