package dev.switchboard.core.kinds.mysql;

/**
 * The non-secret facts a MySQL connection's configuration is made of. {@code sslMode} is one of
 * {@link MysqlKind#SSL_MODES} (the MySQL client's {@code --ssl-mode} values, lower case).
 */
public record MysqlConnectionInfo(String host, int port, String database, String user, String sslMode) {
}
