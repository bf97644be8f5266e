package dev.switchboard.core.plan;

import dev.switchboard.core.config.ConfigItem;
import dev.switchboard.core.config.ConnectionFacts;
import dev.switchboard.core.kinds.kafka.KafkaKind;
import dev.switchboard.core.kinds.mqtt.MqttKind;
import dev.switchboard.core.kinds.mysql.MysqlKind;
import dev.switchboard.core.kinds.nats.NatsKind;
import dev.switchboard.core.kinds.postgres.PostgresKind;
import dev.switchboard.core.kinds.rabbitmq.RabbitMqKind;
import dev.switchboard.core.kinds.redis.RedisKind;
import dev.switchboard.core.linker.ClientType;
import dev.switchboard.core.linker.DeliveryMode;
import dev.switchboard.core.target.AccessScope;
import dev.switchboard.core.target.TargetKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The servicebinding.io entries and .NET connection string of every kind, resolved with a password that needs
 * encoding in URLs and connection strings, and how the delivery modes combine.
 */
class ConfigurationDeliveryTest {
    private static final String PASSWORD = "p@ss w;rd\"";
    private static final String USER = "sb_app_1";

    private static ConnectionFacts facts(int port, AccessScope scope, Map<String, String> options) {
        return new ConnectionFacts("db.local", port, USER, scope, options);
    }

    private static Map<String, String> resolved(List<ConfigItem> items) {
        Map<String, String> out = new LinkedHashMap<>();
        items.forEach(i -> out.put(i.name(), i.resolve(PASSWORD)));
        return out;
    }

    static Stream<Arguments> kinds() {
        String common = "type provider host port username password";
        return Stream.of(
                Arguments.of(new PostgresKind(), facts(5433, new AccessScope.Database("orders", "public"), Map.of("sslMode", "disable")),
                        "postgresql", common + " database sslmode jdbc-url",
                        Map.of("database", "orders", "sslmode", "disable", "jdbc-url", "jdbc:postgresql://db.local:5433/orders?sslmode=disable"),
                        "Server=db.local;Database=orders;Port=5433;Ssl Mode=Disable;User Id=sb_app_1;Password=\"p@ss w;rd\"\"\";"),
                Arguments.of(new MysqlKind(), facts(3306, new AccessScope.Database("shop", null), Map.of()),
                        "mysql", common + " database", Map.of("database", "shop"),
                        "Server=db.local;Database=shop;Port=3306;User Id=sb_app_1;Password=\"p@ss w;rd\"\"\";SSL Mode=Preferred"),
                Arguments.of(new RedisKind(), facts(6379, new AccessScope.Keys("*", "*", RedisKind.DEFAULT_COMMANDS),
                                Map.of("database", "2")),
                        "redis", common + " database url",
                        Map.of("database", "2", "url", "redis://sb_app_1:p%40ss%20w%3Brd%22@db.local:6379/2"),
                        "db.local:6379,user=sb_app_1,password=p@ss w;rd\",ssl=False,defaultDatabase=2"),
                Arguments.of(new RabbitMqKind(), facts(5672, new AccessScope.Vhost("/", ".*", ".*", ".*"), Map.of()),
                        "rabbitmq", common + " virtual-host uri",
                        Map.of("virtual-host", "/", "uri", "amqp://sb_app_1:p%40ss%20w%3Brd%22@db.local:5672/%2F"),
                        "amqp://sb_app_1:p%40ss%20w%3Brd%22@db.local:5672/%2F"),
                Arguments.of(new KafkaKind(), facts(9092, new AccessScope.Topics(List.of("t"), List.of()), Map.of()),
                        "kafka", common + " bootstrap-servers security.protocol sasl.mechanism sasl.jaas.config",
                        Map.of("bootstrap-servers", "db.local:9092", "security.protocol", "SASL_PLAINTEXT",
                                "sasl.mechanism", "SCRAM-SHA-256", "sasl.jaas.config",
                                "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"sb_app_1\""
                                        + " password=\"p@ss w;rd\\\"\";"),
                        "db.local:9092"),
                Arguments.of(new MqttKind(), facts(1883, new AccessScope.Subjects(List.of("a/#"), List.of("a/#")), Map.of()),
                        "mqtt", common + " uri", Map.of("uri", "mqtt://db.local:1883"),
                        "mqtt://sb_app_1:p%40ss%20w%3Brd%22@db.local:1883"),
                Arguments.of(new NatsKind(), facts(4222, new AccessScope.Subjects(List.of("a.>"), List.of("a.>")), Map.of()),
                        "nats", common + " uri", Map.of("uri", "nats://db.local:4222"),
                        "nats://sb_app_1:p%40ss%20w%3Brd%22@db.local:4222"));
    }

    @ParameterizedTest(name = "{2}")
    @MethodSource("kinds")
    void bindingEntriesOfEveryKind(TargetKind kind, ConnectionFacts facts, String type, String entries,
                                   Map<String, String> specific, String connectionString) {
        Map<String, String> files = resolved(kind.bindingEntries(facts));
        assertThat(files.keySet()).containsExactly(entries.split(" "));
        assertThat(files).containsEntry("type", type).containsEntry("provider", "switchboard")
                .containsEntry("host", "db.local").containsEntry("port", String.valueOf(facts.port()))
                .containsEntry("username", USER).containsEntry("password", PASSWORD).containsAllEntriesOf(specific);
        assertThat(kind.bindingEntries(facts)).filteredOn(ConfigItem::secret).allSatisfy(i ->
                assertThat(i.template()).as("the stored form holds no secret").doesNotContain(PASSWORD));
    }

    @ParameterizedTest(name = "{2}")
    @MethodSource("kinds")
    void connectionStringOfEveryKind(TargetKind kind, ConnectionFacts facts, String type, String entries,
                                     Map<String, String> specific, String connectionString) {
        assertThat(new ConfigItem("x", kind.connectionString(facts), true, "").resolve(PASSWORD)).isEqualTo(connectionString);
    }

    @Test
    void modesCombineAndBindingItemsNeverLookLikeEnvironmentNames() {
        ConnectionFacts facts = facts(5432, new AccessScope.Database("orders", "public"), Map.of());
        List<ConfigItem> items = ConfigurationDelivery.items(new PostgresKind(), ClientType.SPRING_BOOT, facts, "",
                "Orders_DB.1", Set.of(DeliveryMode.SERVICE_BINDING, DeliveryMode.CONNECTION_STRINGS));
        assertThat(items).extracting(ConfigItem::name).doesNotContain("spring.datasource.url")
                .contains("SERVICE_BINDING_ROOT/orders-db-1/type", "SERVICE_BINDING_ROOT/orders-db-1/password",
                        "ConnectionStrings__Orders_DB.1");
        assertThat(items).filteredOn(i -> ConfigurationDelivery.isBindingFile(i.name())).hasSize(9)
                .allSatisfy(i -> assertThat(ConfigurationDelivery.bindingFile(i.name())).startsWith("orders-db-1/"));
        assertThat(items).filteredOn(i -> i.name().startsWith("ConnectionStrings__")).singleElement()
                .satisfies(i -> assertThat(i.secret()).isTrue());

        List<ConfigItem> envOnly = ConfigurationDelivery.items(new PostgresKind(), ClientType.SPRING_BOOT, facts, "",
                "db", Set.of(DeliveryMode.ENVIRONMENT));
        assertThat(envOnly).extracting(ConfigItem::name)
                .containsExactly("spring.datasource.url", "spring.datasource.username", "spring.datasource.password");
    }

    @Test
    void bindingNamesAreValidDirectoryNames() {
        assertThat(ConfigurationDelivery.bindingName("My_Conn.2")).isEqualTo("my-conn-2");
        assertThat(ConfigurationDelivery.bindingName("..")).isEqualTo("--");
        assertThat(ConfigurationDelivery.bindingName("a".repeat(80))).hasSize(63);
    }
}
