package dev.switchboard.core.config;

import dev.switchboard.core.target.AccessScope;

import java.util.Map;

/**
 * The non-secret facts a connection's configuration is made of: where the target is, who logs in, what the login
 * may touch, and the server's options (e.g. {@code sslMode}, {@code tls}, {@code managementPort}) by the names its
 * kind documents.
 */
public record ConnectionFacts(String host, int port, String login, AccessScope scope, Map<String, String> options) {
    public ConnectionFacts {
        options = Map.copyOf(options);
    }

    public String option(String name, String fallback) {
        return options.getOrDefault(name, fallback);
    }
}
