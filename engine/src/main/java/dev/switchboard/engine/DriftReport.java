package dev.switchboard.engine;

import dev.switchboard.core.id.ResourceId;
import dev.switchboard.core.linker.DriftPolicy;
import dev.switchboard.core.plan.Drift;
import dev.switchboard.core.store.ConnectionEvent;
import dev.switchboard.core.store.Operation;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The words the reconciler records: drift findings as JSON (on events and in the connection's
 * {@code properties.drift}) and its three events. Only logins, grant words, keys and error codes: nothing secret.
 */
final class DriftReport {
    private DriftReport() { }

    /** {@code {"kind": "GrantsMissing", "description": …, "login": …, "grants": […]}}. */
    static Map<String, Object> view(Drift d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", d.kind());
        m.put("description", d.describe());
        switch (d) {
            case Drift.LoginMissing x -> m.put("login", x.login());
            case Drift.GrantsMissing x -> {
                m.put("login", x.login());
                m.put("grants", x.which());
            }
            case Drift.ConfigurationMissing x -> m.put("keys", x.keys());
            case Drift.SettingsRemoved x -> m.put("keys", x.keys());
        }
        return m;
    }

    static List<Map<String, Object>> views(List<Drift> drift) {
        return drift.stream().map(DriftReport::view).toList();
    }

    static ConnectionEvent detected(Instant at, ResourceId linker, DriftPolicy policy, List<Drift> drift) {
        String then = policy == DriftPolicy.HEAL ? "; applying the connection again" : "; reported only (driftPolicy report)";
        return ConnectionEvent.of(at, linker, ConnectionEvent.DRIFT_DETECTED, describe(drift) + then,
                Map.of("drift", views(drift), "policy", policy.wire()));
    }

    static ConnectionEvent healed(Instant at, ResourceId linker, List<Drift> drift, Operation op, Duration took) {
        return ConnectionEvent.of(at, linker, ConnectionEvent.DRIFT_HEALED, "healed by applying the connection again: "
                + describe(drift) + " no more", Map.of("drift", views(drift), "operationId", op.id(), "tookMs", took.toMillis()));
    }

    /** {@code code}: the heal operation's error code, or {@code DriftPersists} when it succeeded but changed nothing. */
    static ConnectionEvent healFailed(Instant at, ResourceId linker, List<Drift> drift, String operationId, String code, String why) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("drift", views(drift));
        detail.put("code", code);
        if (operationId != null) detail.put("operationId", operationId);
        return ConnectionEvent.of(at, linker, ConnectionEvent.HEAL_FAILED, "could not heal (" + code + "): " + why, detail);
    }

    private static String describe(List<Drift> drift) {
        return String.join("; ", drift.stream().map(Drift::describe).toList());
    }
}
