package dev.switchboard.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.providers.kafka.KafkaTestBroker;
import org.apache.kafka.common.acl.AccessControlEntryFilter;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.resource.ResourcePatternFilter;
import redis.clients.jedis.Jedis;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * What each target itself lists, searched by a fragment of the run's prefix (case-insensitively: a hostile name
 * may change case on its way), for the hostile-name properties: who exists and exactly what they may do.
 */
final class TargetListings {
    private TargetListings() { }

    static List<String> pgRoles(String fragment) throws SQLException {
        return LocalPostgres.strings("postgres", "SELECT rolname FROM pg_roles WHERE strpos(lower(rolname), lower(?)) > 0 ORDER BY 1",
                fragment);
    }

    static List<String> pgDatabases(String fragment) throws SQLException {
        return LocalPostgres.strings("postgres",
                "SELECT datname FROM pg_database WHERE strpos(lower(datname), lower(?)) > 0 ORDER BY 1", fragment);
    }

    /** The role's privileges as PostgreSQL reports them, one word per fact, for an exact comparison. */
    static Set<String> pgPrivileges(String role, String database, String schema) throws SQLException {
        Set<String> out = new TreeSet<>();
        try (Connection c = LocalPostgres.admin(database);
             var ps = c.prepareStatement("SELECT rolsuper, rolcreatedb, rolcreaterole, rolcanlogin, rolinherit, rolreplication,"
                     + " rolbypassrls, has_database_privilege(rolname, current_database(), 'CONNECT'),"
                     + " has_database_privilege(rolname, current_database(), 'CREATE'),"
                     + " has_schema_privilege(rolname, ?, 'USAGE'), has_schema_privilege(rolname, ?, 'CREATE')"
                     + " FROM pg_roles WHERE rolname = ?")) {
            ps.setString(1, schema);
            ps.setString(2, schema);
            ps.setString(3, role);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) return out;
                String[] names = {"super", "createdb", "createrole", "login", "inherit", "replication", "bypassrls", "connect",
                        "db-create", "schema-usage", "schema-create"};
                for (int i = 0; i < names.length; i++) if (rs.getBoolean(i + 1)) out.add(names[i]);
            }
        }
        return out;
    }

    private static Connection mysql() throws SQLException {
        return DriverManager.getConnection("jdbc:mariadb://127.0.0.1:3306/", "root", "");
    }

    private static List<String> mysqlStrings(String sql, String arg) throws SQLException {
        try (Connection c = mysql(); var ps = c.prepareStatement(sql)) {
            ps.setString(1, arg);
            List<String> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(rs.getString(1));
            }
            return out;
        }
    }

    static List<String> mysqlDatabases(String fragment) throws SQLException {
        return mysqlStrings("SELECT schema_name FROM information_schema.schemata WHERE instr(lower(schema_name), lower(?)) > 0"
                + " ORDER BY 1", fragment);
    }

    /** {@code user@host} of every account whose user name holds the fragment. */
    static List<String> mysqlUsers(String fragment) throws SQLException {
        return mysqlStrings("SELECT concat(user, '@', host) FROM mysql.user WHERE instr(lower(user), lower(?)) > 0 ORDER BY 1",
                fragment);
    }

    /** Every privilege the account holds anywhere (global, database, table), as {@code scope:PRIVILEGE}. */
    static Set<String> mysqlPrivileges(String user) throws SQLException {
        Set<String> out = new TreeSet<>();
        try (Connection c = mysql(); var ps = c.prepareStatement(
                "SELECT concat('*:', privilege_type) FROM information_schema.user_privileges WHERE grantee = concat('''', ?, '''@''%''')"
                        + " UNION ALL SELECT concat(table_schema, ':', privilege_type) FROM information_schema.schema_privileges"
                        + " WHERE grantee = concat('''', ?, '''@''%''')"
                        + " UNION ALL SELECT concat(table_schema, '.', table_name, ':', privilege_type)"
                        + " FROM information_schema.table_privileges WHERE grantee = concat('''', ?, '''@''%''')")) {
            for (int i = 1; i <= 3; i++) ps.setString(i, user);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(rs.getString(1));
            }
        }
        return out;
    }

    static Set<String> redisUsers(String fragment) {
        try (Jedis j = TargetLogins.redis()) {
            Set<String> out = new TreeSet<>();
            for (String u : j.aclUsers()) if (u.toLowerCase(Locale.ROOT).contains(fragment.toLowerCase(Locale.ROOT))) out.add(u);
            return out;
        }
    }

    /** The user's ACL GETUSER fields ({@code flags}, {@code keys}, {@code channels}, {@code commands}), as Redis writes them. */
    static java.util.Map<String, String> redisAcl(String user) {
        java.util.Map<String, String> out = new java.util.TreeMap<>();
        try (Jedis j = TargetLogins.redis()) {
            Object reply = j.sendCommand(redis.clients.jedis.Protocol.Command.ACL, "GETUSER", user);
            if (!(reply instanceof List<?> fields)) return out;
            for (int i = 0; i + 1 < fields.size(); i += 2) {
                String name = text(fields.get(i));
                if (List.of("flags", "keys", "channels", "commands").contains(name)) out.put(name, text(fields.get(i + 1)));
            }
        }
        return out;
    }

    private static String text(Object reply) {
        if (reply instanceof byte[] b) return new String(b, StandardCharsets.UTF_8);
        if (reply instanceof List<?> l) {
            List<String> parts = new ArrayList<>();
            for (Object o : l) parts.add(text(o));
            return String.join(" ", parts);
        }
        return String.valueOf(reply);
    }

    /** Names of RabbitMQ {@code users} or {@code vhosts} holding the fragment. */
    static Set<String> rabbitNames(String what, String fragment) throws Exception {
        Set<String> out = new TreeSet<>();
        for (JsonNode n : TestServer.JSON.readTree(TargetLogins.rabbit("GET", "/api/" + what, null))) {
            String name = n.path("name").asText();
            if (name.toLowerCase(Locale.ROOT).contains(fragment.toLowerCase(Locale.ROOT))) out.add(name);
        }
        return out;
    }

    /** Every permission entry of users holding the fragment: {@code user vhost configure write read}. */
    static Set<String> rabbitPermissions(String fragment) throws Exception {
        Set<String> out = new TreeSet<>();
        for (JsonNode n : TestServer.JSON.readTree(TargetLogins.rabbit("GET", "/api/permissions", null))) {
            // As rabbitNames: a hostile login may be the fragment in another case
            if (!n.path("user").asText().toLowerCase(Locale.ROOT).contains(fragment.toLowerCase(Locale.ROOT))) continue;
            out.add(String.join("\u0001", n.path("user").asText(), n.path("vhost").asText(), n.path("configure").asText(),
                    n.path("write").asText(), n.path("read").asText()));
        }
        return out;
    }

    /** The principal's ACLs on the broker as {@code TYPE:PATTERN_TYPE:name:OPERATION}. */
    static Set<String> kafkaAcls(KafkaTestBroker kafka, String login) throws Exception {
        Set<String> out = new TreeSet<>();
        try (var admin = kafka.admin()) {
            var filter = new AclBindingFilter(ResourcePatternFilter.ANY, new AccessControlEntryFilter("User:" + login, null,
                    org.apache.kafka.common.acl.AclOperation.ANY, org.apache.kafka.common.acl.AclPermissionType.ANY));
            for (var b : admin.describeAcls(filter).values().get()) {
                out.add(b.pattern().resourceType() + ":" + b.pattern().patternType() + ":" + b.pattern().name() + ":"
                        + b.entry().operation() + ":" + b.entry().permissionType());
            }
        }
        return out;
    }

    static Set<String> kafkaUsers(KafkaTestBroker kafka, String fragment) throws Exception {
        try (var admin = kafka.admin()) {
            Set<String> out = new TreeSet<>();
            for (String u : admin.describeUserScramCredentials().all().get().keySet()) {
                if (u.toLowerCase(Locale.ROOT).contains(fragment.toLowerCase(Locale.ROOT))) out.add(u);
            }
            return out;
        }
    }
}
