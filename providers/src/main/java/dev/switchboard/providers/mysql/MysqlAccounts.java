package dev.switchboard.providers.mysql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads accounts and privileges from the grant tables with bound parameters ({@code mysql.user}, a view over
 * {@code mysql.global_priv} on MariaDB 10.4+, and {@code mysql.db}), the same on MySQL and MariaDB. A privilege
 * word is the {@code *_priv} column's name without the suffix, upper case, behind {@code GLOBAL:} or {@code DB:}
 * ({@code DB:SELECT}, {@code DB:CREATE_TMP_TABLE}, {@code DB:GRANT} for the grant option), so every column a
 * server version has is reported without a list to maintain.
 */
final class MysqlAccounts {
    private MysqlAccounts() {
    }

    /** Every account named {@code login}: host → the global privileges it holds (empty for a plain login). */
    static Map<String, Set<String>> accounts(Connection c, String login) throws SQLException {
        Map<String, Set<String>> out = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT * FROM mysql.user WHERE User = ?")) {
            ps.setString(1, login);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.put(rs.getString("Host"), privileges(rs, "GLOBAL:"));
            }
        }
        return out;
    }

    /** The database-level privileges {@code 'login'@'%'} holds on exactly {@code database} (its escaped pattern row). */
    static Set<String> databasePrivileges(Connection c, String login, String database) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT * FROM mysql.db WHERE User = ? AND Host = ? AND Db = ?")) {
            ps.setString(1, login);
            ps.setString(2, MysqlSql.HOST);
            ps.setString(3, MysqlSql.grantPattern(database));
            try (ResultSet rs = ps.executeQuery()) {
                Set<String> out = new TreeSet<>();
                while (rs.next()) out.addAll(privileges(rs, "DB:"));
                return out;
            }
        }
    }

    static boolean databaseExists(Connection c, String database) throws SQLException {
        // The column's collation may ignore case and trailing spaces; the name must match exactly, so compare here.
        try (PreparedStatement ps = c.prepareStatement("SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?")) {
            ps.setString(1, database);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (database.equals(rs.getString(1))) return true;
                }
                return false;
            }
        }
    }

    /** Whether string literals in this session treat '\' as an ordinary character. */
    static boolean noBackslashEscapes(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT @@SESSION.sql_mode");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return String.valueOf(rs.getString(1)).toUpperCase(Locale.ROOT).contains("NO_BACKSLASH_ESCAPES");
        }
    }

    private static Set<String> privileges(ResultSet rs, String prefix) throws SQLException {
        ResultSetMetaData meta = rs.getMetaData();
        Set<String> out = new TreeSet<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
            String column = meta.getColumnLabel(i);
            if (column.toLowerCase(Locale.ROOT).endsWith("_priv") && "Y".equalsIgnoreCase(rs.getString(i))) {
                out.add(prefix + column.substring(0, column.length() - "_priv".length()).toUpperCase(Locale.ROOT));
            }
        }
        return out;
    }
}
