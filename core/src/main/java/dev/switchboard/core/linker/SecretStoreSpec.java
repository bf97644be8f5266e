package dev.switchboard.core.linker;

import dev.switchboard.core.id.ResourceId;

/**
 * {@code properties.secretStore}: the vault that holds the connection's password ({@code keyVaultId}, a
 * {@code Microsoft.KeyVault/vaults} ID) and, optionally, the name of the vault secret Switchboard writes it to.
 */
public record SecretStoreSpec(ResourceId keyVaultId, String keyVaultSecretName) {
}
