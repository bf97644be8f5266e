package dev.switchboard.providers.mqtt;

import dev.switchboard.core.kinds.mqtt.MqttTopicFilters;
import dev.switchboard.core.target.AccessScope;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A concrete topic for validation that one publish filter allows and one subscribe filter matches: the two
 * filters are walked level by level, a {@code +} takes the other's level (or a unique word when both are
 * {@code +}), a {@code #} takes the rest of the other filter. The result is checked against both filters with
 * MQTT's matching rule, so a wrong merge can only mean "no overlap", never a topic outside the scope.
 */
record ProbeTopic(String topic, String publishFilter, String subscribeFilter) {

    static Optional<ProbeTopic> find(AccessScope.Subjects scope, String unique) {
        for (String p : scope.publish()) {
            for (String s : scope.subscribe()) {
                Optional<String> t = merge(p, s, unique);
                if (t.isPresent() && MqttTopicFilters.matches(p, t.get()) && MqttTopicFilters.matches(s, t.get())) {
                    return Optional.of(new ProbeTopic(t.get(), p, s));
                }
            }
        }
        return Optional.empty();
    }

    /** A topic {@code filter} matches: its {@code +} levels and a trailing {@code #} become {@code unique}. */
    static String concrete(String filter, String unique) {
        List<String> out = new ArrayList<>();
        for (String level : filter.split("/", -1)) out.add(level.equals("+") || level.equals("#") ? unique : level);
        return String.join("/", out);
    }

    private static Optional<String> merge(String p, String s, String unique) {
        String[] a = p.split("/", -1);
        String[] b = s.split("/", -1);
        List<String> out = new ArrayList<>();
        for (int i = 0; ; i++) {
            String x = i < a.length ? a[i] : null;
            String y = i < b.length ? b[i] : null;
            if (x == null && y == null) break;
            if ("#".equals(x) && "#".equals(y)) { out.add(unique); break; }
            if ("#".equals(x)) { rest(b, i, unique, out); break; }
            if ("#".equals(y)) { rest(a, i, unique, out); break; }
            if (x == null || y == null) return Optional.empty();
            if (x.equals("+") && y.equals("+")) out.add(unique);
            else if (x.equals("+")) out.add(y);
            else if (y.equals("+") || x.equals(y)) out.add(x);
            else return Optional.empty();
        }
        return Optional.of(String.join("/", out));
    }

    private static void rest(String[] levels, int from, String unique, List<String> out) {
        for (int i = from; i < levels.length; i++) out.add(levels[i].equals("+") || levels[i].equals("#") ? unique : levels[i]);
    }
}
