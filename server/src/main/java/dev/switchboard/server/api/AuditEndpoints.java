package dev.switchboard.server.api;

import dev.switchboard.core.failure.TerminalFailure;
import dev.switchboard.core.id.ResourceId;
import dev.switchboard.core.store.AuditEntry;
import dev.switchboard.core.store.AuditLog;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * {@code GET /providers/Switchboard.Audit/entries?resourceId=&from=&to=&top=}: the audit log, oldest first,
 * only entries about resources the caller can see.
 */
public final class AuditEndpoints {
    private static final int MAX_TOP = 1000;
    private final AuditLog log;

    public AuditEndpoints(AuditLog log) {
        this.log = log;
    }

    public ApiResponse list(ApiRequest req, Predicate<ResourceId> visible) {
        ApiVersions.check(req.apiVersion(), true);
        LinkerEndpoints.requireGet(req);
        String resource = req.query().get("resourceId");
        String prefix = resource == null ? null : ResourceId.parse(resource).key();
        int top = top(req.query().get("top"));
        List<Map<String, Object>> value = log.entries(prefix, time(req, "from"), time(req, "to"), MAX_TOP).stream()
                .filter(e -> visibleTarget(e, visible)).limit(top).map(AuditEndpoints::view).toList();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("value", value);
        out.put("nextLink", null);
        return ApiResponse.ok(out);
    }

    private static boolean visibleTarget(AuditEntry e, Predicate<ResourceId> visible) {
        try {
            return visible.test(ResourceId.parse(e.target()));
        } catch (RuntimeException notAnId) {
            return visible.test(null);
        }
    }

    private static Map<String, Object> view(AuditEntry e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("seq", e.seq());
        m.put("time", e.at().toString());
        m.put("actor", e.actor());
        m.put("action", e.action());
        m.put("resourceId", e.target());
        m.put("status", e.status());
        m.put("outcome", e.outcome());
        m.put("before", e.before());
        m.put("after", e.after());
        return m;
    }

    private static Instant time(ApiRequest req, String name) {
        String v = req.query().get(name);
        if (v == null || v.isBlank()) return null;
        try {
            return Instant.parse(v);
        } catch (DateTimeParseException e) {
            throw TerminalFailure.invalidField(name, "must be an ISO-8601 instant such as 2026-11-25T04:00:00Z");
        }
    }

    /** {@code top}: 1 to 1000, 100 when absent. */
    static int top(String v) {
        if (v == null) return 100;
        try {
            int n = Integer.parseInt(v);
            if (n >= 1 && n <= MAX_TOP) return n;
        } catch (NumberFormatException ignored) {
            // answered below
        }
        throw TerminalFailure.invalidField("top", "must be a whole number from 1 to " + MAX_TOP);
    }
}
