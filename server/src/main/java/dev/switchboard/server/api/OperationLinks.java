package dev.switchboard.server.api;

import dev.switchboard.core.store.Operation;

import java.util.LinkedHashMap;
import java.util.Map;

/** The URLs and bodies of ARM's long-running-operation protocol (Azure-AsyncOperation and Location). */
public final class OperationLinks {
    private OperationLinks() { }

    public static String statusUrl(ApiRequest req, Operation op) {
        return req.baseUrl() + "/subscriptions/" + op.resource().subscriptionId() + "/providers/" + ApiPath.LINKER_NS
                + "/locations/local/operationStatuses/" + op.id() + "?api-version=" + req.apiVersion();
    }

    public static String resultUrl(ApiRequest req, Operation op) {
        return req.baseUrl() + "/subscriptions/" + op.resource().subscriptionId() + "/providers/" + ApiPath.LINKER_NS
                + "/locations/local/operationResults/" + op.id() + "?api-version=" + req.apiVersion();
    }

    public static ApiResponse accepted(ApiRequest req, Operation op, int status, Object body) {
        return ApiResponse.of(status, body).withHeader("Azure-AsyncOperation", statusUrl(req, op))
                .withHeader("Location", resultUrl(req, op)).withHeader("Retry-After", "1");
    }

    public static Map<String, Object> status(Operation op) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", "/subscriptions/" + op.resource().subscriptionId() + "/providers/" + ApiPath.LINKER_NS
                + "/locations/local/operationStatuses/" + op.id());
        out.put("name", op.id());
        out.put("resourceId", op.resource().toString());
        out.put("status", op.status());
        out.put("startTime", op.startTime().toString());
        if (op.endTime() != null) out.put("endTime", op.endTime().toString());
        if (op.errorCode() != null) out.put("error", Map.of("code", op.errorCode(), "message", op.errorMessage()));
        // A change's notes (e.g. a delete that found the login already gone); a validation's report has its own URL.
        if (!op.kind().equals("validate") && op.result() != null && !op.result().isEmpty()) out.put("properties", op.result());
        return out;
    }
}
