package dev.switchboard.engine.export;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An ARM deployment template: the app (identity included) and the connection resource, whose deployment makes the
 * login, the grants and the settings again; each password a {@code secureString} parameter; what the connection
 * does on the target and in the app described in the template's {@code metadata} (never evaluated) and in the
 * connection's {@code comments}. No outputs: nothing secret can leave a deployment through them.
 */
final class ArmTemplate {
    static final String SCHEMA = "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#";

    private ArmTemplate() { }

    static String render(ConnectionExport x) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("$schema", SCHEMA);
        t.put("contentVersion", "1.0.0.0");
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("description", "Exported by Switchboard from connection " + x.linker() + ". Deploy it into resource group "
                + x.linker().resourceGroup() + "; give every securestring parameter at deploy time.");
        metadata.put("switchboard", Descriptions.of(x));
        t.put("metadata", metadata);
        Map<String, Object> parameters = new LinkedHashMap<>();
        for (SecretInput in : x.inputs()) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("type", "securestring");
            p.put("metadata", Map.of("description", in.description()));
            parameters.put(in.name(), p);
        }
        t.put("parameters", parameters);
        List<Object> resources = new ArrayList<>();
        if (x.app() != null) resources.add(app(x.app()));
        resources.add(linker(x));
        t.put("resources", resources);
        return JsonWriter.write(t);
    }

    private static Map<String, Object> app(ConnectionExport.App app) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("type", app.id().fullType());
        r.put("apiVersion", app.apiVersion());
        r.put("name", app.id().name());
        r.put("location", app.location());
        if (!app.tags().isEmpty()) r.put("tags", literal(app.tags()));
        r.put("identity", literal(app.identity()));
        r.put("properties", literal(app.properties()));
        return r;
    }

    private static Map<String, Object> linker(ConnectionExport x) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("type", x.linkerType());
        r.put("apiVersion", ConnectionExport.LINKER_API_VERSION);
        if (x.app() != null) {
            String app = x.app().id().fullType() + "/" + x.app().id().name();
            r.put("name", x.linker().name());
            r.put("scope", app);
            r.put("dependsOn", List.of("[resourceId('" + x.app().id().fullType() + "', '" + x.app().id().name() + "')]"));
        } else {
            r.put("name", String.join("/", x.linker().names()));
        }
        r.put("comments", x.targetStep().describe());
        r.put("properties", literal(x.linkerProperties()));
        return r;
    }

    /** A tree written for ARM: inputs become parameter references, and a string that starts with '[' is escaped. */
    private static Object literal(Object tree) {
        return Trees.map(tree, leaf -> switch (leaf) {
            case SecretInput in -> "[parameters('" + in.name() + "')]";
            case String s when s.startsWith("[") -> "[" + s;
            default -> leaf;
        });
    }
}
