package dev.switchboard.app.bench;

import dev.switchboard.core.id.ResourceId;
import dev.switchboard.core.secret.Secret;
import dev.switchboard.core.target.TargetEndpoint;
import dev.switchboard.engine.resources.ResourceService;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * MySQL/MariaDB. Floor: {@code CREATE USER 'login'@'%' IDENTIFIED BY ...} and the DML grant on the database, over
 * one MariaDB Connector/J connection opened per create (the driver the provider uses).
 */
final class MysqlBench implements BenchTarget {
    private final TargetEndpoint admin;
    private String database;

    MysqlBench(TargetEndpoint admin) {
        this.admin = admin;
    }

    @Override
    public String name() { return "mysql"; }

    @Override
    public String describe() { return "MySQL/MariaDB " + admin.host() + ":" + admin.port(); }

    @Override
    public ResourceId register(ResourceService resources, ResourceId group, String marker) {
        ResourceId server = ResourceId.parse(group + "/providers/Microsoft.DBforMySQL/flexibleServers/my");
        ResourceId db = server.child("databases", "bench_" + marker);
        resources.put(server, Map.of("location", "local", "properties", Map.of("fullyQualifiedDomainName", admin.host(),
                "port", admin.port(), "administratorLogin", admin.adminLogin(),
                "administratorLoginPassword", admin.adminPassword().reveal())), null, "bench");
        resources.put(db, Map.of("properties", Map.of()), null, "bench");
        database = db.name();
        return db;
    }

    @Override
    public void floorCreate(String login, Secret password) throws Exception {
        // '_' is a wildcard in a database-level grant: escaped, as the provider does, so the grant is on this database only.
        String on = "`" + database.replace("`", "``").replace("_", "\\_") + "`.*";
        try (Connection c = connect(); Statement st = c.createStatement()) {
            st.execute("CREATE USER " + account(login) + " IDENTIFIED BY " + literal(password.reveal()));
            st.execute("GRANT SELECT, INSERT, UPDATE, DELETE ON " + on + " TO " + account(login));
        }
    }

    @Override
    public void floorDrop(String login) throws Exception {
        try (Connection c = connect(); Statement st = c.createStatement()) {
            st.execute("DROP USER IF EXISTS " + account(login));
        }
    }

    @Override
    public List<String> logins(String marker) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = connect(); PreparedStatement s = c.prepareStatement("select user from mysql.user where instr(user, ?) > 0")) {
            s.setString(1, marker);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) out.add(rs.getString(1));
            }
        }
        return out;
    }

    private Connection connect() throws Exception {
        return DriverManager.getConnection("jdbc:mariadb://" + admin.host() + ":" + admin.port() + "/", admin.adminLogin(),
                admin.adminPassword().reveal());
    }

    /** Bench logins are letters, digits and '_'; quoted all the same (quote doubled, backslash escaped). */
    private static String literal(String value) {
        return "'" + value.replace("\\", "\\\\").replace("'", "''") + "'";
    }

    private static String account(String login) {
        return literal(login) + "@'%'";
    }

    @Override
    public void close() {
        // the machine's MariaDB is not ours to stop
    }
}
