package dev.switchboard.core.linker;

import dev.switchboard.core.secret.VaultSecretUri;

/**
 * A password the user keeps in a vault ({@code keyVaultSecretReference} or {@code keyVaultSecretUri}): Switchboard
 * reads it, never writes or deletes it. {@code uri}'s version is null for "the latest". {@code field} is the
 * request field that named it, for errors.
 */
public record VaultSecretRef(VaultSecretUri uri, String field) {
}
