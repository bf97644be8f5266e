package dev.switchboard.engine.revisions;

import dev.switchboard.core.compute.revision.RevisionView;
import dev.switchboard.core.id.ResourceId;
import dev.switchboard.core.store.StoredResource;
import dev.switchboard.engine.Json;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One revision as stored: a child resource {@code {app}/revisions/{app}--{suffix}} in Container Apps' shape, plus
 * (under {@link #INTERNAL}, never shown) the digest of what it runs and its sequence number. Immutable: every
 * change is a new record through one of the {@code with…} methods.
 *
 * @param fingerprint digest of the spec the revision runs (template and connection settings): equal digests mean
 *                    the same processes, so no new revision is needed
 * @param health      Healthy once its smoke test passed, Unhealthy when it failed, None before
 * @param reason      why it failed (readiness, or which connection failed which check); null otherwise
 */
public record RevisionRecord(ResourceId id, long sequence, Instant createdTime, String fingerprint,
                             Map<String, Object> template, boolean active, String health, String provisioning,
                             String reason, int trafficWeight, List<String> labels) {
    /** The stored body's key for what only Switchboard reads; the API's views leave it out. */
    public static final String INTERNAL = "switchboard";
    public static final String HEALTHY = "Healthy";
    public static final String UNHEALTHY = "Unhealthy";

    public RevisionRecord {
        template = template == null ? Map.of() : template;
        labels = labels == null ? List.of() : List.copyOf(labels);
    }

    static RevisionRecord fresh(ResourceId id, long sequence, Instant now, String fingerprint, Map<String, Object> template) {
        return new RevisionRecord(id, sequence, now, fingerprint, template, true, "None", "Provisioning", null, 0, List.of());
    }

    public String name() { return id.name(); }

    public boolean healthy() { return HEALTHY.equals(health); }

    public RevisionView view() { return new RevisionView(name(), active, healthy()); }

    RevisionRecord passed() {
        return new RevisionRecord(id, sequence, createdTime, fingerprint, template, true, HEALTHY, "Provisioned", null, trafficWeight, labels);
    }

    RevisionRecord failed(String why) {
        return new RevisionRecord(id, sequence, createdTime, fingerprint, template, false, UNHEALTHY, "Failed", why, 0, List.of());
    }

    RevisionRecord withActive(boolean on) {
        return new RevisionRecord(id, sequence, createdTime, fingerprint, template, on, health, provisioning, reason,
                on ? trafficWeight : 0, on ? labels : List.of());
    }

    RevisionRecord withTraffic(int weight, List<String> newLabels) {
        return new RevisionRecord(id, sequence, createdTime, fingerprint, template, active, health, provisioning, reason, weight, newLabels);
    }

    /** The body as stored and shown (less {@link #INTERNAL}). {@code runningState} is added live by the API. */
    Map<String, Object> body() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("createdTime", createdTime.toString());
        p.put("active", active);
        p.put("trafficWeight", trafficWeight);
        if (!labels.isEmpty()) p.put("labels", labels);
        p.put("healthState", health);
        p.put("provisioningState", provisioning);
        if (reason != null) p.put("provisioningError", reason);
        p.put("template", template);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("properties", p);
        body.put(INTERNAL, Map.of("fingerprint", fingerprint, "sequence", sequence));
        return body;
    }

    static RevisionRecord of(StoredResource r) {
        Map<String, Object> p = r.properties();
        Map<String, Object> internal = Json.map(r.body().get(INTERNAL));
        return new RevisionRecord(r.id(), ((Number) internal.getOrDefault("sequence", 0)).longValue(),
                Instant.parse(Json.str(p.get("createdTime"))), Json.str(internal.get("fingerprint")), Json.map(p.get("template")),
                Boolean.TRUE.equals(p.get("active")), Json.str(p.get("healthState")), Json.str(p.get("provisioningState")),
                Json.str(p.get("provisioningError")), p.get("trafficWeight") instanceof Number n ? n.intValue() : 0,
                Json.strings(p.get("labels")));
    }
}
