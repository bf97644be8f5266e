package dev.switchboard.providers.postgres;

import dev.switchboard.core.secret.Secret;
import dev.switchboard.core.target.TargetEndpoint;
import org.postgresql.Driver;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;

/**
 * Opens the connections the provider uses, closed by the caller (administrator sessions go back to a small
 * pool instead of being logged out). The database
 * name goes into the URL percent-encoded (pgjdbc decodes it), user and password only into the driver's
 * properties, never into the URL. The driver instance is held here rather than found through
 * {@code DriverManager}'s global registry.
 */
final class PgConnector {
    /** Upper bound for one round trip once connected (a DDL statement waiting on a lock, a hung server). */
    static final int SOCKET_TIMEOUT_SECONDS = 60;
    private final Driver driver = new Driver();
    private final Duration connectTimeout;
    static final Duration DEFAULT_SESSION_IDLE = Duration.ofSeconds(30);
    private final AdminConnectionPool pool;

    PgConnector(Duration connectTimeout) {
        this(connectTimeout, DEFAULT_SESSION_IDLE);
    }

    PgConnector(Duration connectTimeout, Duration sessionIdle) {
        this.pool = new AdminConnectionPool(sessionIdle, java.time.Clock.systemUTC());
        if (connectTimeout.isNegative() || connectTimeout.isZero()) {
            throw new IllegalArgumentException("connect timeout must be positive: " + connectTimeout);
        }
        this.connectTimeout = connectTimeout;
    }

    /** Connected to {@code database} as the endpoint's administrator; possibly a reused session (see the pool). */
    Connection admin(TargetEndpoint endpoint, String database) throws SQLException {
        String password = endpoint.adminPassword() == null ? null : endpoint.adminPassword().reveal();
        return pool.borrow(endpoint.host(), endpoint.port(), endpoint.adminLogin(), password, database,
                () -> freshAdmin(endpoint, database));
    }

    /** A new administrator login, for when the login itself is what is being checked. */
    Connection freshAdmin(TargetEndpoint endpoint, String database) throws SQLException {
        return open(endpoint.host(), endpoint.port(), endpoint.adminLogin(), endpoint.adminPassword(), database);
    }

    void closeIdle() {
        pool.close();
    }

    Connection open(String host, int port, String user, Secret password, String database) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", user);
        if (password != null) props.setProperty("password", password.reveal());
        props.setProperty("connectTimeout", Long.toString(connectSeconds()));
        props.setProperty("socketTimeout", Integer.toString(SOCKET_TIMEOUT_SECONDS));
        props.setProperty("ApplicationName", "switchboard");
        Connection connection = driver.connect(url(host, port, database), props);
        if (connection == null) throw new SQLException("pgjdbc did not accept the URL for " + address(host, port));
        return connection;
    }

    /** A plain TCP connect, bounded by the connect timeout. */
    void probe(String host, int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), (int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()));
        }
    }

    static String url(String host, int port, String database) {
        return "jdbc:postgresql://" + hostPart(host) + ":" + port + "/" + URLEncoder.encode(database, StandardCharsets.UTF_8);
    }

    static String address(String host, int port) {
        return hostPart(host) + ":" + port;
    }

    private static String hostPart(String host) {
        return host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    private long connectSeconds() {
        long seconds = connectTimeout.toSeconds() + (connectTimeout.toNanosPart() > 0 ? 1 : 0);
        return Math.max(1, seconds);
    }
}
