package dev.switchboard.providers.postgres;

import dev.switchboard.core.secret.Secret;
import dev.switchboard.core.target.TargetEndpoint;

import java.io.IOException;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The machine's PostgreSQL on 127.0.0.1:5432 (trust for loopback, superuser {@code postgres}) and helpers that
 * talk to it directly, independently of the code under test. Every test run uses names starting with its own
 * random prefix, and {@link #dropEverything} removes all of them.
 */
final class PgTestSupport {
    static final String HOST = "127.0.0.1";
    static final int PORT = 5432;
    static final TargetEndpoint ADMIN = new TargetEndpoint(HOST, PORT, "postgres", Secret.of("unused-with-trust"), "postgres");

    private PgTestSupport() {
    }

    /** A fresh prefix such as {@code sbt_k3x9q2ab}: lower-case, so it also works unquoted in ad-hoc SQL. */
    static String prefix() {
        StringBuilder sb = new StringBuilder("sbt_");
        ThreadLocalRandom r = ThreadLocalRandom.current();
        for (int i = 0; i < 8; i++) sb.append("abcdefghijklmnopqrstuvwxyz0123456789".charAt(r.nextInt(36)));
        return sb.toString();
    }

    static Connection connect(String database) throws SQLException {
        return connect(HOST, PORT, "postgres", "unused-with-trust", database);
    }

    static Connection connect(String host, int port, String user, String password, String database) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", user);
        props.setProperty("password", password);
        return DriverManager.getConnection(PgConnector.url(host, port, database), props);
    }

    static void exec(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    static List<String> column(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) ps.setObject(i + 1, params[i]);
            List<String> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(rs.getString(1));
            }
            return out;
        }
    }

    static String one(Connection c, String sql, Object... params) throws SQLException {
        List<String> rows = column(c, sql, params);
        return rows.isEmpty() ? null : rows.get(0);
    }

    /** Roles whose names start with {@code prefix} or with {@code pg_} (the reserved ones nobody else creates). */
    static Set<String> watchedRoles(String prefix) throws SQLException {
        try (Connection c = connect("postgres")) {
            return new TreeSet<>(column(c, "select rolname from pg_roles where starts_with(rolname, ?) or starts_with(rolname, 'pg_')", prefix));
        }
    }

    static Set<String> databases(String prefix) throws SQLException {
        try (Connection c = connect("postgres")) {
            return new TreeSet<>(column(c, "select datname from pg_database where starts_with(datname, ?)", prefix));
        }
    }

    static Set<String> roles(String prefix) throws SQLException {
        try (Connection c = connect("postgres")) {
            return new TreeSet<>(column(c, "select rolname from pg_roles where starts_with(rolname, ?)", prefix));
        }
    }

    /** Drops every database and role whose name starts with {@code prefix}, whatever state a failed test left. */
    static void dropEverything(String prefix) throws SQLException {
        try (Connection c = connect("postgres")) {
            for (String db : databases(prefix)) exec(c, "DROP DATABASE IF EXISTS " + PgIdentifiers.quoteIdent(db) + " WITH (FORCE)");
            for (String role : roles(prefix)) {
                for (String db : column(c, "select datname from pg_database where datallowconn")) {
                    try (Connection d = connect(db)) {
                        exec(d, "DROP OWNED BY " + PgIdentifiers.quoteIdent(role));
                    }
                }
                exec(c, "DROP ROLE IF EXISTS " + PgIdentifiers.quoteIdent(role));
            }
        }
    }

    /** A TCP port on which nothing listens (it was free a moment ago). */
    static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
