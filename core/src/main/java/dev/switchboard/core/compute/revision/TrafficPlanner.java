package dev.switchboard.core.compute.revision;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Who gets requests, as a pure function of the mode, the rules and the revisions (oldest first). A revision that
 * does not serve (stopped, or failed its smoke test) never gets a share: what a rule gives it goes to the newest
 * revision that serves, so traffic stays on the last good one.
 */
public final class TrafficPlanner {
    private TrafficPlanner() { }

    /** Weights by revision name for every revision (0 for those without traffic); all 0 when none serves. */
    public static Map<String, Integer> plan(RevisionMode mode, List<TrafficRule> rules, List<RevisionView> revisions) {
        Map<String, Integer> weights = new LinkedHashMap<>();
        revisions.forEach(r -> weights.put(r.name(), 0));
        Optional<String> latest = latestServing(revisions);
        if (latest.isEmpty()) return weights;
        if (mode == RevisionMode.SINGLE || rules.isEmpty()) {
            weights.put(latest.get(), 100);
            return weights;
        }
        for (TrafficRule rule : rules) {
            String target = rule.target(latest.get());
            String to = serves(revisions, target) ? target : latest.get();
            weights.merge(to, rule.weight(), Integer::sum);
        }
        return weights;
    }

    /** The newest revision that runs and passed its smoke test. */
    public static Optional<String> latestServing(List<RevisionView> revisions) {
        for (int i = revisions.size() - 1; i >= 0; i--) {
            if (revisions.get(i).canServe()) return Optional.of(revisions.get(i).name());
        }
        return Optional.empty();
    }

    /** The revision each label names now (labels on rules whose revision does not serve follow the traffic). */
    public static Map<String, String> labels(List<TrafficRule> rules, List<RevisionView> revisions) {
        Map<String, String> out = new LinkedHashMap<>();
        Optional<String> latest = latestServing(revisions);
        if (latest.isEmpty()) return out;
        for (TrafficRule rule : rules) {
            if (rule.label() == null) continue;
            String target = rule.target(latest.get());
            out.put(rule.label(), serves(revisions, target) ? target : latest.get());
        }
        return out;
    }

    private static boolean serves(List<RevisionView> revisions, String name) {
        return revisions.stream().anyMatch(r -> r.name().equals(name) && r.canServe());
    }
}
