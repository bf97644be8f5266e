package dev.switchboard.core.store;

import java.time.Instant;
import java.util.List;

/** The append-only audit log: entries are added and read, never changed or removed. */
public interface AuditLog {
    void append(AuditEntry entry);

    /**
     * Entries oldest first, at most {@code limit}; {@code targetPrefix} (a resource ID key, case-folded) selects a
     * resource and everything under it, null for all; {@code from}/{@code to} bound the time, null for open.
     */
    List<AuditEntry> entries(String targetPrefix, Instant from, Instant to, int limit);
}
