package dev.switchboard.providers.mysql;

import dev.switchboard.core.secret.Secret;
import dev.switchboard.core.target.TargetEndpoint;
import org.mariadb.jdbc.Driver;

import java.io.IOException;
import java.net.ServerSocket;
import java.sql.Connection;
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
 * The machine's MariaDB on 127.0.0.1:3306, where {@code root@127.0.0.1} logs in over TCP without a password (the
 * package also has {@code root@localhost} for the unix socket; JDBC needs TCP, and that account is what answers
 * 127.0.0.1). Helpers talk to it directly, independently of the code under test. Every test class uses names
 * starting with its own random prefix, and {@link #dropEverything} removes all of them.
 */
final class MysqlTestSupport {
    static final String HOST = "127.0.0.1";
    static final int PORT = 3306;
    static final TargetEndpoint ADMIN = new TargetEndpoint(HOST, PORT, "root", Secret.of(""), null);
    private static final Driver DRIVER = new Driver();

    private MysqlTestSupport() {
    }

    /** A fresh prefix such as {@code sbt_k3x9q2ab}. */
    static String prefix() {
        StringBuilder sb = new StringBuilder("sbt_");
        ThreadLocalRandom r = ThreadLocalRandom.current();
        for (int i = 0; i < 8; i++) sb.append("abcdefghijklmnopqrstuvwxyz0123456789".charAt(r.nextInt(36)));
        return sb.toString();
    }

    static Connection root() throws SQLException {
        return connect("root", "");
    }

    static Connection connect(String user, String password) throws SQLException {
        return connect(PORT, user, password);
    }

    static Connection connect(int port, String user, String password) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", user);
        props.setProperty("password", password);
        props.setProperty("connectTimeout", "3000");
        return DRIVER.connect(MysqlConnector.url(HOST, port), props);
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

    /** The SQLState-independent MySQL error number {@code work} fails with, or 0. */
    static int errorOf(SqlRunnable work) {
        try {
            work.run();
            return 0;
        } catch (SQLException e) {
            return e.getErrorCode();
        }
    }

    @FunctionalInterface
    interface SqlRunnable {
        void run() throws SQLException;
    }

    /** Accounts ({@code user@host}) whose user name contains {@code fragment} (compared in Java, byte-exact). */
    static Set<String> accounts(String fragment) throws SQLException {
        try (Connection c = root()) {
            Set<String> out = new TreeSet<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT User, Host FROM mysql.user");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (rs.getString(1).contains(fragment)) out.add(rs.getString(1) + "@" + rs.getString(2));
                }
            }
            return out;
        }
    }

    /** Databases whose name contains {@code fragment}. */
    static Set<String> databases(String fragment) throws SQLException {
        try (Connection c = root()) {
            Set<String> out = new TreeSet<>();
            for (String db : column(c, "SELECT SCHEMA_NAME FROM information_schema.SCHEMATA")) {
                if (db.contains(fragment)) out.add(db);
            }
            return out;
        }
    }

    /** mysql.db rows (user@host on db) whose user name contains {@code fragment}: grants a dropped user left. */
    static Set<String> databaseGrants(String fragment) throws SQLException {
        try (Connection c = root()) {
            Set<String> out = new TreeSet<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT User, Host, Db FROM mysql.db");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (rs.getString(1).contains(fragment)) out.add(rs.getString(1) + "@" + rs.getString(2) + " on " + rs.getString(3));
                }
            }
            return out;
        }
    }

    static List<String> showGrants(String login) throws SQLException {
        try (Connection c = root()) {
            return column(c, "SHOW GRANTS FOR " + MysqlSql.account(login, false));
        }
    }

    /** Drops every account and database whose name contains {@code fragment}, whatever state a failed test left. */
    static void dropEverything(String fragment) throws SQLException {
        try (Connection c = root()) {
            for (String db : databases(fragment)) exec(c, "DROP DATABASE IF EXISTS " + MysqlSql.quoteIdent(db));
            try (PreparedStatement ps = c.prepareStatement("SELECT User, Host FROM mysql.user");
                 ResultSet rs = ps.executeQuery()) {
                List<String[]> doomed = new ArrayList<>();
                while (rs.next()) {
                    if (rs.getString(1).contains(fragment)) doomed.add(new String[]{rs.getString(1), rs.getString(2)});
                }
                for (String[] a : doomed) {
                    exec(c, "DROP USER IF EXISTS " + MysqlSql.quoteString(a[0], false) + "@" + MysqlSql.quoteString(a[1], false));
                }
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
