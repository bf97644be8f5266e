package dev.switchboard.server.leak;

import com.fasterxml.jackson.core.io.JsonStringEncoder;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The spellings a secret may leak in: as it is, JSON-escaped (a value inside a JSON string), URL-encoded (a query
 * or form value; also with {@code %20} for a space) and base64 (standard and URL-safe, of the secret alone: base64
 * of a longer text holding the secret is not found, its alignment varies). Indexed by the first {@link #MIN_LENGTH}
 * characters, so a line is scanned once whatever the number of secrets.
 */
final class SecretForms {
    /** Shorter secrets are not tracked: they would match innocent text. */
    static final int MIN_LENGTH = 8;

    record Form(String text, String secret, String source, String kind) { }

    private final Map<String, List<Form>> byPrefix = new HashMap<>();

    SecretForms(Map<String, String> secretsToSource) {
        secretsToSource.forEach((secret, source) -> spellings(secret).forEach((text, kind) -> {
            if (text.length() >= MIN_LENGTH) {
                byPrefix.computeIfAbsent(text.substring(0, MIN_LENGTH), k -> new ArrayList<>()).add(new Form(text, secret, source, kind));
            }
        }));
    }

    /** Spelling → kind; a spelling equal to an earlier one (a secret of letters and digits) is listed once. */
    static Map<String, String> spellings(String secret) {
        Map<String, String> out = new LinkedHashMap<>();
        out.put(secret, "as is");
        out.putIfAbsent(new String(JsonStringEncoder.getInstance().quoteAsString(secret)), "JSON-escaped");
        String url = URLEncoder.encode(secret, StandardCharsets.UTF_8);
        out.putIfAbsent(url, "URL-encoded");
        out.putIfAbsent(url.replace("+", "%20"), "URL-encoded");
        byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
        out.putIfAbsent(Base64.getEncoder().withoutPadding().encodeToString(bytes), "base64");
        out.putIfAbsent(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes), "base64url");
        return out;
    }

    /** Every form found in {@code line}, each once. */
    List<Form> findIn(String line) {
        List<Form> found = new ArrayList<>();
        for (int i = 0; i + MIN_LENGTH <= line.length(); i++) {
            List<Form> candidates = byPrefix.get(line.substring(i, i + MIN_LENGTH));
            if (candidates == null) continue;
            for (Form f : candidates) {
                if (line.startsWith(f.text(), i) && !found.contains(f)) found.add(f);
            }
        }
        return found;
    }

    boolean isEmpty() {
        return byPrefix.isEmpty();
    }
}
