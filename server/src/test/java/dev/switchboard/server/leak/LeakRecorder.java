package dev.switchboard.server.leak;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.core.secret.VaultSecretUri;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * What the tests' HTTP helpers call on every request and answer: secrets found in request bodies and in the
 * answers allowed to show them (listConfigurations, generateConfigurations, a token's creation) go to
 * {@link LeakFiles#SECRETS}; every other answer goes to {@link LeakFiles#RESPONSES}.
 */
public final class LeakRecorder {
    /** The only answers that may hold secret values (Contributor actions, README "Access"). */
    private static final Pattern SECRET_READS = Pattern.compile(".*/(listConfigurations|generateConfigurations)/?$");
    /** A token's value is shown once, in the answer that creates it (README "Access"). */
    private static final Pattern TOKEN = Pattern.compile("(?i).*/providers/Switchboard\\.Access/tokens/[^/]+/?$");
    private static final Pattern PASSWORD_NAME = Pattern.compile("(?i).*password.*");
    private static final ObjectMapper JSON = new ObjectMapper();

    private LeakRecorder() {
    }

    /** A secret the suite created or learned; {@code source} says where, for the report. */
    public static void secret(String value, String source) {
        if (value == null || value.isEmpty()) return;
        ObjectNode line = JsonNodeFactory.instance.objectNode().put("value", value).put("source", source);
        LeakFiles.append(LeakFiles.SECRETS, line + "\n");
    }

    /** A request about to be sent: the secrets its body carries. */
    public static void request(String method, URI uri, String body) {
        JsonNode parsed = parse(body);
        if (parsed == null) return;
        RequestSecrets.find(uri.getPath(), parsed).forEach(s -> secret(s.value(), method + " " + uri.getPath() + " " + s.where()));
    }

    /** An answer received: recorded for the scan, or, for the allowed secret reads, mined for the secrets it shows. */
    public static void response(String method, URI uri, int status, String headers, String body) {
        String path = uri.getPath();
        if (SECRET_READS.matcher(path).matches()) {
            learn(path, parse(body));
            return;
        }
        JsonNode token = method.equals("PUT") && TOKEN.matcher(path).matches() ? parse(body) : null;
        if (token != null && token.at("/properties/token").isTextual()) {
            secret(token.at("/properties/token").asText(), "token created by PUT " + path);
            return;
        }
        LeakFiles.append(LeakFiles.RESPONSES, LeakFiles.RESPONSE_HEADER + method + " " + path + " " + status + " " + headers
                + "\n" + (body == null ? "" : body) + "\n");
    }

    /** Output a user sees that is not an HTTP answer (the CLI's), scanned like one. */
    public static void output(String label, String text) {
        LeakFiles.append(LeakFiles.RESPONSES, LeakFiles.RESPONSE_HEADER + label + "\n" + text + "\n");
    }

    /** The log of a server that ran as its own process, appended to {@link LeakFiles#PROCESS_LOGS} under a header line. */
    public static void processLog(Path log, String label) {
        try {
            String text = Files.exists(log) ? new String(Files.readAllBytes(log), StandardCharsets.UTF_8) : "(no log)";
            LeakFiles.append(LeakFiles.PROCESS_LOGS, "=== " + label + "\n" + text + (text.endsWith("\n") ? "" : "\n"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void learn(String path, JsonNode body) {
        if (body == null) return;
        for (JsonNode c : body.path("configurations")) {
            String value = c.path("value").asText();
            // A vault-backed password is delivered as the secret's URI (configType KeyVaultSecret): an address, no secret.
            if (PASSWORD_NAME.matcher(c.path("name").asText()).matches() && VaultSecretUri.parse(value).isEmpty()) {
                secret(value, "read back by " + path + " (" + c.path("name").asText() + ")");
            }
        }
    }

    private static JsonNode parse(String body) {
        if (body == null || body.isBlank()) return null;
        try {
            return JSON.readTree(body);
        } catch (Exception notJson) {
            return null; // the bad-input tests send broken JSON on purpose: it carries no secret we track
        }
    }
}
