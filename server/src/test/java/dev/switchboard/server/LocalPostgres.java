package dev.switchboard.server;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Assertions against the machine's PostgreSQL catalog, as its administrator. */
public final class LocalPostgres {
    private LocalPostgres() { }

    public static Connection admin(String database) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/" + database, "postgres", "");
    }

    public static List<String> rolesLike(String prefix) throws SQLException {
        return strings("postgres", "SELECT rolname FROM pg_roles WHERE starts_with(rolname, ?) ORDER BY 1", prefix);
    }

    public static List<String> databasesLike(String prefix) throws SQLException {
        return strings("postgres", "SELECT datname FROM pg_database WHERE starts_with(datname, ?) ORDER BY 1", prefix);
    }

    public static boolean roleExists(String role) throws SQLException {
        return !strings("postgres", "SELECT rolname FROM pg_roles WHERE rolname = ?", role).isEmpty();
    }

    /** {@code rolsuper, rolcreatedb, rolcreaterole, rolcanlogin} as "tfff"-style flags. */
    public static String roleFlags(String role) throws SQLException {
        List<String> r = strings("postgres", "SELECT (rolsuper::int)::text || (rolcreatedb::int)::text || (rolcreaterole::int)::text"
                + " || (rolcanlogin::int)::text FROM pg_roles WHERE rolname = ?", role);
        return r.isEmpty() ? null : r.get(0);
    }

    public static List<String> strings(String database, String sql, String arg) throws SQLException {
        try (Connection c = admin(database); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, arg);
            List<String> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(rs.getString(1));
            }
            return out;
        }
    }

    public static void execute(String database, String sql) throws SQLException {
        try (Connection c = admin(database); var st = c.createStatement()) {
            st.execute(sql);
        }
    }
}
