package dev.switchboard.server;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile login names, Redis key/channel patterns and command rules, and RabbitMQ configure/write/read patterns,
 * through the API against the machine's Redis and RabbitMQ: a 400 naming the field with nothing on the server, or
 * exactly one new user whose ACL / permissions are exactly what was asked (a pattern with a space stays one
 * pattern, nothing widens to {@code *} or {@code .*}), that validates, and is gone after the delete.
 */
class HostileRedisRabbitNamesTest {
    static final String PREFIX = "sbhq" + ApiChecks.suffix();
    static final String RG = "/subscriptions/" + TestServer.SUB + "/resourceGroups/" + PREFIX;
    static final String REDIS = RG + "/providers/Microsoft.Cache/redis/cache";
    static final String MQ = RG + "/providers/Switchboard.Messaging/rabbitMQServers/mq";
    static final String VHOST = PREFIX + "_vh";
    static final String MQ_VHOST = MQ + "/vhosts/" + VHOST;

    static TestServer sb;
    static HostileConnections connections;

    @BeforeContainer
    static void start() throws Exception {
        sb = TestServer.start(Files.createTempDirectory("sb-hostile-queues"));
        connections = new HostileConnections(sb, RG, PREFIX);
        String script = System.getProperty("switchboard.repoRoot") + "/bin/lib/rabbitmq-management.sh";
        assertThat(new ProcessBuilder("bash", script).inheritIO().start().waitFor()).isZero();
        HostileConnections.put(sb, RG, Map.of("location", "local"));
        HostileConnections.put(sb, REDIS, Map.of("location", "local", "properties", Map.of("hostName", "127.0.0.1", "port", 6379)));
        HostileConnections.put(sb, MQ, Map.of("location", "local", "properties", Map.of("host", "127.0.0.1", "port", 5672,
                "administratorLogin", "guest", "administratorLoginPassword", "guest")));
        HostileConnections.put(sb, MQ_VHOST, Map.of("properties", Map.of()));
    }

    @AfterContainer
    static void stop() throws Exception {
        try {
            HostileConnections.close(sb, RG);
        } finally {
            assertThat(TargetListings.redisUsers(PREFIX)).as("left on Redis").isEmpty();
            assertThat(TargetListings.rabbitNames("users", PREFIX)).as("users left on RabbitMQ").isEmpty();
            assertThat(TargetListings.rabbitNames("vhosts", PREFIX)).as("vhosts left on RabbitMQ").isEmpty();
        }
    }

    static final HostileConnections.Target REDIS_USERS = new HostileConnections.Target() {
        @Override public Set<String> logins() {
            return TargetListings.redisUsers(PREFIX);
        }

        @Override public Object grants(String login) {
            Map<String, String> acl = new TreeMap<>(TargetListings.redisAcl(login));
            assertThat(acl.get("flags")).as("flags of %s", login).contains("on").doesNotContain("nopass", "allkeys");
            assertThat(acl.get("commands")).as("commands of %s", login).doesNotContain("+@admin", "+@dangerous");
            acl.remove("flags");
            acl.remove("commands");
            return acl;
        }
    };

    static final HostileConnections.Target RABBIT_USERS = new HostileConnections.Target() {
        @Override public Set<String> logins() throws Exception {
            return TargetListings.rabbitNames("users", PREFIX);
        }

        @Override public Object grants(String login) throws Exception {
            return TargetListings.rabbitPermissions(PREFIX);
        }
    };

    @Provide
    Arbitrary<String> names() {
        return HostileStrings.logins(PREFIX);
    }

    @Provide
    Arbitrary<String> globs() {
        return HostileStrings.values(PREFIX, ":");
    }

    @Provide
    Arbitrary<String> regexes() {
        return HostileStrings.values("^" + PREFIX, "\\.");
    }

    @Provide
    Arbitrary<List<String>> rules() {
        return Arbitraries.of("+@all", "-@admin", "-@dangerous", "+@read", "+@write", "+get", "+set", "+@admin", "+acl", "+config|get",
                "allkeys", "~*", ">pw", "nopass", "on", "reset", "", " ", "+get +@admin", "+get\n+acl", "+@read\0", "+GET", "-@all")
                .list().ofMinSize(1).ofMaxSize(4);
    }

    @Property(tries = 30)
    void redisLoginNames(@ForAll("names") String login) throws Exception {
        connections.attempt(HostileConnections.properties(REDIS, login, Map.of()), "properties.authInfo.name", login, REDIS_USERS,
                Map.of("channels", "&*", "keys", "~*"), false);
    }

    @Property(tries = 30)
    void redisKeyAndChannelPatterns(@ForAll("globs") String pattern) throws Exception {
        String login = connections.login();
        connections.attempt(HostileConnections.properties(REDIS, login, Map.of("keyPattern", pattern, "channelPattern", pattern)),
                "properties.access.", login, REDIS_USERS, Map.of("channels", "&" + pattern, "keys", "~" + pattern), true);
    }

    @Property(tries = 20)
    void redisCommandRules(@ForAll("rules") List<String> rules) throws Exception {
        String login = connections.login();
        connections.attempt(HostileConnections.properties(REDIS, login, Map.of("keyPattern", PREFIX + ":*", "commands", rules)),
                "properties.access.commands", login, REDIS_USERS, null, false);
    }

    @Property(tries = 30)
    void rabbitLoginNames(@ForAll("names") String login) throws Exception {
        connections.attempt(HostileConnections.properties(MQ_VHOST, login, Map.of()), "properties.authInfo.name", login,
                RABBIT_USERS, Set.of(String.join("\u0001", login, VHOST, ".*", ".*", ".*")), false);
    }

    @Property(tries = 30)
    void rabbitPermissionPatterns(@ForAll("regexes") String regex) throws Exception {
        String login = connections.login();
        connections.attempt(HostileConnections.properties(MQ_VHOST, login, Map.of("configure", regex, "write", regex, "read", regex)),
                "properties.access.", login, RABBIT_USERS, Set.of(String.join("\u0001", login, VHOST, regex, regex, regex)), true);
    }
}
