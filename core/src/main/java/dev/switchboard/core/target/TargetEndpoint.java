package dev.switchboard.core.target;

import dev.switchboard.core.secret.Secret;

/**
 * How Switchboard reaches a target server as its administrator. Resolved by the engine from the server
 * resource and the secret store just before a step runs; never persisted in this form.
 */
public record TargetEndpoint(String host, int port, String adminLogin, Secret adminPassword, String adminDatabase) {
}
