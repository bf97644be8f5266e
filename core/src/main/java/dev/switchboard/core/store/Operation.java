package dev.switchboard.core.store;

import dev.switchboard.core.id.ResourceId;

import java.time.Instant;
import java.util.Map;

/**
 * A long-running operation on a resource, as the operation-status API shows it. {@code status}: InProgress,
 * Succeeded, Failed, Canceled. {@code result} holds an operation's answer (e.g. a validation report).
 */
public record Operation(String id, ResourceId resource, String kind, String status, Instant startTime, Instant endTime,
                        String errorCode, String errorMessage, Map<String, Object> result) {
    public static final String IN_PROGRESS = "InProgress";
    public static final String SUCCEEDED = "Succeeded";
    public static final String FAILED = "Failed";

    public boolean finished() {
        return !IN_PROGRESS.equals(status);
    }

    public Operation succeeded(Instant at, Map<String, Object> answer) {
        return new Operation(id, resource, kind, SUCCEEDED, startTime, at, null, null, answer);
    }

    public Operation failed(Instant at, String code, String message) {
        return new Operation(id, resource, kind, FAILED, startTime, at, code, message, result);
    }
}
