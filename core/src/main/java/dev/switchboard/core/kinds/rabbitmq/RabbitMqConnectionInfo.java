package dev.switchboard.core.kinds.rabbitmq;

/** The non-secret facts a RabbitMQ connection's configuration is made of. */
public record RabbitMqConnectionInfo(String host, int port, String vhost, String user) {
}
