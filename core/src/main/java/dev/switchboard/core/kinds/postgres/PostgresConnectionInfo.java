package dev.switchboard.core.kinds.postgres;

/** The non-secret facts a PostgreSQL connection's configuration is made of. */
public record PostgresConnectionInfo(String host, int port, String database, String user, String sslMode) {
}
