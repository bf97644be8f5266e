package dev.switchboard.engine.export;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Terraform (HCL) for the azapi provider: a sensitive variable per password, the app ({@code azapi_resource} with
 * its identity block), the connection resource under it, and two {@code terraform_data} resources that carry, as
 * data a plan shows, what the connection does on the target (the login and its grants) and in the app (settings).
 */
final class TerraformFile {
    private TerraformFile() { }

    static String render(ConnectionExport x) {
        StringBuilder out = new StringBuilder();
        Comments.header(out, "#", x);
        out.append("\nterraform {\n  required_providers {\n    azapi = {\n      source = \"Azure/azapi\"\n    }\n  }\n}\n");
        for (SecretInput in : x.inputs()) {
            out.append("\nvariable ").append(HclWriter.quoted(in.snakeName())).append(" {\n  type        = string\n")
                    .append("  sensitive   = true\n  description = ").append(HclWriter.quoted(in.description())).append("\n}\n");
        }
        if (x.app() != null) out.append('\n').append(app(x.app()));
        out.append('\n');
        Comments.targetStep(out, "#", x.targetStep());
        out.append(connection(x));
        out.append('\n').append(data("target_login", Descriptions.step(x.targetStep())));
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("description", "Settings the connection writes into its app; they are not the app's own");
        settings.put("settings", Descriptions.settings(x.settings()));
        out.append('\n').append(data("app_settings", settings));
        return out.toString();
    }

    private static String app(ConnectionExport.App app) {
        StringBuilder r = new StringBuilder("resource \"azapi_resource\" \"app\" {\n");
        attribute(r, "type", app.id().fullType() + "@" + app.apiVersion());
        attribute(r, "name", app.id().name());
        attribute(r, "parent_id", app.id().resourceGroupId().toString());
        attribute(r, "location", app.location());
        if (!app.tags().isEmpty()) attribute(r, "tags", app.tags());
        if (app.hasIdentity()) {
            r.append("  identity {\n    type = ").append(HclWriter.quoted(app.identityType().replaceAll(",\\s*", ", "))).append('\n');
            if (app.identity().get("userAssignedIdentities") instanceof Map<?, ?> ids) {
                r.append("    identity_ids = ").append(HclWriter.expression(List.copyOf(ids.keySet()), 2)).append('\n');
            }
            r.append("  }\n");
        }
        attribute(r, "body", Map.of("properties", code(app.properties())));
        return r.append("}\n").toString();
    }

    private static String connection(ConnectionExport x) {
        StringBuilder r = new StringBuilder("resource \"azapi_resource\" \"connection\" {\n");
        attribute(r, "type", x.linkerType() + "@" + ConnectionExport.LINKER_API_VERSION);
        attribute(r, "name", x.linker().name());
        attribute(r, "parent_id", x.app() != null ? new Expression("azapi_resource.app.id") : x.linker().parent().toString());
        attribute(r, "body", Map.of("properties", code(x.linkerProperties())));
        return r.append("}\n").toString();
    }

    private static String data(String name, Map<String, Object> input) {
        StringBuilder r = new StringBuilder("resource \"terraform_data\" \"" + name + "\" {\n");
        attribute(r, "input", input);
        attribute(r, "depends_on", List.of(new Expression("azapi_resource.connection")));
        return r.append("}\n").toString();
    }

    private static void attribute(StringBuilder r, String name, Object value) {
        r.append("  ").append(name).append(" = ").append(HclWriter.expression(value, 1)).append('\n');
    }

    /** Inputs become references to their variables. */
    private static Object code(Object tree) {
        return Trees.map(tree, leaf -> leaf instanceof SecretInput in ? new Expression("var." + in.snakeName()) : leaf);
    }
}
