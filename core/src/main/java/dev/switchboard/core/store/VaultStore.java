package dev.switchboard.core.store;

import dev.switchboard.core.secret.Secret;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Key Vault secrets ({@code Microsoft.KeyVault/vaults/{vault}/secrets/{name}}): every set makes a new version; delete is
 * a soft delete (recover or purge it; while it is deleted the name cannot be set), as Azure does. Vault and secret
 * names are case-insensitive. Values are encrypted at rest and never appear in an error.
 *
 * <p>Failures are {@link dev.switchboard.core.failure.TerminalFailure}s: 400 {@code BadParameter} for an invalid name,
 * 409 {@code ObjectIsDeletedButRecoverable} for a set on a deleted name, 403 {@code Forbidden} for the value of a
 * disabled version.
 */
public interface VaultStore {
    /** How long a deleted secret stays recoverable (Azure's default retention). */
    Duration RETENTION = Duration.ofDays(90);

    /** Claims a vault name for {@code owner} (the vault resource's ID): false when another owner holds it. */
    boolean claimVault(String vault, String owner);

    /** The ID of the vault resource that holds {@code vault}'s name; empty when no vault has it. */
    Optional<String> vaultOwner(String vault);

    /** Releases a vault's name and purges all its secrets, deleted or not. */
    void dropVault(String vault);

    /** Stores {@code value} as a new, enabled version and makes it the latest. */
    VaultSecretVersion setSecret(String vault, String name, Secret value, String contentType, Instant now);

    /** The latest version with its value; empty when there is none or the secret is deleted. */
    Optional<VaultSecretValue> secret(String vault, String name);

    /** A given version with its value; empty when there is none or the secret is deleted. */
    Optional<VaultSecretValue> secret(String vault, String name, String version);

    /** The latest version's metadata (no value). */
    Optional<VaultSecretVersion> latest(String vault, String name);

    /** Every version, oldest first; empty when the secret is absent or deleted. */
    List<VaultSecretVersion> versions(String vault, String name);

    /** The latest version of each secret that is not deleted, by name. */
    List<VaultSecretVersion> secrets(String vault);

    /** Enables or disables one version; false when absent. */
    boolean setEnabled(String vault, String name, String version, boolean enabled, Instant now);

    /** Soft-deletes; empty when there is no such live secret. */
    Optional<DeletedVaultSecret> deleteSecret(String vault, String name, Instant now);

    Optional<DeletedVaultSecret> deletedSecret(String vault, String name);

    List<DeletedVaultSecret> deletedSecrets(String vault);

    /** Brings a deleted secret back with all its versions; false when it is not deleted. */
    boolean recoverSecret(String vault, String name);

    /** Removes a deleted secret and all its versions for good; false when it is not deleted. */
    boolean purgeSecret(String vault, String name);
}
