package dev.switchboard.core.kinds.rabbitmq;

import dev.switchboard.core.config.ConfigItem;
import dev.switchboard.core.config.ConnectionFacts;
import dev.switchboard.core.kinds.ConfigNamesReference;
import dev.switchboard.core.linker.ClientType;
import dev.switchboard.core.target.AccessScope;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The configuration names and values a RabbitMQ connection projects, per client type. */
class RabbitMqConfigurationNamesTest {
    private static final RabbitMqKind KIND = new RabbitMqKind();
    private static final RabbitMqConnectionInfo INFO = new RabbitMqConnectionInfo("mq.example.test", 5672, "app", "sb_orders_x1");

    static Stream<Arguments> table() {
        String p = "SWITCHBOARD_RABBITMQ_";
        return Stream.of(
                Arguments.of(ClientType.NONE, List.of(p + "URL", p + "HOST", p + "PORT", p + "USERNAME", p + "PASSWORD", p + "VHOST")),
                Arguments.of(ClientType.DOTNET, List.of(p + "CONNECTIONSTRING")),
                Arguments.of(ClientType.JAVA, List.of(p + "URL")),
                Arguments.of(ClientType.PYTHON, List.of(p + "URL")),
                Arguments.of(ClientType.GO, List.of(p + "URL")),
                Arguments.of(ClientType.RUBY, List.of(p + "URL")),
                Arguments.of(ClientType.DJANGO, List.of(p + "URL")),
                Arguments.of(ClientType.NODEJS, List.of(p + "URL")),
                Arguments.of(ClientType.SPRING_BOOT, List.of("spring.rabbitmq.host", "spring.rabbitmq.port",
                        "spring.rabbitmq.username", "spring.rabbitmq.password", "spring.rabbitmq.virtual-host")));
    }

    @ParameterizedTest
    @MethodSource("table")
    void namesPerClientType(ClientType client, List<String> names) {
        List<ConfigItem> items = RabbitMqConfigurationNames.items(client, INFO, "");
        assertThat(items).extracting(ConfigItem::name).containsExactlyElementsOf(names);
        assertThat(KIND.clientTypes()).contains(client);
        for (ConfigItem item : items) {
            boolean holdsPassword = item.template().contains(ConfigItem.PASSWORD_MARK);
            assertThat(item.secret()).as(item.name()).isEqualTo(holdsPassword);
            assertThat(item.description()).isNotBlank();
        }
    }

    @Test
    void clientTypesAreExactlyTheTable() {
        assertThat(KIND.clientTypes()).containsExactlyInAnyOrderElementsOf(table().map(a -> (ClientType) a.get()[0]).toList());
        assertThatThrownBy(() -> RabbitMqConfigurationNames.items(ClientType.PHP, INFO, "")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void valuesForOneConnection() {
        List<ConfigItem> none = RabbitMqConfigurationNames.items(ClientType.NONE, INFO, "");
        assertThat(none.get(0).resolve("s3cret")).isEqualTo("amqp://sb_orders_x1:s3cret@mq.example.test:5672/app");
        assertThat(none).extracting(i -> i.resolve("s3cret")).containsExactly(
                "amqp://sb_orders_x1:s3cret@mq.example.test:5672/app", "mq.example.test", "5672", "sb_orders_x1", "s3cret", "app");
        List<ConfigItem> spring = RabbitMqConfigurationNames.items(ClientType.SPRING_BOOT, INFO, "");
        assertThat(spring).extracting(i -> i.resolve("s3cret")).containsExactly("mq.example.test", "5672", "sb_orders_x1", "s3cret", "app");
        RabbitMqConnectionInfo root = new RabbitMqConnectionInfo("::1", 5673, "/", "u");
        assertThat(RabbitMqConfigurationNames.items(ClientType.JAVA, root, "").get(0).resolve("p"))
                .isEqualTo("amqp://u:p@[::1]:5673/%2F");
    }

    /** amqp-client decodes percent escapes as US-ASCII: its URI keeps printable non-ASCII raw and escapes ASCII. */
    @Test
    void javaUriKeepsNonAsciiRaw() {
        RabbitMqConnectionInfo c = new RabbitMqConnectionInfo("h", 5672, "/日本 é", "u:ß@");
        assertThat(RabbitMqConfigurationNames.items(ClientType.JAVA, c, "").get(0).resolve("p%\u00A0€"))
                .isEqualTo("amqp://u%3Aß%40:p%25%C2%A0€@h:5672/%2F日本%20é");
        // amqp-client decodes the vhost twice: a '%' in it needs its escapes escaped again.
        RabbitMqConnectionInfo percent = new RabbitMqConnectionInfo("h", 5672, "50%/x", "u");
        assertThat(RabbitMqConfigurationNames.items(ClientType.JAVA, percent, "").get(0).resolve("p"))
                .isEqualTo("amqp://u:p@h:5672/50%2525%252Fx");
        assertThat(URI.create(RabbitMqConfigurationNames.items(ClientType.JAVA, c, "").get(0).resolve("x\uD83D\uDE00")).getUserInfo())
                .isEqualTo("u:ß@:x\uD83D\uDE00");
    }

    @Test
    void aSecondConnectionGetsItsInfixAfterThePrefix() {
        assertThat(RabbitMqConfigurationNames.items(ClientType.NONE, INFO, "ORDERS_")).extracting(ConfigItem::name)
                .allMatch(n -> n.startsWith("SWITCHBOARD_RABBITMQ_ORDERS_"));
        assertThat(KIND.configPrefix()).isEqualTo(RabbitMqConfigurationNames.PREFIX);
    }

    @Test
    void configurationComesFromTheConnectionFacts() {
        ConnectionFacts facts = new ConnectionFacts("mq", 5672, "sb_a_1", new AccessScope.Vhost("/", ".*", ".*", ".*"), Map.of());
        assertThat(KIND.configuration(ClientType.NONE, facts, "")).extracting(i -> i.resolve("pw"))
                .containsExactly("amqp://sb_a_1:pw@mq:5672/%2F", "mq", "5672", "sb_a_1", "pw", "/");
    }

    /** Service Connector has no RabbitMQ target: every name here is Switchboard's own (checked so a change is noticed). */
    @Test
    void theReferenceHasNoRabbitMqTarget() {
        Map<String, Object> targets = ConfigNamesReference.targets();
        assertThat(targets.keySet()).isNotEmpty().noneMatch(t -> t.toLowerCase().contains("rabbit") || t.toLowerCase().contains("amqp"));
    }

    @Provide
    Arbitrary<String> hostile() {
        return Arbitraries.of("a", "Z", "9", ":", "@", "/", "%", "%2F", "+", " ", "?", "#", "&", "=", "'", "\"", "\\", ";",
                "é", "日本", "\uD83D\uDE00", "*", "~", "[", "]").list().ofMinSize(1).ofMaxSize(8).map(l -> String.join("", l));
    }

    /** The URI, parsed the way AMQP clients do (RFC 3986 then percent-decoding), gives back user, password and vhost exactly. */
    @Property(tries = 200)
    void theUriCarriesAnyUserPasswordAndVhost(@ForAll("hostile") String user, @ForAll("hostile") String password,
                                              @ForAll("hostile") String vhost) {
        String value = RabbitMqConfigurationNames.items(ClientType.NONE, new RabbitMqConnectionInfo("h.example", 5672, vhost, user), "")
                .get(0).resolve(password);
        URI uri = URI.create(value);
        assertThat(uri.getScheme()).isEqualTo("amqp");
        assertThat(uri.getHost()).isEqualTo("h.example");
        assertThat(uri.getPort()).isEqualTo(5672);
        String[] userInfo = uri.getRawUserInfo().split(":", 2);
        assertThat(decode(userInfo[0])).isEqualTo(user);
        assertThat(decode(userInfo[1])).isEqualTo(password);
        assertThat(uri.getRawPath().substring(1)).doesNotContain("/");
        assertThat(decode(uri.getRawPath().substring(1))).isEqualTo(vhost);
        assertThat(uri.getRawQuery()).isNull();
        assertThat(uri.getRawFragment()).isNull();
    }

    @ParameterizedTest
    @EnumSource(value = ClientType.class, names = {"NONE", "DOTNET", "JAVA", "PYTHON", "GO", "RUBY", "DJANGO", "NODEJS", "SPRING_BOOT"})
    void namesApiListsTheSameNames(ClientType client) {
        assertThat(RabbitMqConfigurationNames.names(client)).extracting(ConfigItem::name)
                .containsExactlyElementsOf(RabbitMqConfigurationNames.items(client, INFO, "").stream().map(ConfigItem::name).toList());
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
