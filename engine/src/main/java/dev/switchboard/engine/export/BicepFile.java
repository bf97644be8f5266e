package dev.switchboard.engine.export;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A Bicep file with the same content as {@link ArmTemplate}: {@code @secure()} params for the passwords, the app,
 * the connection as an extension resource of it ({@code scope: app}), and what the connection does on the target
 * and in the app as comments. Written by hand, not compiled here: see the README.
 */
final class BicepFile {
    private BicepFile() { }

    static String render(ConnectionExport x) {
        StringBuilder out = new StringBuilder();
        Comments.header(out, "//", x);
        out.append("// Not checked against the Bicep compiler by Switchboard: run `az bicep build` on it.\n\n");
        for (SecretInput in : x.inputs()) {
            out.append("@secure()\n@description(").append(BicepWriter.quoted(in.description())).append(")\n")
                    .append("param ").append(in.name()).append(" string\n\n");
        }
        if (x.app() != null) out.append(resource("app", x.app().id().fullType(), x.app().apiVersion(), app(x.app()))).append('\n');
        Map<String, Object> linker = new LinkedHashMap<>();
        linker.put("name", x.app() != null ? x.linker().name() : String.join("/", x.linker().names()));
        if (x.app() != null) linker.put("scope", new Expression("app"));
        linker.put("properties", code(x.linkerProperties()));
        Comments.targetStep(out, "//", x.targetStep());
        out.append(resource("connection", x.linkerType(), ConnectionExport.LINKER_API_VERSION, linker));
        return out.toString();
    }

    private static Map<String, Object> app(ConnectionExport.App app) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", app.id().name());
        body.put("location", app.location());
        if (!app.tags().isEmpty()) body.put("tags", app.tags());
        body.put("identity", app.identity());
        body.put("properties", code(app.properties()));
        return body;
    }

    private static String resource(String symbol, String type, String apiVersion, Map<String, Object> body) {
        return "resource " + symbol + " " + BicepWriter.quoted(type + "@" + apiVersion) + " = " + BicepWriter.expression(body, 0) + "\n";
    }

    /** Inputs become references to their params. */
    private static Object code(Object tree) {
        return Trees.map(tree, leaf -> leaf instanceof SecretInput in ? new Expression(in.name()) : leaf);
    }
}
