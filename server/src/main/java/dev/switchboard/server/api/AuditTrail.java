package dev.switchboard.server.api;

import dev.switchboard.core.access.Principal;
import dev.switchboard.core.failure.Echo;
import dev.switchboard.core.id.ResourceId;
import dev.switchboard.core.store.AuditEntry;
import dev.switchboard.core.store.AuditLog;
import dev.switchboard.core.store.ResourceStore;
import dev.switchboard.core.store.StoredResource;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Records every request that may change something (and every read of secret values) in the audit log: who,
 * when, what, the resource before and after, and the outcome, whether it was allowed or not. Bodies come from
 * the store, which holds no secrets; anything secret-looking is masked once more on the way in.
 */
public final class AuditTrail implements RequestHandler {
    private final RequestHandler next;
    private final AuditLog log;
    private final ResourceStore resources;
    private final Clock clock;

    public AuditTrail(RequestHandler next, AuditLog log, ResourceStore resources, Clock clock) {
        this.next = next;
        this.log = log;
        this.resources = resources;
        this.clock = clock;
    }

    @Override
    public ApiResponse handle(ApiRequest req, Principal who) {
        if (req.method().equals("GET") || req.method().equals("HEAD")) return next.handle(req, who);
        ApiPath path = parsed(req.path());
        ResourceId target = target(path);
        Map<String, Object> before = snapshot(target);
        ApiResponse response = next.handle(req, who);
        String action = path instanceof ApiPath.Linker l && l.action() != null ? req.method() + " " + l.action() : req.method();
        log.append(new AuditEntry(0, clock.instant(), who.name(), action,
                target == null ? Echo.of(req.path()) : target.toString(), response.status(), outcome(response),
                before, snapshot(target)));
        return response;
    }

    /** Null for a path the router will refuse anyway; the entry then names the raw path. */
    private static ApiPath parsed(String path) {
        try {
            return ApiPath.parse(path);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static ResourceId target(ApiPath path) {
        return switch (path) {
            case ApiPath.Resource p -> p.id();
            case ApiPath.Linker p -> p.id();
            case ApiPath.Dryrun p -> p.id();
            case null, default -> null;
        };
    }

    private Map<String, Object> snapshot(ResourceId id) {
        if (id == null) return null;
        return resources.get(id).map(StoredResource::body).map(AuditTrail::masked).orElse(null);
    }

    private static String outcome(ApiResponse r) {
        if (r.status() >= 400 && r.body() instanceof Map<?, ?> m && m.get("error") instanceof Map<?, ?> e) {
            return String.valueOf(e.get("code"));
        }
        String operation = r.headers().get("Azure-AsyncOperation");
        return operation == null ? "Done" : "Accepted " + operation.replaceAll(".*/operationStatuses/([^?]+).*", "$1");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> masked(Map<String, Object> body) {
        Map<String, Object> out = new LinkedHashMap<>();
        body.forEach((k, v) -> out.put(k, v instanceof Map<?, ?> m ? masked((Map<String, Object>) m)
                : v instanceof List<?> l ? l.stream().map(i -> i instanceof Map<?, ?> im ? masked((Map<String, Object>) im) : i).toList()
                : v instanceof String && isSecretKey(k) ? "***" : v));
        return out;
    }

    private static boolean isSecretKey(String key) {
        String k = key.toLowerCase();
        return k.contains("password") || k.equals("token") || k.contains("secret") && !k.equals("secrettype") && !k.equals("secretref");
    }
}
