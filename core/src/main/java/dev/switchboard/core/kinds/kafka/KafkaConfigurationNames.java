package dev.switchboard.core.kinds.kafka;

import dev.switchboard.core.config.BindingEntries;
import dev.switchboard.core.config.ConfigItem;
import dev.switchboard.core.config.ValueFormat;
import dev.switchboard.core.linker.ClientType;

import java.util.ArrayList;
import java.util.List;

import static dev.switchboard.core.config.ConfigItem.passwordIn;
import static dev.switchboard.core.config.ValueFormat.RAW;

/**
 * The configuration a Kafka connection projects. Service Connector has no self-managed Kafka target, so every
 * {@code SWITCHBOARD_KAFKA_*} name is ours; we follow its Confluent Cloud target's pattern ("all clients except
 * Spring Boot" share one set of names, including a JAAS string usable by Java clients, and Spring Boot gets
 * {@code spring.kafka.*} properties). Spring Boot's {@code spring.kafka.properties.sasl.jaas.config} is the
 * same name Service Connector uses; for the address we use Spring Boot's first-class
 * {@code spring.kafka.bootstrap-servers} rather than its {@code spring.kafka.properties.bootstrap.servers}.
 *
 * <ul>
 *   <li>every client but Spring Boot: {@code SWITCHBOARD_KAFKA_BOOTSTRAP_SERVERS} ({@code host:port}),
 *   {@code _SECURITY_PROTOCOL}, {@code _SASL_MECHANISM}, {@code _USERNAME}, {@code _PASSWORD} and
 *   {@code _SASL_JAAS_CONFIG} ({@code org.apache.kafka.common.security.scram.ScramLoginModule required
 *   username="…" password="…";}, values JAAS-quoted);</li>
 *   <li>Spring Boot: {@code spring.kafka.bootstrap-servers}, {@code spring.kafka.properties.security.protocol},
 *   {@code spring.kafka.properties.sasl.mechanism}, {@code spring.kafka.properties.sasl.jaas.config}.</li>
 * </ul>
 */
public final class KafkaConfigurationNames {
    public static final String PREFIX = "SWITCHBOARD_KAFKA_";
    public static final String LOGIN_MODULE = "org.apache.kafka.common.security.scram.ScramLoginModule";
    /** The client types of Service Connector's Kafka target (without its internal {@code dotnet-internal}). */
    public static final List<ClientType> CLIENT_TYPES = List.of(ClientType.NONE, ClientType.DOTNET, ClientType.JAVA,
            ClientType.PYTHON, ClientType.GO, ClientType.NODEJS, ClientType.SPRING_BOOT);

    private KafkaConfigurationNames() { }

    /** @param infix empty, or {@code CONN_} to tell a second connection's names apart (Spring names have none). */
    public static List<ConfigItem> items(ClientType client, KafkaConnectionInfo c, String infix) {
        List<ConfigItem> out = new ArrayList<>();
        if (!CLIENT_TYPES.contains(client)) return out;
        if (client == ClientType.SPRING_BOOT) {
            out.add(plain("spring.kafka.bootstrap-servers", c.bootstrapServers(), "Kafka bootstrap servers"));
            out.add(plain("spring.kafka.properties.security.protocol", c.securityProtocol(), "Kafka security protocol"));
            out.add(plain("spring.kafka.properties.sasl.mechanism", c.saslMechanism(), "Kafka SASL mechanism"));
            out.add(secret("spring.kafka.properties.sasl.jaas.config", jaas(c), "Kafka SASL configuration"));
            return out;
        }
        String p = PREFIX + infix;
        out.add(plain(p + "BOOTSTRAP_SERVERS", c.bootstrapServers(), "Kafka bootstrap servers"));
        out.add(plain(p + "SECURITY_PROTOCOL", c.securityProtocol(), "Kafka security protocol"));
        out.add(plain(p + "SASL_MECHANISM", c.saslMechanism(), "Kafka SASL mechanism"));
        out.add(plain(p + "USERNAME", c.user(), "Kafka SASL username"));
        out.add(secret(p + "PASSWORD", passwordIn(RAW), "Kafka SASL password"));
        out.add(secret(p + "SASL_JAAS_CONFIG", jaas(c),
                "Kafka Simple Authentication and Security Layer (SASL) configuration"));
        return out;
    }

    /**
     * The servicebinding.io entries: the well-known ones plus {@code bootstrap-servers} (Spring Cloud Bindings maps it
     * to {@code spring.kafka.bootstrap-servers}), {@code security.protocol}, {@code sasl.mechanism} and
     * {@code sasl.jaas.config} (secret), named after the Kafka client properties they fill.
     */
    public static List<ConfigItem> bindingEntries(KafkaConnectionInfo c) {
        List<ConfigItem> out = BindingEntries.start("kafka", c.host(), c.port(), c.user());
        out.add(BindingEntries.plain("bootstrap-servers", c.bootstrapServers(), "Kafka bootstrap servers"));
        out.add(BindingEntries.plain("security.protocol", c.securityProtocol(), "Kafka security protocol"));
        out.add(BindingEntries.plain("sasl.mechanism", c.saslMechanism(), "Kafka SASL mechanism"));
        out.add(BindingEntries.secret("sasl.jaas.config", jaas(c), "Kafka SASL configuration"));
        return out;
    }

    /** The names alone, for the configurationNames API. */
    public static List<ConfigItem> names(ClientType client) {
        return items(client, new KafkaConnectionInfo("host", 9092, "user", KafkaKind.DEFAULT_SECURITY_PROTOCOL,
                KafkaKind.DEFAULT_SASL_MECHANISM), "");
    }

    /** The JAAS line a Java client's {@code sasl.jaas.config} takes; the provider's validation uses the same text. */
    public static String jaas(String user, String passwordTemplate) {
        return LOGIN_MODULE + " required username=" + ValueFormat.JAAS.encode(user) + " password=" + passwordTemplate + ";";
    }

    private static String jaas(KafkaConnectionInfo c) {
        return jaas(c.user(), passwordIn(ValueFormat.JAAS));
    }

    private static ConfigItem plain(String name, String value, String description) {
        return new ConfigItem(name, value, false, description);
    }

    private static ConfigItem secret(String name, String template, String description) {
        return new ConfigItem(name, template, true, description);
    }
}
