package dev.switchboard.core.kinds.mqtt;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The MQTT topic filters Switchboard accepts in a connection's scope, and MQTT's matching rule. Stricter than the
 * MQTT specification on purpose: a filter reaches the broker inside dynamic-security ACLs and apps' configuration,
 * so it must be unambiguous there too.
 * <ul>
 *   <li>1 to {@value #MAX_BYTES} UTF-8 bytes of well-formed Unicode;</li>
 *   <li>{@code +} and {@code #} only as a whole level, {@code #} only as the last level (MQTT's rules);</li>
 *   <li>not starting with {@code $}: {@code $SYS} and {@code $CONTROL} (where the dynamic-security plugin listens)
 *   are the broker's own;</li>
 *   <li>no control characters, no whitespace, no {@code %} (dynamic security substitutes {@code %u}/{@code %c} in
 *   ACL patterns) and no {@code ,} (lists of filters are written comma-separated into configuration).</li>
 * </ul>
 */
public final class MqttTopicFilters {
    public static final int MAX_BYTES = 256;

    private MqttTopicFilters() { }

    /** Why {@code filter} is refused, or empty when it is acceptable. */
    public static Optional<String> problem(String filter) {
        if (filter == null || filter.isEmpty()) return Optional.of("must not be empty");
        if (filter.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) return Optional.of("is longer than " + MAX_BYTES + " UTF-8 bytes");
        if (filter.startsWith("$")) return Optional.of("must not start with '$' (reserved for the broker)");
        Optional<String> chars = characterProblem(filter);
        if (chars.isPresent()) return chars;
        String[] levels = filter.split("/", -1);
        for (int i = 0; i < levels.length; i++) {
            String level = levels[i];
            boolean wild = level.equals("+") || level.equals("#");
            if (!wild && (level.contains("+") || level.contains("#"))) {
                return Optional.of("may use '+' and '#' only as a whole level");
            }
            if (level.equals("#") && i != levels.length - 1) return Optional.of("may use '#' only as the last level");
        }
        return Optional.empty();
    }

    private static Optional<String> characterProblem(String filter) {
        for (int i = 0; i < filter.length(); ) {
            int cp = filter.codePointAt(i);
            if (Character.isSurrogate(filter.charAt(i)) && Character.charCount(cp) == 1) {
                return Optional.of("must be well-formed Unicode");
            }
            if (Character.isISOControl(cp) || Character.isWhitespace(cp) || Character.isSpaceChar(cp)
                    || Character.getType(cp) == Character.FORMAT || (cp & 0xFFFE) == 0xFFFE) {
                return Optional.of("must not contain control characters or whitespace");
            }
            if (cp == '%' || cp == ',') return Optional.of("must not contain '%' or ','");
            i += Character.charCount(cp);
        }
        return Optional.empty();
    }

    /** Whether {@code topic} (a topic name, no wildcards) matches {@code filter} by MQTT's rules. */
    public static boolean matches(String filter, String topic) {
        if (topic.startsWith("$") && !filter.startsWith("$")) return false;
        String[] f = filter.split("/", -1);
        String[] t = topic.split("/", -1);
        for (int i = 0; i < f.length; i++) {
            if (f[i].equals("#")) return true;
            if (i >= t.length) return false;
            if (!f[i].equals("+") && !f[i].equals(t[i])) return false;
        }
        return f.length == t.length;
    }
}
