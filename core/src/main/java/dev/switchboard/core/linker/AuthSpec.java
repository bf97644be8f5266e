package dev.switchboard.core.linker;

import dev.switchboard.core.secret.Secret;

/**
 * How the connection logs in. Only {@code secret} is realised today. {@code loginName} and {@code secret} are
 * what the user supplied (either may be null: Switchboard then generates them).
 */
public record AuthSpec(String authType, String loginName, Secret secret) {
    public static final String SECRET = "secret";
}
