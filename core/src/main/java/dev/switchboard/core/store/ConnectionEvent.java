package dev.switchboard.core.store;

import dev.switchboard.core.id.ResourceId;

import java.time.Instant;
import java.util.Map;

/**
 * Something that happened to a connection without anyone asking: drift found ({@link #DRIFT_DETECTED}), healed
 * ({@link #DRIFT_HEALED}) or not ({@link #HEAL_FAILED}). {@code seq} is assigned by the store. {@code message} and
 * {@code detail} are shown to anyone who may read the connection, so they never hold a secret: logins, grant words,
 * configuration keys and error codes only.
 */
public record ConnectionEvent(long seq, Instant at, ResourceId linker, String kind, String message, Map<String, Object> detail) {
    public static final String DRIFT_DETECTED = "DriftDetected";
    public static final String DRIFT_HEALED = "DriftHealed";
    public static final String HEAL_FAILED = "HealFailed";

    public ConnectionEvent {
        detail = detail == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(detail));
    }

    /** A new event, numbered when appended. */
    public static ConnectionEvent of(Instant at, ResourceId linker, String kind, String message, Map<String, Object> detail) {
        return new ConnectionEvent(0, at, linker, kind, message, detail);
    }
}
