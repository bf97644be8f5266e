package dev.switchboard.core.linker;

import dev.switchboard.core.failure.Echo;
import dev.switchboard.core.failure.TerminalFailure;

import java.util.Map;

/**
 * What the reconciler does when a connection has drifted from its footprint (its login dropped, grants revoked,
 * configuration gone from the app): Switchboard's {@code properties.driftPolicy}. {@code heal} (the default) applies
 * the connection again; {@code report} only records the drift and shows it on the connection, for targets that
 * people administer by hand and want told rather than overruled.
 */
public enum DriftPolicy {
    HEAL("heal"), REPORT("report");

    public static final String PROPERTY = "driftPolicy";
    private static final String FIELD = "properties." + PROPERTY;

    private final String wire;

    DriftPolicy(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    /** The policy a linker's properties ask for ({@link #HEAL} when they name none); refuses any other value. */
    public static DriftPolicy read(Map<String, Object> properties) {
        Object raw = properties.get(PROPERTY);
        if (raw == null) return HEAL;
        for (DriftPolicy p : values()) if (p.wire.equals(raw)) return p;
        String given = raw instanceof String s ? " (got '" + Echo.of(s) + "')" : "";
        throw TerminalFailure.badRequest("InvalidDriftPolicy", FIELD, FIELD + " must be the string 'heal' or 'report'" + given);
    }
}
