package dev.switchboard.core.compute.revision;

import dev.switchboard.core.failure.TerminalFailure;

import java.util.Locale;

/**
 * {@code configuration.activeRevisionsMode}: in {@code Single} the newest healthy revision takes all traffic and the
 * older ones stop; in {@code Multiple} revisions keep running and {@code configuration.ingress.traffic} splits requests.
 */
public enum RevisionMode {
    SINGLE("Single"), MULTIPLE("Multiple");

    public static final String FIELD = "properties.configuration.activeRevisionsMode";
    private final String wire;

    RevisionMode(String wire) { this.wire = wire; }

    public String wire() { return wire; }

    /** Absent means Single, as in Container Apps; the value is read case-insensitively. */
    public static RevisionMode read(Object raw) {
        if (raw == null) return SINGLE;
        if (raw instanceof String s) {
            for (RevisionMode m : values()) if (m.wire.equalsIgnoreCase(s.strip())) return m;
        }
        throw TerminalFailure.badRequest("InvalidActiveRevisionsMode", FIELD, FIELD + " must be 'Single' or 'Multiple'"
                + (raw instanceof String s ? ", not '" + s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9 ,-]", "?") + "'" : ""));
    }
}
