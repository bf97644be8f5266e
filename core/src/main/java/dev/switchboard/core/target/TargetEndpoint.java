package dev.switchboard.core.target;

import dev.switchboard.core.secret.Secret;

import java.util.Map;

/**
 * How Switchboard reaches a target server as its administrator. Resolved by the engine from the server
 * resource and the secret store just before a step runs; never persisted in this form. {@code adminDatabase}
 * is where an admin session starts (PostgreSQL's {@code postgres}); {@code options} holds a kind's extra,
 * non-secret facts (RabbitMQ's management port, NATS's configuration file, …), by names each kind documents.
 */
public record TargetEndpoint(String host, int port, String adminLogin, Secret adminPassword, String adminDatabase,
                             Map<String, String> options) {
    public TargetEndpoint {
        options = Map.copyOf(options);
    }

    public TargetEndpoint(String host, int port, String adminLogin, Secret adminPassword, String adminDatabase) {
        this(host, port, adminLogin, adminPassword, adminDatabase, Map.of());
    }

    public String option(String name, String fallback) {
        return options.getOrDefault(name, fallback);
    }
}
