package dev.switchboard.core.linker;

import dev.switchboard.core.failure.Echo;
import dev.switchboard.core.failure.TerminalFailure;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;

/**
 * How often a connection's credential is rotated: Switchboard's {@code properties.rotation} extension,
 * {@code {"every": "P30D"}} (an ISO-8601 duration, at least an hour). Switchboard records
 * {@code lastRotatedAt} there after each rotation.
 */
public record RotationSchedule(Duration every) {
    public static final Duration MINIMUM = Duration.ofHours(1);
    public static final String PROPERTY = "rotation";
    public static final String LAST_ROTATED = "lastRotatedAt";

    /** The schedule of a linker's properties; empty when it has none. Refuses a malformed one, naming the field. */
    public static Optional<RotationSchedule> read(Map<String, Object> properties) {
        Object rotation = properties.get(PROPERTY);
        if (rotation == null) return Optional.empty();
        if (!(rotation instanceof Map<?, ?> m)) throw TerminalFailure.invalidField("properties.rotation", "must be an object");
        Object every = m.get("every");
        if (every == null) return Optional.empty();
        if (!(every instanceof String text)) throw TerminalFailure.invalidField("properties.rotation.every", "must be a string");
        Duration d;
        try {
            d = Duration.parse(text);
        } catch (DateTimeParseException e) {
            throw TerminalFailure.invalidField("properties.rotation.every", "'" + Echo.of(text)
                    + "' is not an ISO-8601 duration such as P30D or PT12H");
        }
        if (d.compareTo(MINIMUM) < 0) {
            throw TerminalFailure.invalidField("properties.rotation.every", "must be at least PT1H (got " + Echo.of(text) + ")");
        }
        return Optional.of(new RotationSchedule(d));
    }

    /** When the connection was last rotated, as recorded in its properties; empty when never. */
    public static Optional<Instant> lastRotated(Map<String, Object> properties) {
        if (!(properties.get(PROPERTY) instanceof Map<?, ?> m) || !(m.get(LAST_ROTATED) instanceof String at)) return Optional.empty();
        try {
            return Optional.of(Instant.parse(at));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** Due when {@code every} has passed since the last rotation (or since the connection was made). */
    public boolean due(Instant since, Instant now) {
        return !since.plus(every).isAfter(now);
    }
}
