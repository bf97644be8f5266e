package dev.switchboard.core.kinds.nats;

import dev.switchboard.core.failure.Echo;
import dev.switchboard.core.failure.TerminalFailure;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The subjects a NATS connection may publish to and subscribe to, read from the linker's {@code properties.access}
 * object and checked strictly, so that every subject that reaches the server's configuration file is a plain
 * sequence of tokens and cannot break out of a quoted string.
 *
 * <ul>
 *   <li>{@code access.publish}: a subject or a list of subjects; default {@code <linker>.>} (everything under a
 *   namespace named after the connection, so two connections never see each other's messages by default).</li>
 *   <li>{@code access.subscribe}: likewise; default {@code <linker>.>}.</li>
 *   <li>{@code access.inbox}: boolean, default {@code true}: also allow subscribing to {@code _INBOX.>} so the app can
 *   make requests (request/reply receives its answer on an inbox). Note that an inbox subscription may also see
 *   replies meant for other clients of the account; set it to false when the app does not make requests.</li>
 * </ul>
 * A subject is 1-255 characters of dot-separated tokens; a token is {@code [A-Za-z0-9_-]+}, or {@code *} (one token),
 * or {@code >} (the rest, last token only). {@code $}-subjects (system, JetStream API) are refused. At most
 * {@value #MAX_SUBJECTS} subjects per list; duplicates are dropped; a list may be empty, not both.
 */
public final class NatsSubjects {
    public static final int MAX_LENGTH = 255;
    public static final int MAX_SUBJECTS = 32;
    public static final String INBOX = "_INBOX.>";
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]+");

    private NatsSubjects() { }

    /** Whether {@code subject} is a subject (with wildcards) as described above. */
    public static boolean valid(String subject) {
        if (subject == null || subject.isEmpty() || subject.length() > MAX_LENGTH) return false;
        String[] tokens = subject.split("\\.", -1);
        for (int i = 0; i < tokens.length; i++) {
            String t = tokens[i];
            boolean ok = TOKEN.matcher(t).matches() || t.equals("*") || (t.equals(">") && i == tokens.length - 1);
            if (!ok) return false;
        }
        return true;
    }

    /** The default namespace token of a connection: its linker name with anything but [A-Za-z0-9_-] replaced by '_'. */
    public static String defaultSubject(String linkerName) {
        String token = linkerName == null ? "" : linkerName.replaceAll("[^A-Za-z0-9_-]", "_");
        if (token.isEmpty()) token = "app";
        if (token.length() > 200) token = token.substring(0, 200);
        return token + ".>";
    }

    static List<String> list(Map<String, Object> access, String key, String fallback) {
        String field = "properties.access." + key;
        Object raw = access.containsKey(key) ? access.get(key) : fallback;
        List<Object> values = raw instanceof List<?> l ? new ArrayList<>(l) : new ArrayList<>(java.util.Collections.singletonList(raw));
        if (values.size() > MAX_SUBJECTS) {
            throw TerminalFailure.badRequest("InvalidAccess", field, field + " may list at most " + MAX_SUBJECTS + " subjects");
        }
        Set<String> out = new LinkedHashSet<>();
        for (Object v : values) {
            if (!(v instanceof String s) || !valid(s)) {
                throw TerminalFailure.badRequest("InvalidAccess", field, field + ": '" + Echo.of(String.valueOf(v))
                        + "' is not a NATS subject: use 1-" + MAX_LENGTH + " characters of dot-separated tokens of"
                        + " letters, digits, '_' and '-', '*' for one whole token, '>' as the last token");
            }
            out.add(s);
        }
        return List.copyOf(out);
    }

    static boolean inbox(Map<String, Object> access) {
        Object raw = access.getOrDefault("inbox", Boolean.TRUE);
        if (raw instanceof Boolean b) return b;
        throw TerminalFailure.badRequest("InvalidAccess", "properties.access.inbox", "properties.access.inbox must be true or false");
    }
}
