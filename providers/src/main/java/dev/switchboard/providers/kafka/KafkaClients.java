package dev.switchboard.providers.kafka;

import dev.switchboard.core.config.ValueFormat;
import dev.switchboard.core.failure.TerminalFailure;
import dev.switchboard.core.kinds.kafka.KafkaConfigurationNames;
import dev.switchboard.core.kinds.kafka.KafkaConnectionInfo;
import dev.switchboard.core.kinds.kafka.KafkaKind;
import dev.switchboard.core.target.TargetEndpoint;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.common.config.SaslConfigs;

import java.time.Duration;
import java.util.HashSet;
import java.util.Properties;
import java.util.Set;

/**
 * Client settings for one endpoint: where it is, how it authenticates (the endpoint's {@code securityProtocol} and
 * {@code saslMechanism}, each checked against the values Kafka supports here) and bounded timeouts so that an
 * unreachable cluster fails a call within a few connect timeouts instead of Kafka's one-minute defaults. The JAAS
 * text comes from {@link KafkaConfigurationNames#jaas}: the same encoding the app's configuration uses.
 */
final class KafkaClients {
    private final Duration connectTimeout;

    KafkaClients(Duration connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    /** How long one admin call may take in all (connecting, retries included). */
    Duration apiTimeout() {
        return max(connectTimeout.multipliedBy(3), Duration.ofSeconds(5));
    }

    Duration requestTimeout() {
        return max(connectTimeout.multipliedBy(2), Duration.ofSeconds(3));
    }

    Admin admin(TargetEndpoint endpoint) {
        return Admin.create(properties(endpoint, endpoint.adminLogin(),
                endpoint.adminPassword() == null ? "" : endpoint.adminPassword().reveal()));
    }

    /** Common properties for any client logging in as {@code user}. */
    Properties properties(TargetEndpoint endpoint, String user, String password) {
        Properties p = new Properties();
        p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, address(endpoint));
        p.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, securityProtocol(endpoint));
        p.put(SaslConfigs.SASL_MECHANISM, mechanism(endpoint).mechanismName());
        p.put(SaslConfigs.SASL_JAAS_CONFIG, KafkaConfigurationNames.jaas(user, ValueFormat.JAAS.encode(password)));
        p.put(CommonClientConfigs.CLIENT_ID_CONFIG, "switchboard");
        p.put(CommonClientConfigs.SOCKET_CONNECTION_SETUP_TIMEOUT_MS_CONFIG, String.valueOf(connectTimeout.toMillis()));
        p.put(CommonClientConfigs.SOCKET_CONNECTION_SETUP_TIMEOUT_MAX_MS_CONFIG, String.valueOf(connectTimeout.toMillis()));
        p.put(CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, String.valueOf(requestTimeout().toMillis()));
        p.put(CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG, String.valueOf(apiTimeout().toMillis()));
        p.put(CommonClientConfigs.RECONNECT_BACKOFF_MS_CONFIG, "100");
        p.put(CommonClientConfigs.RECONNECT_BACKOFF_MAX_MS_CONFIG, "1000");
        return p;
    }

    static String address(TargetEndpoint endpoint) {
        return new KafkaConnectionInfo(endpoint.host(), endpoint.port(), "", "", "").bootstrapServers();
    }

    static String securityProtocol(TargetEndpoint endpoint) {
        String value = endpoint.option("securityProtocol", KafkaKind.DEFAULT_SECURITY_PROTOCOL);
        if (!KafkaKind.SECURITY_PROTOCOLS.contains(value)) {
            throw TerminalFailure.badRequest("InvalidEndpointOption", "properties.securityProtocol",
                    "properties.securityProtocol must be one of " + KafkaKind.SECURITY_PROTOCOLS);
        }
        return value;
    }

    static ScramMechanism mechanism(TargetEndpoint endpoint) {
        String value = endpoint.option("saslMechanism", KafkaKind.DEFAULT_SASL_MECHANISM);
        if (!KafkaKind.SASL_MECHANISMS.contains(value)) {
            throw TerminalFailure.badRequest("InvalidEndpointOption", "properties.saslMechanism",
                    "properties.saslMechanism must be one of " + KafkaKind.SASL_MECHANISMS);
        }
        return ScramMechanism.fromMechanismName(value);
    }

    /**
     * The user names of the endpoint's {@code superUsers} option: the broker's {@code super.users} value
     * ({@code User:a;User:b}), copied by whoever registers the cluster because Kafka redacts it in DescribeConfigs.
     */
    static Set<String> superUsers(TargetEndpoint endpoint) {
        Set<String> out = new HashSet<>();
        for (String principal : endpoint.option("superUsers", "").split(";")) {
            String p = principal.strip();
            if (p.startsWith("User:")) out.add(p.substring("User:".length()));
        }
        return out;
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
