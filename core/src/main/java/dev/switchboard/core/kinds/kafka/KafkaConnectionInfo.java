package dev.switchboard.core.kinds.kafka;

/** The non-secret facts a Kafka connection's configuration is made of. */
public record KafkaConnectionInfo(String host, int port, String user, String securityProtocol, String saslMechanism) {

    /** {@code host:port}, with an IPv6 address in brackets as Kafka's bootstrap parser expects. */
    public String bootstrapServers() {
        return (host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host) + ":" + port;
    }
}
