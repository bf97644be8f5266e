package dev.switchboard.server;

import com.fasterxml.jackson.databind.JsonNode;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Tuple;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * jqwik generators of hostile names for the API-level properties, and the checks every refusal must pass. Most
 * generated names carry the run's prefix, so whatever one of them might create on a target can be found (and
 * swept) by that fragment; the bare ones test the parsers with nothing that could be traced.
 */
final class HostileStrings {
    private HostileStrings() { }

    /** The pieces a name is glued from: syntax of SQL, ACLs, URLs, globs, subjects, JSON, and unicode that looks harmless. */
    static List<String> pieces(String prefix) {
        return List.of("a", "Z", "9", "_", "-", ".", "(", ")", "'", "\"", "\\", "\0", "\r", "\n", "\r\n", "\t", " ", "%", "%2F",
                "%00", "%2e%2e", "*", ">", "#", "+", "?", "&", "=", ";", ",", ":", "/", "$", "{", "}", "[", "]", "|", "~", "<",
                "..", "é", "e\u0301", "日本", "\u05D0\u05D1", "\u202E", "\u200D", "\u2028", "\u00A0", "\uFEFF", "\uD83D\uDE00",
                "\"; DROP ROLE postgres; --", "' OR '1'='1", "x".repeat(64), "y".repeat(120),
                "\n" + "ACL SETUSER " + prefix + "_inj on nopass +@all");
    }

    private static Arbitrary<String> body(String prefix, int maxPieces) {
        return Arbitraries.of(pieces(prefix)).list().ofMinSize(1).ofMaxSize(maxPieces).map(l -> String.join("", l));
    }

    /**
     * Mostly the prefix followed by hostile pieces; sometimes the pieces first, the pieces alone, or one of the
     * edge cases (empty, whitespace, dot segments, right at and just past a length limit).
     */
    static Arbitrary<String> names(String prefix) {
        Arbitrary<String> body = body(prefix, 5);
        Arbitrary<String> edge = Arbitraries.of("", " ", "\t", ".", "..", "%2E%2E", "%", "%zz", "*", ">", "#", "\0",
                prefix + "a".repeat(90 - prefix.length()), prefix + "a".repeat(91 - prefix.length()),
                prefix + "(" + "é".repeat(3) + ")", prefix.toUpperCase(java.util.Locale.ROOT), prefix + "-._()", "\u05D0" + prefix);
        return Arbitraries.frequencyOf(Tuple.of(6, body.map(b -> prefix + b)), Tuple.of(1, body.map(b -> b + prefix)),
                Tuple.of(1, body), Tuple.of(2, edge));
    }

    /**
     * Values for a field that holds a pattern or subject: mostly the prefix, the kind's separator, then hostile
     * pieces (so anything granted stays inside the run's namespace); sometimes hostile pieces alone.
     */
    static Arbitrary<String> values(String prefix, String separator) {
        Arbitrary<String> body = body(prefix, 4);
        return Arbitraries.frequencyOf(Tuple.of(6, body.map(b -> prefix + separator + b)), Tuple.of(2, body),
                Tuple.of(1, Arbitraries.of("", " ", "*", ">", "#", "+", ".*", "~*", "%R~*", prefix + separator + "x".repeat(260))));
    }

    /** {@link #names} that hold the prefix (in any case), so that a login made of one can be found on a shared server. */
    static Arbitrary<String> logins(String prefix) {
        return names(prefix).filter(n -> n.toLowerCase(java.util.Locale.ROOT).contains(prefix));
    }

    /** Every byte outside RFC 3986's unreserved set percent-encoded, as a careful client sends a path segment. */
    static String encode(String segment) {
        StringBuilder out = new StringBuilder();
        for (byte b : segment.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c < 0x80 && (Character.isLetterOrDigit(c) || "-._~".indexOf(c) >= 0)) out.append((char) c);
            else out.append('%').append(String.format("%02X", c));
        }
        return out.toString();
    }

    /**
     * Whether a careless client could put the segment into a request line as it is: visible ASCII, and nothing that
     * ends the path or adds a segment ({@code ? # /}).
     */
    static boolean sendableRaw(String segment) {
        return !segment.isEmpty() && segment.chars().allMatch(c -> c > 0x20 && c < 0x7f && "?#/".indexOf(c) < 0);
    }

    /**
     * A refusal: 4xx with ARM's envelope and a code, and a message that carries no control or line-separator
     * character (it may echo the input, never raw).
     */
    static JsonNode assertRefusal(int status, String body, String seen) {
        assertThat(status).as("status: %s", seen).isBetween(400, 499);
        JsonNode error;
        try {
            error = TestServer.JSON.readTree(body).path("error");
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + seen, e);
        }
        assertThat(error.path("code").asText()).as("error.code: %s", seen).isNotBlank();
        String message = error.path("message").asText();
        assertThat(message).as("error.message: %s", seen).isNotBlank();
        assertThat(message.codePoints().filter(c -> Character.isISOControl(c) || c == 0x2028 || c == 0x2029).count())
                .as("control characters echoed raw in the message: %s", seen).isZero();
        return error;
    }
}
