package dev.switchboard.engine.export;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Kubernetes YAML: a ServiceAccount for the app's identity (when it has one), a ConfigMap with the settings that
 * hold no secret, a strategic-merge patch of the app's Deployment that takes every setting from that ConfigMap or,
 * for the ones holding the password, from a Secret the user creates ({@code secretKeyRef}; never emitted), and a
 * ConfigMap describing the connection and the login it makes on the target.
 */
final class KubernetesManifests {
    static final String PREFIX = "switchboard.dev/";
    static final String BINDING_ROOT = "/bindings";

    private KubernetesManifests() { }

    static String render(ConnectionExport x) {
        Names n = Names.of(x);
        List<Map<String, Object>> docs = new ArrayList<>();
        if (x.app() != null && x.app().hasIdentity()) docs.add(serviceAccount(x, n));
        docs.add(K8sDocs.configMap(n.config(), x, KubernetesEnv.plainData(x.settings())));
        if (x.app() != null) docs.add(KubernetesEnv.deploymentPatch(x, n));
        docs.add(K8sDocs.configMap(n.description(), x, K8sDocs.description(x)));
        StringBuilder out = new StringBuilder();
        Comments.header(out, "#", x);
        secretHelp(out, x, n);
        for (Map<String, Object> d : docs) out.append("---\n").append(YamlWriter.document(d));
        return out.toString();
    }

    /** What the user must create: the Secrets, with each key's shape (its password as a placeholder). */
    private static void secretHelp(StringBuilder out, ConnectionExport x, Names n) {
        KubernetesEnv.secrets(x.settings(), n).forEach((name, held) -> {
            out.append("# Create Secret ").append(name).append(" before applying (it is not part of this export), e.g.:\n")
                    .append("#   kubectl create secret generic ").append(name);
            for (ConnectionExport.Setting s : held) {
                out.append(" \\\n#     --from-literal='").append(KubernetesEnv.secretKey(s)).append("=")
                        .append(s.value().replaceAll("\\p{Cntrl}", " ")).append("'");
            }
            out.append('\n');
        });
        if (x.app() != null) out.append("# Then patch your Deployment: kubectl patch deployment ").append(n.app())
                .append(" --type strategic --patch-file <the Deployment document below>\n");
    }

    private static Map<String, Object> serviceAccount(ConnectionExport x, Names n) {
        Map<String, Object> annotations = new LinkedHashMap<>();
        annotations.put(PREFIX + "identity-type", x.app().identityType());
        Map<String, Object> metadata = K8sDocs.metadata(n.app(), x, annotations);
        metadata.put("labels", Map.of("azure.workload.identity/use", "true"));
        Map<String, Object> sa = new LinkedHashMap<>();
        sa.put("apiVersion", "v1");
        sa.put("kind", "ServiceAccount");
        sa.put("metadata", metadata);
        return sa;
    }

    /** DNS-1123 names of the objects: the app's, the settings' ConfigMap, the Secret, the description. */
    record Names(String app, String config, String secret, String bindingSecret, String description) {
        static Names of(ConnectionExport x) {
            String app = dns(x.app() == null ? "connector" : x.app().id().name(), 63);
            String base = dns(app + "-" + x.linker().name(), 48);
            return new Names(app, base, base + "-secret", base + "-binding", base + "-switchboard");
        }

        static String dns(String s, int max) {
            String d = s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]+", "-").replaceAll("^-+|-+$", "");
            d = d.length() > max ? d.substring(0, max).replaceAll("-+$", "") : d;
            return d.isEmpty() ? "x" : d;
        }
    }
}
