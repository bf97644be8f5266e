package dev.switchboard.core.ownership;

import java.util.Set;

/** A write that would set {@code field} to a different value than its other {@code owners} gave it. */
public record FieldConflict(String field, Set<String> owners) {
    public FieldConflict {
        owners = Set.copyOf(owners);
    }

    /** One owner to name in a message (a connection first: that is the one a user most needs to hear about). */
    public String owner() {
        return owners.stream().sorted((a, b) -> Boolean.compare(Managers.isConnection(b), Managers.isConnection(a)))
                .findFirst().orElse("");
    }
}
