package dev.switchboard.core.access;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What a token may do inside its scope. Each role allows everything the one before it does, plus more; they are
 * declared weakest first, so {@link #compareTo} orders them by strength.
 */
public enum Role {
    /** Reads everything in scope except secret values. */
    READER("Reader", EnumSet.of(Action.READ)),
    /** Reader, plus every write and the actions that return secret values. */
    CONTRIBUTOR("Contributor", EnumSet.of(Action.READ, Action.WRITE, Action.READ_SECRETS)),
    /** Contributor, plus managing tokens at or under its own scope. */
    OWNER("Owner", EnumSet.allOf(Action.class));

    private final String wire;
    private final Set<Action> allowed;

    Role(String wire, Set<Action> allowed) {
        this.wire = wire;
        this.allowed = Set.copyOf(allowed);
    }

    /** The name the API and the CLI use: Reader, Contributor, Owner. */
    public String wire() {
        return wire;
    }

    public boolean allows(Action action) {
        return allowed.contains(action);
    }

    /** The weakest role that allows {@code action}, named in a 403 so the caller knows what to ask for. */
    public static Role weakestAllowing(Action action) {
        for (Role r : values()) if (r.allows(action)) return r;
        throw new IllegalStateException("no role allows " + action);
    }

    /** Parses a wire name, case-insensitively (ARM treats enum values so). */
    public static Optional<Role> parse(String raw) {
        if (raw == null) return Optional.empty();
        for (Role r : values()) if (r.wire.toLowerCase(Locale.ROOT).equals(raw.toLowerCase(Locale.ROOT))) return Optional.of(r);
        return Optional.empty();
    }
}
