package dev.switchboard.providers.mysql;

import dev.switchboard.core.kinds.mysql.MysqlKind;
import dev.switchboard.core.secret.Secret;
import dev.switchboard.core.target.TargetEndpoint;
import org.mariadb.jdbc.Driver;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Opens the MariaDB Connector/J ({@code jdbc:mariadb://}) connections the provider uses, each closed by the caller
 * (no pooling: a MySQL login is one round trip, cheap next to PostgreSQL's SCRAM). User and password go only into
 * the driver's properties, never into the URL; the URL holds no database either (the caller runs {@code USE} with
 * a quoted name), so no name ever needs URL syntax. The driver instance is held here rather than found through
 * {@code DriverManager}'s global registry.
 *
 * <p>The endpoint's {@code sslMode} maps to the driver's: disabled → disable, required → trust (encrypted, not
 * verified), verify_ca → verify-ca, verify_identity → verify-full, and preferred → trust, retried once with
 * disable when the server has TLS switched off (Connector/J 3 has no "preferred" of its own). That a server has
 * TLS off is remembered for {@link #NO_TLS_MEMORY} per address, so the steps of one operation do not each pay a
 * refused TLS attempt before the plain login (it doubled the cost of every connection); "preferred" does not
 * verify the server anyway, so remembering the answer for a while changes nothing it promised.
 */
final class MysqlConnector {
    /** Upper bound for one round trip once connected (a DDL statement waiting on a metadata lock, a hung server). */
    static final int SOCKET_TIMEOUT_SECONDS = 60;
    static final Duration NO_TLS_MEMORY = Duration.ofSeconds(30);
    private final Driver driver = new Driver();
    private final Duration connectTimeout;
    private final Clock clock;
    /** Addresses whose server refused TLS, and when it last did. */
    private final Map<String, Instant> withoutTls = new ConcurrentHashMap<>();

    MysqlConnector(Duration connectTimeout) {
        this(connectTimeout, Clock.systemUTC());
    }

    MysqlConnector(Duration connectTimeout, Clock clock) {
        this.clock = clock;
        if (connectTimeout.isNegative() || connectTimeout.isZero()) {
            throw new IllegalArgumentException("connect timeout must be positive: " + connectTimeout);
        }
        this.connectTimeout = connectTimeout;
    }

    Connection admin(TargetEndpoint endpoint) throws SQLException {
        return open(endpoint, endpoint.adminLogin(), endpoint.adminPassword());
    }

    Connection open(TargetEndpoint endpoint, String user, Secret password) throws SQLException {
        String mode = MysqlKind.sslMode(endpoint.option("sslMode", MysqlKind.DEFAULT_SSL_MODE));
        boolean preferred = mode.equals("preferred");
        if (preferred && knownWithoutTls(endpoint)) return connect(endpoint, user, password, "disable");
        try {
            return connect(endpoint, user, password, driverSslMode(mode));
        } catch (SQLException e) {
            if (!preferred || !serverHasNoTls(e)) throw e;
            withoutTls.put(address(endpoint), clock.instant());
            return connect(endpoint, user, password, "disable");
        }
    }

    private Connection connect(TargetEndpoint endpoint, String user, Secret password, String sslMode) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", user);
        props.setProperty("password", password == null ? "" : password.reveal());
        props.setProperty("sslMode", sslMode);
        props.setProperty("connectTimeout", Long.toString(Math.max(1, connectTimeout.toMillis())));
        props.setProperty("socketTimeout", Long.toString(SOCKET_TIMEOUT_SECONDS * 1000L));
        // caching_sha2_password (MySQL 8) without TLS needs the server's RSA key; with TLS it is not used.
        props.setProperty("allowPublicKeyRetrieval", Boolean.toString(!sslMode.equals("disable")));
        props.setProperty("connectionAttributes", "program_name:switchboard");
        Connection connection = driver.connect(url(endpoint.host(), endpoint.port()), props);
        if (connection == null) throw new SQLException("MariaDB Connector/J did not accept the URL for " + address(endpoint));
        return connection;
    }

    boolean knownWithoutTls(TargetEndpoint endpoint) {
        Instant since = withoutTls.get(address(endpoint));
        return since != null && Duration.between(since, clock.instant()).compareTo(NO_TLS_MEMORY) < 0;
    }

    private static boolean serverHasNoTls(SQLException e) {
        String message = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
        return message.contains("ssl not enabled") || message.contains("ssl is not enabled")
                || message.contains("server doesn't support ssl") || message.contains("does not support ssl");
    }

    static String driverSslMode(String mode) {
        return switch (mode) {
            case "disabled" -> "disable";
            case "verify_ca" -> "verify-ca";
            case "verify_identity" -> "verify-full";
            default -> "trust";
        };
    }

    /** A plain TCP connect, bounded by the connect timeout. */
    void probe(TargetEndpoint endpoint) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(endpoint.host(), endpoint.port()),
                    (int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()));
        }
    }

    static String url(String host, int port) {
        return "jdbc:mariadb://" + hostPart(host) + ":" + port + "/";
    }

    static String address(TargetEndpoint endpoint) {
        return hostPart(endpoint.host()) + ":" + endpoint.port();
    }

    private static String hostPart(String host) {
        return host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
    }
}
