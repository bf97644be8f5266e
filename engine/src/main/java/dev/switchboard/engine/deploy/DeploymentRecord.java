package dev.switchboard.engine.deploy;

import dev.switchboard.core.deploy.PlannedResource;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A deployment's stored body in ARM's DeploymentExtended shape, and its operations' bodies. Immutable. */
record DeploymentRecord(String mode, Map<String, Object> parameters, Instant start, String state, Instant end,
                        Map<String, Object> outputs, List<String> written, Map<String, Object> error, String correlationId) {

    static DeploymentRecord running(DeploymentService.Request request, Instant start) {
        return new DeploymentRecord(request.mode(), request.expanded().parametersEcho(), start, "Running", null, null, List.of(), null,
                UUID.randomUUID().toString());
    }

    DeploymentRecord succeeded(Map<String, Object> outputs, List<String> written, Instant at) {
        return new DeploymentRecord(mode, parameters, start, "Succeeded", at, outputs, List.copyOf(written), null, correlationId);
    }

    DeploymentRecord failed(String code, String message, String target, List<String> written, Instant at) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("code", "DeploymentFailed");
        e.put("message", "At least one resource deployment operation failed. See the deployment operations for details.");
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("code", code);
        detail.put("target", target);
        detail.put("message", message);
        e.put("details", List.of(detail));
        return new DeploymentRecord(mode, parameters, start, "Failed", at, null, List.copyOf(written), e, correlationId);
    }

    Map<String, Object> body() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("provisioningState", state);
        p.put("mode", mode);
        p.put("correlationId", correlationId);
        p.put("timestamp", (end == null ? start : end).toString());
        if (end != null) p.put("duration", Duration.between(start, end).toString());
        p.put("parameters", parameters);
        if (outputs != null) p.put("outputs", outputs);
        p.put("outputResources", written.stream().map(id -> Map.of("id", id)).toList());
        if (error != null) p.put("error", error);
        return Map.of("properties", p);
    }

    static Map<String, Object> operation(PlannedResource r, boolean existed, Instant start, Instant end, int status, String state,
                                         Map<String, Object> error) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("provisioningOperation", existed ? "Update" : "Create");
        p.put("provisioningState", state);
        p.put("timestamp", end.toString());
        p.put("duration", Duration.between(start, end).toString());
        p.put("statusCode", status >= 400 ? "Conflict" : "OK");
        if (error != null) p.put("statusMessage", Map.of("error", error));
        Map<String, Object> target = new LinkedHashMap<>();
        target.put("id", r.id());
        target.put("resourceType", r.type());
        target.put("resourceName", r.name());
        p.put("targetResource", target);
        p.put("templatePath", r.templatePath());
        return Map.of("properties", p);
    }
}
