package dev.switchboard.core.store;

import dev.switchboard.core.access.Grant;

import java.time.Instant;

/**
 * An access token as stored: its public id, unique name, the SHA-256 of its secret part (never the secret) and
 * the grant it carries.
 */
public record StoredToken(String id, String name, String secretHash, Grant grant, Instant createdAt, String createdBy) {
    /** The name of the Owner-of-everything token whose value is in the data directory's token file. */
    public static final String BOOTSTRAP_NAME = "bootstrap";

    public boolean isBootstrap() {
        return BOOTSTRAP_NAME.equals(name);
    }
}
