package dev.switchboard.core.store;

import java.time.Instant;

/** One version of a Key Vault secret, without its value. {@code version} is 32 lower-case hex digits, as Azure's. */
public record VaultSecretVersion(String vault, String name, String version, String contentType, boolean enabled,
                                 Instant created, Instant updated) {
}
