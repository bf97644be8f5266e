package dev.switchboard.engine.export;

import java.util.LinkedHashMap;
import java.util.Map;

/** The Kubernetes objects' common parts: metadata with Switchboard's annotations, ConfigMaps, the description. */
final class K8sDocs {
    private K8sDocs() { }

    static Map<String, Object> metadata(String name, ConnectionExport x, Map<String, Object> annotations) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put(KubernetesManifests.PREFIX + "connection", x.linker().toString());
        a.putAll(annotations);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("annotations", a);
        return m;
    }

    static Map<String, Object> configMap(String name, ConnectionExport x, Map<String, Object> data) {
        Map<String, Object> metadata = metadata(name, x, Map.of());
        metadata.put("labels", Map.of("app.kubernetes.io/managed-by", "switchboard"));
        Map<String, Object> cm = new LinkedHashMap<>();
        cm.put("apiVersion", "v1");
        cm.put("kind", "ConfigMap");
        cm.put("metadata", metadata);
        cm.put("data", data);
        return cm;
    }

    /**
     * What the connection is and does, as a ConfigMap's data: its resource (properties as a template writes them,
     * secret inputs as placeholders), the step on the target and the settings, each as JSON text.
     */
    static Map<String, Object> description(ConnectionExport x) {
        Object properties = Trees.map(x.linkerProperties(), leaf -> leaf instanceof SecretInput in
                ? "<secret input " + in.name() + ">" : leaf);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("description", x.targetStep().describe());
        data.put("connection.json", JsonWriter.write(properties));
        data.put("target-step.json", JsonWriter.write(Descriptions.step(x.targetStep())));
        data.put("settings.json", JsonWriter.write(Descriptions.settings(x.settings())));
        return data;
    }
}
