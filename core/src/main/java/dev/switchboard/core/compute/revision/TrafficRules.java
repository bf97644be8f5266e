package dev.switchboard.core.compute.revision;

import dev.switchboard.core.failure.TerminalFailure;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads and checks {@code configuration.ingress.traffic}: the shape, weights that sum to 100, distinct labels. */
public final class TrafficRules {
    public static final String FIELD = "properties.configuration.ingress.traffic";
    private static final Pattern LABEL = Pattern.compile("[a-z][a-z0-9-]{0,31}");

    private TrafficRules() { }

    /** The rules of an app's {@code configuration} (empty when it has none: all traffic to the newest revision). */
    public static List<TrafficRule> read(Map<?, ?> configuration) {
        Object ingress = configuration == null ? null : configuration.get("ingress");
        Object raw = ingress instanceof Map<?, ?> m ? m.get("traffic") : null;
        if (raw == null) return List.of();
        if (!(raw instanceof List<?> list)) throw TerminalFailure.invalidField(FIELD, "must be an array");
        List<TrafficRule> rules = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) rules.add(rule(list.get(i), FIELD + "[" + i + "]"));
        if (!rules.isEmpty()) checkTotal(rules);
        checkLabels(rules);
        return List.copyOf(rules);
    }

    /** Every rule that names a revision must name one of {@code known}: a 400 naming the entry otherwise. */
    public static void checkNames(List<TrafficRule> rules, Set<String> known) {
        for (int i = 0; i < rules.size(); i++) {
            String name = rules.get(i).revisionName();
            if (name != null && !known.contains(name)) {
                throw TerminalFailure.badRequest("RevisionNotFound", FIELD + "[" + i + "].revisionName", "traffic names revision '"
                        + name + "', which this app does not have; known: " + (known.isEmpty() ? "none" : String.join(", ", known.stream().sorted().toList())));
            }
        }
    }

    private static TrafficRule rule(Object o, String field) {
        if (!(o instanceof Map<?, ?> m)) throw TerminalFailure.invalidField(field, "must be an object");
        Object name = m.get("revisionName");
        Object latest = m.get("latestRevision");
        if (name != null && !(name instanceof String)) throw TerminalFailure.invalidField(field + ".revisionName", "must be a string");
        if (latest != null && !(latest instanceof Boolean)) throw TerminalFailure.invalidField(field + ".latestRevision", "must be true or false");
        boolean isLatest = Boolean.TRUE.equals(latest);
        if (isLatest == (name != null)) {
            throw TerminalFailure.badRequest("InvalidTrafficRule", field, "each traffic entry sends to exactly one of"
                    + " revisionName or latestRevision: true");
        }
        return new TrafficRule((String) name, isLatest, weight(m.get("weight"), field + ".weight"), label(m.get("label"), field + ".label"));
    }

    private static int weight(Object raw, String field) {
        if (raw == null) throw TerminalFailure.missingField(field);
        if (!(raw instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue()) || n.intValue() < 0 || n.intValue() > 100) {
            throw TerminalFailure.invalidField(field, "must be a whole number from 0 to 100");
        }
        return n.intValue();
    }

    private static String label(Object raw, String field) {
        if (raw == null) return null;
        if (!(raw instanceof String s) || !LABEL.matcher(s).matches()) {
            throw TerminalFailure.invalidField(field, "must be 1-32 characters of lower-case letters, digits and '-', starting with a letter");
        }
        return s;
    }

    private static void checkTotal(List<TrafficRule> rules) {
        int total = rules.stream().mapToInt(TrafficRule::weight).sum();
        if (total != 100) {
            throw TerminalFailure.badRequest("InvalidTrafficWeights", FIELD, "the traffic weights must sum to 100, not " + total);
        }
    }

    private static void checkLabels(List<TrafficRule> rules) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < rules.size(); i++) {
            String label = rules.get(i).label();
            if (label != null && !seen.add(label)) {
                throw TerminalFailure.badRequest("DuplicateTrafficLabel", FIELD + "[" + i + "].label", "label '" + label + "' is used twice");
            }
        }
    }
}
