package dev.switchboard.server.leak;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The secret values a request body carries: {@code administratorLoginPassword} (and any {@code password}),
 * {@code secretInfo.value} when it is a raw value (a Key Vault URI or reference names a secret, it is none),
 * {@code secrets[].value} (an app's {@code configuration.secrets}) and a vault secret's {@code properties.value}.
 * In a template an ARM expression there ({@code [parameters('dbPassword')]}, as exports write) is no value but where one
 * comes from: the secret is the deployment's parameter, which the server holds and the check tracks from its store.
 */
final class RequestSecrets {
    record Found(String value, String where) { }

    private static final Pattern VAULT_SECRET = Pattern.compile("(?i).*/providers/Microsoft\\.KeyVault/vaults/[^/]+/secrets/[^/]+/?$");
    private static final Set<String> PASSWORD_KEYS = Set.of("administratorloginpassword", "password");
    private static final Set<String> NOT_RAW = Set.of("keyvaultsecreturi", "keyvaultsecretreference");

    private RequestSecrets() {
    }

    static List<Found> find(String path, JsonNode body) {
        List<Found> out = new ArrayList<>();
        if (VAULT_SECRET.matcher(path).matches()) add(out, body.at("/properties/value"), "properties.value");
        walk(body, "", out);
        return out;
    }

    private static void walk(JsonNode node, String at, List<Found> out) {
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) walk(node.get(i), at + "[" + i + "]", out);
            return;
        }
        if (!node.isObject()) return;
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            String key = e.getKey();
            String here = at.isEmpty() ? key : at + "." + key;
            JsonNode v = e.getValue();
            if (PASSWORD_KEYS.contains(key.toLowerCase())) add(out, v, here);
            else if (key.equals("secretInfo") && !NOT_RAW.contains(v.path("secretType").asText().toLowerCase())) {
                add(out, v.path("value"), here + ".value");
            } else if (key.equals("secrets") && v.isArray()) {
                for (int i = 0; i < v.size(); i++) add(out, v.get(i).path("value"), here + "[" + i + "].value");
            }
            walk(v, here, out);
        }
    }

    private static void add(List<Found> out, JsonNode value, String where) {
        if (value.isTextual() && !value.asText().isEmpty() && !isExpression(value.asText())) out.add(new Found(value.asText(), where));
    }

    private static boolean isExpression(String s) {
        return s.startsWith("[") && !s.startsWith("[[") && s.endsWith("]");
    }
}
