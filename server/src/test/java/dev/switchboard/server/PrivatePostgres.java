package dev.switchboard.server;

import dev.switchboard.providers.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * A PostgreSQL cluster of a test's own (the project's embedded runner): it checks passwords (SCRAM), unlike the
 * machine's trust-on-loopback server, and a test may stop and start it, which it must never do to the machine's.
 * Its bootstrap superuser {@link #SUPERUSER} keeps its password for the whole test, so the test can always look.
 */
final class PrivatePostgres implements AutoCloseable {
    static final String SUPERUSER = "admin";
    private final Path base;
    private final String password = "Boot-" + ApiChecks.secret();
    private volatile EmbeddedPostgres pg;
    private final int port;

    private PrivatePostgres(Path base) throws IOException {
        this.base = base;
        this.pg = EmbeddedPostgres.start(base, 0, SUPERUSER, password);
        this.port = pg.port();
    }

    static PrivatePostgres start(Path base) throws IOException {
        return new PrivatePostgres(base);
    }

    int port() { return port; }

    /** The bootstrap superuser's password, to register the cluster as a server resource. */
    String password() { return password; }

    /** {@code pg_ctl stop -m fast}: sessions end, the port closes. */
    void stop() {
        pg.close();
    }

    /** The same cluster again, on the same port. */
    void startAgain() {
        try {
            pg = EmbeddedPostgres.start(base, port, SUPERUSER, password);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    boolean roleExists(String role) throws SQLException {
        try (Connection c = connect("postgres"); PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_roles WHERE rolname = ?")) {
            ps.setString(1, role);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    void execute(String database, String sql) throws SQLException {
        try (Connection c = connect(database); var st = c.createStatement()) {
            st.execute(sql);
        }
    }

    private Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(pg.jdbcUrl(database), SUPERUSER, password);
    }

    /** Stops the cluster and deletes it (also when it was moved to /var/tmp because the tests run as root). */
    @Override
    public void close() {
        pg.destroy();
    }
}
