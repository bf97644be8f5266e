package dev.switchboard.core.kinds.redis;

import dev.switchboard.core.config.ConfigItem;
import dev.switchboard.core.config.ConnectionFacts;
import dev.switchboard.core.failure.TerminalFailure;
import dev.switchboard.core.id.ResourceId;
import dev.switchboard.core.linker.ClientType;
import dev.switchboard.core.target.AccessScope;
import dev.switchboard.core.target.TargetKind;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code Microsoft.Cache/redis}: one Redis ACL user per connection, limited to a key pattern, a channel pattern and
 * a list of command rules. A connection targets the server itself (no child type; the Redis database index only
 * changes the configuration, since ACLs are server-wide).
 *
 * <p>{@code properties.access} (all optional):
 * <ul>
 *   <li>{@code keyPattern}: glob of the keys the login may touch, default {@code *};</li>
 *   <li>{@code channelPattern}: glob of the pub/sub channels, default {@code *};</li>
 *   <li>{@code commands}: ACL command rules in order, a list or one space-separated string, default
 *   {@code +@all -@admin -@dangerous} (everything but administration and commands such as FLUSHALL, KEYS, CONFIG);</li>
 *   <li>{@code database}: the database index written into the configuration, default 0 (see {@link #database}).</li>
 * </ul>
 * Server resource: address {@code hostName}, {@code port} (default 6379), admin login {@code administratorLogin}
 * (default {@code default}, Redis's built-in user), admin password optional. Endpoint option {@code ssl}
 * ({@code true}/{@code false}, default false): the port speaks TLS; the configuration then uses {@code rediss://}
 * and {@code ssl=True}, and the provider connects with TLS.
 */
public final class RedisKind implements TargetKind {
    public static final String DEFAULT_ADMIN = "default";
    public static final List<String> DEFAULT_COMMANDS = List.of("+@all", "-@admin", "-@dangerous");
    /** Redis's {@code databases} setting defaults to 16; larger servers are allowed up to this bound. */
    public static final int MAX_DATABASE = 1023;

    @Override public String name() { return "redis"; }

    @Override public List<String> serverTypes() { return List.of("microsoft.cache/redis"); }

    @Override public Optional<String> childType() { return Optional.empty(); }

    @Override public String hostProperty() { return "hostName"; }

    @Override public int defaultPort() { return 6379; }

    @Override public Set<String> endpointOptions() { return Set.of("ssl"); }

    /** Redis's built-in user: the machine's server and most self-hosted ones have only that one. */
    @Override public String defaultAdminLogin() { return "default"; }

    @Override public boolean adminPasswordRequired() { return false; }

    @Override public String configPrefix() { return RedisConfigurationNames.PREFIX; }

    @Override public List<ClientType> clientTypes() {
        return List.of(ClientType.NONE, ClientType.DOTNET, ClientType.JAVA, ClientType.PYTHON, ClientType.GO,
                ClientType.NODEJS, ClientType.SPRING_BOOT);
    }

    @Override public int maxLoginLength() { return 64; }

    @Override public void checkLogin(String login) {
        RedisAcl.requireUser(login);
    }

    @Override public AccessScope scope(ResourceId target, Map<String, Object> access, String linkerName) {
        String keys = RedisAcl.requirePattern(string(access, "keyPattern", "*"), "properties.access.keyPattern");
        String channels = RedisAcl.requirePattern(string(access, "channelPattern", "*"), "properties.access.channelPattern");
        List<String> rules = RedisAcl.requireRules(rules(access.get("commands")), "properties.access.commands");
        database(access);
        return new AccessScope.Keys(keys, channels, rules);
    }

    /**
     * {@code access.database} (0-{@value #MAX_DATABASE}, default 0). {@link AccessScope.Keys} has no place for it, so
     * the engine passes it to {@link #configuration} as the {@link ConnectionFacts} option {@code database}.
     */
    @Override public Map<String, String> configurationOptions(Map<String, Object> access) {
        return Map.of("database", String.valueOf(database(access)));
    }

    public static int database(Map<String, Object> access) {
        Object value = access.getOrDefault("database", 0);
        int index = -1;
        if (value instanceof Number n && n.doubleValue() == n.intValue()) index = n.intValue();
        else if (value instanceof String s && s.matches("[0-9]{1,4}")) index = Integer.parseInt(s);
        if (index < 0 || index > MAX_DATABASE) {
            throw TerminalFailure.badRequest("InvalidAccess", "properties.access.database",
                    "properties.access.database must be a database index from 0 to " + MAX_DATABASE);
        }
        return index;
    }

    @Override public List<ConfigItem> configuration(ClientType client, ConnectionFacts facts, String infix) {
        return RedisConfigurationNames.items(client, info(facts), infix);
    }

    @Override public List<ConfigItem> bindingEntries(ConnectionFacts facts) {
        return RedisConfigurationNames.bindingEntries(info(facts));
    }

    private RedisConnectionInfo info(ConnectionFacts facts) {
        checkLogin(facts.login());
        int database = database(Map.of("database", facts.option("database", "0")));
        boolean ssl = Boolean.parseBoolean(facts.option("ssl", "false"));
        return new RedisConnectionInfo(facts.host(), facts.port(), database, facts.login(), ssl);
    }

    private static String string(Map<String, Object> access, String name, String fallback) {
        Object value = access.getOrDefault(name, fallback);
        if (value instanceof String s) return s;
        throw TerminalFailure.badRequest("InvalidAccess", "properties.access." + name, "properties.access." + name + " must be a string");
    }

    private static List<String> rules(Object value) {
        if (value == null) return DEFAULT_COMMANDS;
        if (value instanceof String s) return Arrays.stream(s.strip().split(" +")).filter(r -> !r.isEmpty()).toList();
        if (value instanceof List<?> list && list.stream().allMatch(String.class::isInstance)) {
            return list.stream().map(String.class::cast).toList();
        }
        throw TerminalFailure.badRequest("InvalidAccess", "properties.access.commands",
                "properties.access.commands must be a list of ACL rules or one space-separated string");
    }
}
