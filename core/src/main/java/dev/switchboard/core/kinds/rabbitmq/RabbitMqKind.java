package dev.switchboard.core.kinds.rabbitmq;

import dev.switchboard.core.config.ConfigItem;
import dev.switchboard.core.config.ConnectionFacts;
import dev.switchboard.core.failure.TerminalFailure;
import dev.switchboard.core.id.ResourceId;
import dev.switchboard.core.linker.ClientType;
import dev.switchboard.core.target.AccessScope;
import dev.switchboard.core.target.TargetKind;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * RabbitMQ, as Switchboard's own resource types (there is no Azure one):
 * {@code Switchboard.Messaging/rabbitMQServers} (the broker: property {@code host}, {@code port} default 5672 for
 * AMQP, {@code administratorLogin} and the administrator's password, which is required; endpoint options
 * {@value #MANAGEMENT_PORT} (default {@value #DEFAULT_MANAGEMENT_PORT}) and {@value #MANAGEMENT_SCHEME}
 * ({@code http} or {@code https}, default {@code http}) locate the management HTTP API every admin operation uses)
 * and its child {@code vhosts} (a virtual host; the resource named {@value RabbitMqNames#DEFAULT_VHOST_ALIAS} is
 * the default vhost {@code /}).
 *
 * <p>A connection is a RabbitMQ user of its own with no tags (no management API access) and permissions on exactly
 * one vhost, the target's. {@code properties.access} may hold {@code configure}, {@code write} and {@code read},
 * RabbitMQ's permission regular expressions; each defaults to {@code .*}, i.e. everything inside that vhost: the
 * vhost is the isolation boundary, and most clients declare their own queues and exchanges. Narrow them (e.g.
 * {@code "configure": "^$"} for an app that only uses existing queues) when several apps share one vhost. Any other
 * key in {@code access} is refused, so a misspelt field cannot silently widen the grant. Names: {@link RabbitMqNames};
 * configuration: {@link RabbitMqConfigurationNames} (all names Switchboard's own except Spring Boot's).
 */
public final class RabbitMqKind implements TargetKind {
    public static final String SERVER_TYPE = "switchboard.messaging/rabbitmqservers";
    public static final String MANAGEMENT_PORT = "managementPort";
    public static final String MANAGEMENT_SCHEME = "managementScheme";
    public static final String DEFAULT_MANAGEMENT_PORT = "15672";
    public static final String DEFAULT_PATTERN = ".*";
    private static final Set<String> ACCESS_KEYS = Set.of("configure", "write", "read");

    @Override public String name() { return "rabbitmq"; }

    @Override public List<String> serverTypes() { return List.of(SERVER_TYPE); }

    @Override public Optional<String> childType() { return Optional.of("vhosts"); }

    /** {@value RabbitMqNames#DEFAULT_VHOST_ALIAS} stands for {@code /}; any other name must be a vhost RabbitMQ can hold. */
    @Override public void checkChildName(String name) { RabbitMqNames.vhostOf(name, "vhostName"); }

    @Override public String hostProperty() { return "host"; }

    @Override public int defaultPort() { return 5672; }

    @Override public Set<String> endpointOptions() { return Set.of(MANAGEMENT_PORT, MANAGEMENT_SCHEME); }

    @Override public boolean adminPasswordRequired() { return true; }

    @Override public String configPrefix() { return RabbitMqConfigurationNames.PREFIX; }

    @Override public List<ClientType> clientTypes() {
        return List.of(ClientType.NONE, ClientType.DOTNET, ClientType.JAVA, ClientType.PYTHON, ClientType.GO,
                ClientType.RUBY, ClientType.DJANGO, ClientType.NODEJS, ClientType.SPRING_BOOT);
    }

    @Override public int maxLoginLength() { return RabbitMqNames.MAX_LOGIN; }

    @Override public void checkLogin(String login) {
        RabbitMqNames.requireLogin(login);
    }

    @Override public AccessScope scope(ResourceId target, Map<String, Object> access, String linkerName) {
        for (String key : access.keySet()) {
            if (!ACCESS_KEYS.contains(key)) {
                throw TerminalFailure.badRequest("InvalidAccess", "properties.access." + key,
                        "properties.access." + key + " is not a RabbitMQ permission; use configure, write and read");
            }
        }
        String vhost = RabbitMqNames.vhostOf(target.name(), "properties.targetService.id");
        return new AccessScope.Vhost(vhost, pattern(access, "configure"), pattern(access, "write"), pattern(access, "read"));
    }

    private static String pattern(Map<String, Object> access, String key) {
        String field = "properties.access." + key;
        Object value = access.getOrDefault(key, DEFAULT_PATTERN);
        if (!(value instanceof String s)) {
            throw TerminalFailure.badRequest("InvalidAccess", field, field + " must be a string (a regular expression)");
        }
        return RabbitMqNames.requirePattern(s, field);
    }

    @Override public List<ConfigItem> configuration(ClientType client, ConnectionFacts facts, String infix) {
        return RabbitMqConfigurationNames.items(client, info(facts), infix);
    }

    @Override public List<ConfigItem> bindingEntries(ConnectionFacts facts) {
        return RabbitMqConfigurationNames.bindingEntries(info(facts));
    }

    private static RabbitMqConnectionInfo info(ConnectionFacts facts) {
        AccessScope.Vhost v = (AccessScope.Vhost) facts.scope();
        return new RabbitMqConnectionInfo(facts.host(), facts.port(), v.vhost(), facts.login());
    }
}
