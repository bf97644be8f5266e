package dev.switchboard.core.secret;

import java.util.Objects;

/**
 * A secret value. It prints as a mask so that it cannot reach a log line, an error or a JSON answer by accident;
 * code that really needs the value calls {@link #reveal()}, which is easy to grep for.
 */
public final class Secret {
    private final String value;

    private Secret(String value) {
        this.value = Objects.requireNonNull(value, "value");
    }

    public static Secret of(String value) {
        return new Secret(value);
    }

    public String reveal() {
        return value;
    }

    @Override
    public String toString() {
        return "***";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Secret s && s.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }
}
