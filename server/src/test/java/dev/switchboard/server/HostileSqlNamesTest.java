package dev.switchboard.server;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.nio.file.Files;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile login names ({@code properties.authInfo.name}) and schemas ({@code properties.access.schema}) for
 * PostgreSQL and MySQL connections through the API: refused with a 400 naming the field, nothing on the server;
 * or one new role/user, with exactly the documented grants, that logs in, and is gone after the delete. The
 * database names themselves are in {@link HostileIdSegmentsTest} (they are ID segments).
 */
class HostileSqlNamesTest {
    static final String PREFIX = "sbhs" + ApiChecks.suffix();
    static final String RG = "/subscriptions/" + TestServer.SUB + "/resourceGroups/" + PREFIX;
    static final String PG = RG + "/providers/Microsoft.DBforPostgreSQL/flexibleServers/pg";
    static final String PG_DB = PG + "/databases/" + PREFIX + "_db";
    static final String MY = RG + "/providers/Microsoft.DBforMySQL/flexibleServers/my";
    static final String MY_DB = MY + "/databases/" + PREFIX + "_db";
    /** What a PostgreSQL connection's login may do, as the catalog reports it (README: LOGIN, CONNECT, USAGE on the schema). */
    static final Set<String> PG_GRANTS = Set.of("login", "connect", "schema-usage");

    static TestServer sb;
    static HostileConnections connections;

    @BeforeContainer
    static void start() throws Exception {
        sb = TestServer.start(Files.createTempDirectory("sb-hostile-sql"));
        connections = new HostileConnections(sb, RG, PREFIX);
        HostileConnections.put(sb, RG, Map.of("location", "local"));
        HostileConnections.put(sb, PG, Map.of("location", "local", "properties", Map.of()));
        HostileConnections.put(sb, PG_DB, Map.of("properties", Map.of()));
        HostileConnections.put(sb, MY, Map.of("location", "local", "properties", Map.of("fullyQualifiedDomainName", "127.0.0.1", "port", 3306,
                "administratorLogin", "root", "administratorLoginPassword", "")));
        HostileConnections.put(sb, MY_DB, Map.of("properties", Map.of()));
    }

    @AfterContainer
    static void stop() throws Exception {
        try {
            HostileConnections.close(sb, RG);
        } finally {
            assertThat(ApiChecks.sweepLocalPostgres(PREFIX)).as("left on PostgreSQL").isEmpty();
            assertThat(TargetListings.mysqlUsers(PREFIX)).as("users left on MySQL").isEmpty();
            assertThat(TargetListings.mysqlDatabases(PREFIX)).as("databases left on MySQL").isEmpty();
        }
    }

    @Provide
    Arbitrary<String> names() {
        return HostileStrings.logins(PREFIX);
    }

    static final HostileConnections.Target POSTGRES = new HostileConnections.Target() {
        @Override public Set<String> logins() throws Exception {
            return new TreeSet<>(TargetListings.pgRoles(PREFIX));
        }

        @Override public Object grants(String login) throws Exception {
            return TargetListings.pgPrivileges(login, PREFIX + "_db", "public");
        }
    };

    static final HostileConnections.Target MYSQL = new HostileConnections.Target() {
        @Override public Set<String> logins() throws Exception {
            return new TreeSet<>(TargetListings.mysqlUsers(PREFIX).stream().map(u -> u.substring(0, u.lastIndexOf('@'))).toList());
        }

        @Override public Object grants(String login) throws Exception {
            assertThat(TargetListings.mysqlUsers(login)).as("hosts of %s", login).contains(login + "@%");
            return TargetListings.mysqlPrivileges(login);
        }
    };

    @Property(tries = 40)
    void postgresLoginNames(@ForAll("names") String login) throws Exception {
        connections.attempt(HostileConnections.properties(PG_DB, login, Map.of()), "properties.authInfo.name", login, POSTGRES,
                PG_GRANTS, false);
    }

    @Property(tries = 25)
    void postgresSchemas(@ForAll("names") String schema) throws Exception {
        String login = connections.login();
        // A name the kind may accept is made a real schema first (quoted, as an operator could), so a grant has a place.
        boolean legal = schema.matches("[A-Za-z_][A-Za-z0-9_]{0,62}") && !schema.toLowerCase(java.util.Locale.ROOT).startsWith("pg_");
        if (legal) LocalPostgres.execute(PREFIX + "_db", "CREATE SCHEMA IF NOT EXISTS " + ApiChecks.quote(schema));
        try {
            HostileConnections.Target inSchema = new HostileConnections.Target() {
                @Override public Set<String> logins() throws Exception {
                    return POSTGRES.logins();
                }

                @Override public Object grants(String l) throws Exception {
                    return TargetListings.pgPrivileges(l, PREFIX + "_db", schema);
                }
            };
            connections.attempt(HostileConnections.properties(PG_DB, login, Map.of("schema", schema)), "properties.access.schema",
                    login, inSchema, PG_GRANTS, false);
        } finally {
            if (legal) LocalPostgres.execute(PREFIX + "_db", "DROP SCHEMA IF EXISTS " + ApiChecks.quote(schema) + " CASCADE");
        }
    }

    @Property(tries = 40)
    void mysqlLoginNames(@ForAll("names") String login) throws Exception {
        String db = PREFIX + "\\_db";   // as MySQL's catalog writes the grant: '_' escaped, so it is no wildcard
        connections.attempt(HostileConnections.properties(MY_DB, login, Map.of()), "properties.authInfo.name", login, MYSQL,
                Set.of("*:USAGE", db + ":SELECT", db + ":INSERT", db + ":UPDATE", db + ":DELETE"), false);
    }
}
