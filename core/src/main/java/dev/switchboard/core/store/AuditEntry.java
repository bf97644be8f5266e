package dev.switchboard.core.store;

import java.time.Instant;
import java.util.Map;

/**
 * One line of the audit log: who did what to which resource, when, how it ended, and the resource before and
 * after (as stored, so without secrets). {@code seq} is assigned by the log.
 */
public record AuditEntry(long seq, Instant at, String actor, String action, String target, int status, String outcome,
                         Map<String, Object> before, Map<String, Object> after) {
}
