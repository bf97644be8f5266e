package dev.switchboard.core.linker;

import dev.switchboard.core.secret.Secret;

/**
 * How the connection logs in. Only {@code secret} is realised today. {@code loginName} and {@code secret} are
 * what the user supplied (either may be null: Switchboard then generates them). {@code vaultSecret} is set when
 * the password is a secret the user keeps in a vault ({@code secret} is then null).
 */
public record AuthSpec(String authType, String loginName, Secret secret, VaultSecretRef vaultSecret) {
    public static final String SECRET = "secret";

    public AuthSpec(String authType, String loginName, Secret secret) {
        this(authType, loginName, secret, null);
    }
}
