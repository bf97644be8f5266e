package dev.switchboard.core.store;

import dev.switchboard.core.secret.Secret;

/** A version with its value; the value prints as a mask. */
public record VaultSecretValue(VaultSecretVersion version, Secret value) {
}
