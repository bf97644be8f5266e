package dev.switchboard.core.store;

import java.time.Instant;

/** A soft-deleted Key Vault secret: recoverable (with all its versions) until purged. */
public record DeletedVaultSecret(String vault, String name, Instant deletedDate, Instant scheduledPurgeDate) {
}
