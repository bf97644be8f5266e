package dev.switchboard.server.api;

import dev.switchboard.core.failure.TerminalFailure;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** ARM's error envelope: {@code {"error":{"code","message","target","details":[]}}}. */
public final class ArmErrors {
    private ArmErrors() { }

    public static ApiResponse of(int status, String code, String target, String message) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code);
        error.put("message", message);
        if (target != null) error.put("target", target);
        error.put("details", List.of());
        return ApiResponse.of(status, Map.of("error", error));
    }

    public static ApiResponse of(TerminalFailure f) {
        return of(f.status(), f.code(), f.target(), f.getMessage());
    }
}
