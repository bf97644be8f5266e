package dev.switchboard.core.kinds.mqtt;

import dev.switchboard.core.config.BindingEntries;
import dev.switchboard.core.config.ConfigItem;
import dev.switchboard.core.config.ConnectionFacts;
import dev.switchboard.core.linker.ClientType;
import dev.switchboard.core.target.AccessScope;

import java.util.List;
import java.util.Map;

import static dev.switchboard.core.config.ConfigItem.passwordIn;
import static dev.switchboard.core.config.ValueFormat.RAW;
import static dev.switchboard.core.config.ValueFormat.URL;

/**
 * Switchboard's own configuration names for an MQTT connection (Service Connector has no MQTT target, and Spring
 * Boot has no MQTT auto-configuration, so there is no {@code springBoot} set). Every client type gets the same
 * seven variables, {@code SWITCHBOARD_MQTT_} + infix +:
 * <ul>
 *   <li>{@code URL}: {@code mqtt://host:port}, except {@code tcp://host:port} for {@code java} (the scheme Eclipse
 *   Paho Java and Spring Integration MQTT take; Paho Go, mqtt.js and MQTTnet accept {@code mqtt://});</li>
 *   <li>{@code HOST}, {@code PORT}, {@code USERNAME}, {@code PASSWORD} (secret);</li>
 *   <li>{@code PUBLISH_TOPICS}, {@code SUBSCRIBE_TOPICS}: the granted topic filters, comma-separated (filters never
 *   hold a comma), empty when none.</li>
 * </ul>
 * No client ID is written: every instance of an app must choose its own, or they would disconnect each other.
 */
public final class MqttConfigurationNames {
    public static final String PREFIX = "SWITCHBOARD_MQTT_";
    public static final List<ClientType> CLIENT_TYPES = List.of(ClientType.NONE, ClientType.JAVA, ClientType.PYTHON,
            ClientType.NODEJS, ClientType.GO, ClientType.DOTNET);

    private MqttConfigurationNames() { }

    /** @param infix empty, or {@code CONN_} to tell a second connection's names apart. */
    public static List<ConfigItem> items(ClientType client, ConnectionFacts facts, String infix) {
        if (!CLIENT_TYPES.contains(client)) {
            throw new IllegalArgumentException("MQTT writes no configuration for client type " + client.wire());
        }
        String p = PREFIX + infix;
        AccessScope.Subjects scope = (AccessScope.Subjects) facts.scope();
        String scheme = client == ClientType.JAVA ? "tcp" : "mqtt";
        return List.of(
                plain(p + "URL", scheme + "://" + hostInUrl(facts.host()) + ":" + facts.port(), "Broker URL"),
                plain(p + "HOST", facts.host(), "Broker host"),
                plain(p + "PORT", String.valueOf(facts.port()), "Broker port"),
                plain(p + "USERNAME", facts.login(), "MQTT username"),
                new ConfigItem(p + "PASSWORD", passwordIn(RAW), true, "MQTT password"),
                plain(p + "PUBLISH_TOPICS", String.join(",", scope.publish()), "Topic filters the login may publish to, comma-separated"),
                plain(p + "SUBSCRIBE_TOPICS", String.join(",", scope.subscribe()), "Topic filters the login may subscribe to, comma-separated"));
    }

    /** The servicebinding.io entries: the well-known ones plus {@code uri} ({@code mqtt://host:port}, no credentials). */
    public static List<ConfigItem> bindingEntries(ConnectionFacts facts) {
        List<ConfigItem> out = BindingEntries.start("mqtt", facts.host(), facts.port(), facts.login());
        out.add(BindingEntries.plain("uri", "mqtt://" + hostInUrl(facts.host()) + ":" + facts.port(), "Broker URL"));
        return out;
    }

    /**
     * The .NET connection string: {@code mqtt://user:password@host:port} (user and password percent-encoded). MQTT has
     * no .NET connection-string convention; this URL form is the one most MQTT clients parse.
     */
    public static String connectionString(ConnectionFacts facts) {
        return "mqtt://" + URL.encode(facts.login()) + ":" + passwordIn(URL) + "@" + hostInUrl(facts.host()) + ":" + facts.port();
    }

    /** The names alone, with their descriptions, for the configurationNames API. */
    public static List<ConfigItem> names(ClientType client) {
        return items(client, new ConnectionFacts("host", 1883, "user",
                new AccessScope.Subjects(List.of("app/#"), List.of("app/#")), Map.of()), "");
    }

    /** An IPv6 literal needs brackets in a URL. */
    private static String hostInUrl(String host) {
        return host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    private static ConfigItem plain(String name, String value, String description) {
        return new ConfigItem(name, value, false, description);
    }
}
