package dev.switchboard.server.api;

import dev.switchboard.core.compute.AppObservation;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** A revision as the API shows it: what is stored, plus how its processes run now. */
final class RevisionViews {
    private RevisionViews() { }

    @SuppressWarnings("unchecked")
    static Map<String, Object> withLiveState(Map<String, Object> view, Optional<AppObservation> observed, int ingressPort) {
        Map<String, Object> p = new LinkedHashMap<>((Map<String, Object>) view.getOrDefault("properties", Map.of()));
        p.put("runningState", runningState(p, observed));
        p.put("replicas", observed.map(o -> (int) o.replicas().stream().filter(AppObservation.Replica::alive).count()).orElse(0));
        // Every revision has an address of its own, beside the app's, as a revision-specific FQDN gives in the cloud.
        if (ingressPort > 0) p.put("fqdn", "127.0.0.1:" + ingressPort);
        view.put("properties", p);
        return view;
    }

    private static String runningState(Map<String, Object> p, Optional<AppObservation> observed) {
        if ("Failed".equals(p.get("provisioningState"))) return "Failed";
        if (!Boolean.TRUE.equals(p.get("active")) || observed.isEmpty()) return "Stopped";
        String state = observed.get().state().name();
        return switch (state) {
            case "RUNNING" -> "Running";
            case "STARTING" -> "Processing";
            case "STOPPED" -> "Stopped";
            case "CRASH_LOOP_BACKOFF" -> "CrashLoopBackOff";
            default -> "Degraded";
        };
    }
}
