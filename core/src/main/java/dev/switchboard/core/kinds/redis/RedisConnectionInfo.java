package dev.switchboard.core.kinds.redis;

/** The non-secret facts a Redis connection's configuration is made of. {@code user} is the connection's ACL user. */
public record RedisConnectionInfo(String host, int port, int database, String user, boolean ssl) {
}
