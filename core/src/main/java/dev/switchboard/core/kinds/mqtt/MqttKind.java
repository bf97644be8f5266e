package dev.switchboard.core.kinds.mqtt;

import dev.switchboard.core.config.ConfigItem;
import dev.switchboard.core.config.ConnectionFacts;
import dev.switchboard.core.failure.TerminalFailure;
import dev.switchboard.core.id.ResourceId;
import dev.switchboard.core.linker.ClientType;
import dev.switchboard.core.target.AccessScope;
import dev.switchboard.core.target.TargetKind;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code Switchboard.Messaging/mqttBrokers}: an MQTT broker (Eclipse Mosquitto 2.x with its dynamic-security
 * plugin) that a connection targets directly (no child type). Server properties: {@code host} (address),
 * {@code port} (default 1883), {@code administratorLogin} (a dynamic-security client allowed to use
 * {@code $CONTROL/dynamic-security/#}, e.g. the one {@code mosquitto_ctrl dynsec init} creates) and its password
 * (required). No endpoint options: plain MQTT over TCP.
 *
 * <p>A connection gets a dynamic-security client (username = login) and a role of its own holding its ACLs. The
 * linker's {@code properties.access} object has two optional fields, each a topic filter or a list of them
 * (at most {@value #MAX_FILTERS}, checked by {@link MqttTopicFilters}):
 * <ul>
 *   <li>{@code publish}: filters the login may publish to; default {@code <linkerName>/#};</li>
 *   <li>{@code subscribe}: filters the login may subscribe to (and receive from); default {@code <linkerName>/#}.</li>
 * </ul>
 * The default is a namespace of the connection's own: a connection sees nothing of another's unless both are
 * given a shared filter explicitly. An empty list grants nothing for that direction; both empty is refused.
 *
 * <p>All configuration names are Switchboard's own ({@code SWITCHBOARD_MQTT_*}): Service Connector has no MQTT
 * target; see {@link MqttConfigurationNames}.
 */
public final class MqttKind implements TargetKind {
    public static final int MAX_FILTERS = 32;
    private static final Pattern LOGIN = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.\\-]{0,63}");
    private static final Pattern LINKER = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.\\-]{0,127}");
    private static final Set<String> FIELDS = Set.of("publish", "subscribe");

    @Override public String name() { return "mqtt"; }

    @Override public List<String> serverTypes() { return List.of("switchboard.messaging/mqttbrokers"); }

    @Override public Optional<String> childType() { return Optional.empty(); }

    @Override public String hostProperty() { return "host"; }

    @Override public int defaultPort() { return 1883; }

    @Override public Set<String> endpointOptions() { return Set.of(); }

    @Override public boolean adminPasswordRequired() { return true; }

    @Override public String configPrefix() { return MqttConfigurationNames.PREFIX; }

    @Override public List<ClientType> clientTypes() { return MqttConfigurationNames.CLIENT_TYPES; }

    @Override public int maxLoginLength() { return 64; }

    /** 1-64 characters of letters, digits, '_', '.', '-', not starting with '.' or '-'. */
    @Override public void checkLogin(String login) {
        if (login == null || !LOGIN.matcher(login).matches()) {
            throw TerminalFailure.badRequest("InvalidLoginName", "properties.authInfo.name", "properties.authInfo.name must be"
                    + " 1-64 characters of letters, digits, '_', '.' and '-', not starting with '.' or '-'");
        }
    }

    @Override public AccessScope scope(ResourceId target, Map<String, Object> access, String linkerName) {
        Map<String, Object> given = access == null ? Map.of() : access;
        for (String key : given.keySet()) {
            if (!FIELDS.contains(key)) {
                throw TerminalFailure.badRequest("InvalidAccess", "properties.access." + key,
                        "properties.access." + key + " is not known: an MQTT connection's access has 'publish' and 'subscribe'");
            }
        }
        List<String> publish = filters(given, "publish", linkerName);
        List<String> subscribe = filters(given, "subscribe", linkerName);
        if (publish.isEmpty() && subscribe.isEmpty()) {
            throw TerminalFailure.badRequest("InvalidAccess", "properties.access",
                    "properties.access must allow at least one topic filter to publish to or subscribe to");
        }
        return new AccessScope.Subjects(publish, subscribe);
    }

    private static List<String> filters(Map<String, Object> access, String field, String linkerName) {
        String at = "properties.access." + field;
        if (!access.containsKey(field)) return List.of(defaultFilter(linkerName));
        Object value = access.get(field);
        List<?> raw = value instanceof String s ? List.of(s) : value instanceof List<?> l ? l : null;
        if (raw == null) throw TerminalFailure.badRequest("InvalidAccess", at, at + " must be a topic filter or a list of them");
        if (raw.size() > MAX_FILTERS) throw TerminalFailure.badRequest("InvalidAccess", at, at + " may hold at most " + MAX_FILTERS + " filters");
        Set<String> out = new LinkedHashSet<>();
        for (Object o : raw) {
            if (!(o instanceof String f)) throw TerminalFailure.badRequest("InvalidAccess", at, at + " must hold strings");
            Optional<String> problem = MqttTopicFilters.problem(f);
            if (problem.isPresent()) {
                throw TerminalFailure.badRequest("InvalidTopicFilter", at, "a topic filter in " + at + " " + problem.get());
            }
            out.add(f);
        }
        return new ArrayList<>(out);
    }

    /** {@code <linkerName>/#}, only for linker names that are safe as a topic level. */
    private static String defaultFilter(String linkerName) {
        if (linkerName == null || !LINKER.matcher(linkerName).matches()) {
            throw TerminalFailure.badRequest("InvalidAccess", "properties.access",
                    "the linker name cannot be a topic level: give properties.access.publish and .subscribe explicitly");
        }
        return linkerName + "/#";
    }

    @Override public List<ConfigItem> configuration(ClientType client, ConnectionFacts facts, String infix) {
        return MqttConfigurationNames.items(client, facts, infix);
    }

    @Override public List<ConfigItem> bindingEntries(ConnectionFacts facts) {
        return MqttConfigurationNames.bindingEntries(facts);
    }

    @Override public String connectionString(ConnectionFacts facts) {
        return MqttConfigurationNames.connectionString(facts);
    }
}
