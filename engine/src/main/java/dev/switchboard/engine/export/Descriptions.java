package dev.switchboard.engine.export;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The side effects of a connection as plain data, for the places each format has for documentation (ARM
 * {@code metadata}, a Terraform {@code terraform_data} input, a Kubernetes ConfigMap): the step on the target, the
 * settings projected into the app, the secret inputs. Secret-free by construction: it reads only the model.
 */
final class Descriptions {
    private Descriptions() { }

    static Map<String, Object> of(ConnectionExport x) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("connection", x.linker().toString());
        m.put("targetStep", step(x.targetStep()));
        m.put("projectedSettings", settings(x.settings()));
        m.put("secretInputs", x.inputs().stream().map(in -> pair("name", in.name(), "description", in.description())).toList());
        if (x.vaultId() != null) m.put("keyVault", x.vaultId());
        m.put("roleAssignments", roleAssignments(x));
        return m;
    }

    static Map<String, Object> step(ConnectionExport.TargetStep s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("description", s.describe());
        m.put("kind", s.kind());
        m.put("server", String.valueOf(s.server()));
        m.put("target", String.valueOf(s.target()));
        m.put("login", s.login());
        if (!s.attributes().isEmpty()) m.put("attributes", s.attributes());
        m.put("grants", s.grants());
        return m;
    }

    static List<Map<String, Object>> settings(List<ConnectionExport.Setting> settings) {
        return settings.stream().map(s -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", s.name());
            m.put("secret", s.secret());
            m.put("delivery", s.file() ? "serviceBinding file" : "environment");
            if (s.description() != null) m.put("description", s.description());
            m.put(s.secret() ? "shape" : "value", s.value());
            return m;
        }).toList();
    }

    /** Identity-based auth would need one on the target for the app's principal; a password login needs none. */
    private static String roleAssignments(ConnectionExport x) {
        Object authType = Trees.copyObject(x.linkerProperties().get("authInfo")).get("authType");
        return "secret".equals(authType) ? "none: the connection logs in with its own login and password, not the app's identity"
                : "the app's identity must be granted access to " + x.targetStep().target();
    }

    private static Map<String, Object> pair(String k1, Object v1, String k2, Object v2) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(k1, v1);
        m.put(k2, v2);
        return m;
    }
}
