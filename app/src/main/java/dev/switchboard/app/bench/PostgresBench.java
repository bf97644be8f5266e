package dev.switchboard.app.bench;

import dev.switchboard.core.id.ResourceId;
import dev.switchboard.core.secret.Secret;
import dev.switchboard.core.target.TargetEndpoint;
import dev.switchboard.engine.resources.ResourceService;
import dev.switchboard.providers.postgres.PostgresStatements;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * PostgreSQL: the server Switchboard adopts by default (the one {@code --postgres} names). Floor: the provider's own
 * statements (role with a SCRAM verifier, the grants on the database and schema {@code public}) over one JDBC
 * connection, opened per create.
 */
final class PostgresBench implements BenchTarget {
    private final TargetEndpoint admin;
    private String database;

    PostgresBench(TargetEndpoint admin) {
        this.admin = admin;
    }

    @Override
    public String name() { return "postgres"; }

    @Override
    public String describe() { return "PostgreSQL " + admin.host() + ":" + admin.port(); }

    @Override
    public ResourceId register(ResourceService resources, ResourceId group, String marker) {
        ResourceId server = ResourceId.parse(group + "/providers/Microsoft.DBforPostgreSQL/flexibleServers/pg");
        ResourceId db = server.child("databases", "bench_" + marker);
        // No address: the server adopts the default PostgreSQL; the database resource creates the database.
        resources.put(server, Map.of("location", "local", "properties", Map.of()), null, "bench");
        resources.put(db, Map.of("properties", Map.of()), null, "bench");
        database = db.name();
        return db;
    }

    @Override
    public void floorCreate(String login, Secret password) throws Exception {
        run(PostgresStatements.createConnectionLogin(login, password, database, "public", admin.adminLogin()));
    }

    @Override
    public void floorDrop(String login) throws Exception {
        run(PostgresStatements.dropConnectionLogin(login, database, "public", admin.adminLogin()));
    }

    private void run(List<String> statements) throws Exception {
        try (Connection c = connect(database); Statement st = c.createStatement()) {
            for (String sql : statements) st.execute(sql);
        }
    }

    @Override
    public List<String> logins(String marker) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = connect("postgres");
             PreparedStatement s = c.prepareStatement("select rolname from pg_roles where strpos(rolname, ?) > 0")) {
            s.setString(1, marker);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) out.add(rs.getString(1));
            }
        }
        return out;
    }

    /** An administrator session on database {@code db}. */
    Connection connect(String db) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://" + admin.host() + ":" + admin.port() + "/" + db,
                admin.adminLogin(), admin.adminPassword().reveal());
    }

    @Override
    public void close() {
        // the machine's PostgreSQL is not ours to stop
    }
}
