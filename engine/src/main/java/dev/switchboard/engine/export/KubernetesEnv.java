package dev.switchboard.engine.export;

import dev.switchboard.core.plan.ConfigurationDelivery;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How the connection's settings reach a Kubernetes app: environment settings without a secret from the ConfigMap,
 * the ones holding the password from the user's Secret ({@code secretKeyRef}), and servicebinding.io files from a
 * second user Secret mounted under {@code SERVICE_BINDING_ROOT} (a binding directory is one volume, so all its
 * entries live in that Secret).
 */
final class KubernetesEnv {
    private KubernetesEnv() { }

    static Map<String, Object> plainData(List<ConnectionExport.Setting> settings) {
        Map<String, Object> data = new LinkedHashMap<>();
        for (ConnectionExport.Setting s : settings) if (!s.file() && !s.secret()) data.put(secretKey(s), s.value());
        return data;
    }

    /** The Secrets the user creates, by name, with the settings each must hold. */
    static Map<String, List<ConnectionExport.Setting>> secrets(List<ConnectionExport.Setting> settings, KubernetesManifests.Names n) {
        Map<String, List<ConnectionExport.Setting>> out = new LinkedHashMap<>();
        for (ConnectionExport.Setting s : settings) {
            if (s.file()) out.computeIfAbsent(n.bindingSecret(), k -> new ArrayList<>()).add(s);
            else if (s.secret()) out.computeIfAbsent(n.secret(), k -> new ArrayList<>()).add(s);
        }
        return out;
    }

    /** A ConfigMap or Secret key: the setting's name (a binding file's entry name), anything else as '_'. */
    static String secretKey(ConnectionExport.Setting s) {
        String name = s.file() ? ConfigurationDelivery.bindingFile(s.name()) : s.name();
        name = name.substring(name.lastIndexOf('/') + 1);
        return name.replaceAll("[^-._a-zA-Z0-9]", "_");
    }

    static Map<String, Object> deploymentPatch(ConnectionExport x, KubernetesManifests.Names n) {
        Map<String, Object> annotations = new LinkedHashMap<>();
        annotations.put(KubernetesManifests.PREFIX + "patch", "a strategic-merge patch of Deployment " + n.app()
                + ": kubectl patch deployment " + n.app() + " --type strategic --patch-file <this document>");
        Map<String, List<ConnectionExport.Setting>> secrets = secrets(x.settings(), n);
        secrets.forEach((name, held) -> annotations.put(KubernetesManifests.PREFIX + "secret." + name,
                "create it yourself with keys " + String.join(", ", held.stream().map(KubernetesEnv::secretKey).toList())));
        Map<String, Object> pod = new LinkedHashMap<>();
        if (x.app().hasIdentity()) pod.put("serviceAccountName", n.app());
        boolean files = secrets.containsKey(n.bindingSecret());
        List<Object> containers = new ArrayList<>();
        for (String c : x.app().containers()) containers.add(container(c, x.settings(), n, files));
        pod.put("containers", containers);
        if (files) pod.put("volumes", List.of(Trees.object("name", "switchboard-binding", "secret", Trees.object("secretName", n.bindingSecret()))));
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("apiVersion", "apps/v1");
        d.put("kind", "Deployment");
        d.put("metadata", K8sDocs.metadata(n.app(), x, annotations));
        d.put("spec", Trees.object("template", Trees.object("spec", pod)));
        return d;
    }

    private static Map<String, Object> container(String name, List<ConnectionExport.Setting> settings, KubernetesManifests.Names n,
                                                 boolean files) {
        List<Object> env = new ArrayList<>();
        for (ConnectionExport.Setting s : settings) {
            if (s.file()) continue;
            String source = s.secret() ? "secretKeyRef" : "configMapKeyRef";
            String from = s.secret() ? n.secret() : n.config();
            env.add(Trees.object("name", s.name(), "valueFrom", Trees.object(source, Trees.object("name", from, "key", secretKey(s)))));
        }
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("name", name);
        if (files) {
            String binding = ConfigurationDelivery.bindingFile(settings.stream().filter(ConnectionExport.Setting::file)
                    .findFirst().orElseThrow().name());
            String dir = binding.substring(0, binding.indexOf('/'));
            env.add(Trees.object("name", ConfigurationDelivery.BINDING_ROOT_VARIABLE, "value", KubernetesManifests.BINDING_ROOT));
            c.put("volumeMounts", List.of(Trees.object("name", "switchboard-binding", "mountPath",
                    KubernetesManifests.BINDING_ROOT + "/" + dir, "readOnly", true)));
        }
        c.put("env", env);
        return c;
    }
}
