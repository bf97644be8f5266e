package dev.switchboard.core.kinds.mqtt;

import dev.switchboard.core.config.ConfigItem;
import dev.switchboard.core.config.ConnectionFacts;
import dev.switchboard.core.failure.TerminalFailure;
import dev.switchboard.core.id.ResourceId;
import dev.switchboard.core.linker.ClientType;
import dev.switchboard.core.target.AccessScope;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The MQTT kind's pure facts: resource type, topic-filter rules, the access object and its defaults, and the
 * configuration names per client type (Switchboard's own: the Service Connector reference has no MQTT target).
 */
class MqttKindTest {
    private static final MqttKind KIND = new MqttKind();
    private static final ResourceId BROKER = ResourceId.parse(
            "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Switchboard.Messaging/mqttBrokers/b1");

    @Test
    void factsOfTheKind() {
        assertThat(KIND.name()).isEqualTo("mqtt");
        assertThat(KIND.isTarget(BROKER)).isTrue();
        assertThat(KIND.serverOf(BROKER)).isEqualTo(BROKER);
        assertThat(KIND.childType()).isEmpty();
        assertThat(KIND.hostProperty()).isEqualTo("host");
        assertThat(KIND.defaultPort()).isEqualTo(1883);
        assertThat(KIND.adminPasswordRequired()).isTrue();
        assertThat(KIND.endpointOptions()).isEmpty();
        assertThat(KIND.clientTypes()).containsExactly(ClientType.NONE, ClientType.JAVA, ClientType.PYTHON,
                ClientType.NODEJS, ClientType.GO, ClientType.DOTNET);
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "app/#", "#", "+", "+/+/x", "a/+/b/#", "a//b", "/a", "a/", "été/日本/\uD83D\uDE00", "a$b", "x-y_z.1"})
    void acceptsTopicFilters(String filter) {
        assertThat(MqttTopicFilters.problem(filter)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "$SYS/#", "$CONTROL/dynamic-security/v1", "a#", "a/#/b", "a+/b", "a/b+", "+a", "##",
            "a b", "a\tb", "a\nb", "a\0b", "%u/#", "a,b", "a\u200Db", "a\u00A0b", "\uD800", "a\uFFFF"})
    void refusesTopicFilters(String filter) {
        assertThat(MqttTopicFilters.problem(filter)).isPresent();
    }

    @Test
    void boundsTheFilterLength() {
        assertThat(MqttTopicFilters.problem("a".repeat(256))).isEmpty();
        assertThat(MqttTopicFilters.problem("a".repeat(257))).isPresent();
        assertThat(MqttTopicFilters.problem("é".repeat(129))).isPresent();
    }

    @ParameterizedTest
    @CsvSource({"a/#,a,true", "a/#,a/b/c,true", "a/+,a/b,true", "a/+,a/b/c,false", "+/+,a/b,true", "#,$SYS/x,false",
            "a/b,a/b,true", "a/b,a/c,false", "a/+/c,a//c,true", "+,a/b,false"})
    void matchesLikeMqtt(String filter, String topic, boolean matches) {
        assertThat(MqttTopicFilters.matches(filter, topic)).isEqualTo(matches);
    }

    @Test
    void defaultScopeIsTheLinkersOwnNamespace() {
        assertThat(KIND.scope(BROKER, Map.of(), "orders")).isEqualTo(new AccessScope.Subjects(List.of("orders/#"), List.of("orders/#")));
        assertThat(KIND.scope(BROKER, Map.of("publish", "out/+"), "orders"))
                .isEqualTo(new AccessScope.Subjects(List.of("out/+"), List.of("orders/#")));
        assertThat(KIND.scope(BROKER, Map.of("publish", List.of("a/#", "b", "a/#"), "subscribe", List.of()), "x"))
                .isEqualTo(new AccessScope.Subjects(List.of("a/#", "b"), List.of()));
    }

    @Test
    void refusesBadAccessWithTheField() {
        assertThat(refusal(Map.of("publish", List.of("ok", "$SYS/x")), "l").target()).isEqualTo("properties.access.publish");
        assertThat(refusal(Map.of("subscribe", "a/#/b"), "l").code()).isEqualTo("InvalidTopicFilter");
        assertThat(refusal(Map.of("subscribe", 5), "l").target()).isEqualTo("properties.access.subscribe");
        assertThat(refusal(Map.of("topics", "a"), "l").target()).isEqualTo("properties.access.topics");
        assertThat(refusal(Map.of("publish", List.of(), "subscribe", List.of()), "l").target()).isEqualTo("properties.access");
        assertThat(refusal(Map.of("publish", java.util.Collections.nCopies(33, "a")), "l").code()).isEqualTo("InvalidAccess");
        assertThat(refusal(Map.of(), "bad/name").target()).isEqualTo("properties.access");
        assertThat(refusal(Map.of(), "#").status()).isEqualTo(400);
    }

    private static TerminalFailure refusal(Map<String, Object> access, String linker) {
        TerminalFailure f = catchThrowableOfType(TerminalFailure.class, () -> KIND.scope(BROKER, access, linker));
        assertThat(f).isNotNull();
        assertThat(f.status()).isEqualTo(400);
        return f;
    }

    @ParameterizedTest
    @ValueSource(strings = {"sb_orders_x7k2", "A", "9", "a.b-c_d", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"})
    void acceptsLogins(String login) {
        KIND.checkLogin(login);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".a", "-a", "a b", "a/b", "a#", "a+", "a\0", "é", "a\"", "a\\b"})
    void refusesLogins(String login) {
        TerminalFailure f = catchThrowableOfType(TerminalFailure.class, () -> KIND.checkLogin(login));
        assertThat(f.code()).isEqualTo("InvalidLoginName");
        assertThat(f.target()).isEqualTo("properties.authInfo.name");
    }

    @Test
    void refusesOverlongLogins() {
        assertThat(catchThrowableOfType(TerminalFailure.class, () -> KIND.checkLogin("x".repeat(65)))).isNotNull();
    }

    /** Client type → names, in order, and the URL scheme. */
    @ParameterizedTest
    @CsvSource({"NONE,mqtt", "JAVA,tcp", "PYTHON,mqtt", "NODEJS,mqtt", "GO,mqtt", "DOTNET,mqtt"})
    void configurationNamesPerClientType(ClientType client, String scheme) {
        List<ConfigItem> items = KIND.configuration(client, facts("broker.example", 8883), "");
        assertThat(items).extracting(ConfigItem::name).containsExactly("SWITCHBOARD_MQTT_URL", "SWITCHBOARD_MQTT_HOST",
                "SWITCHBOARD_MQTT_PORT", "SWITCHBOARD_MQTT_USERNAME", "SWITCHBOARD_MQTT_PASSWORD",
                "SWITCHBOARD_MQTT_PUBLISH_TOPICS", "SWITCHBOARD_MQTT_SUBSCRIBE_TOPICS");
        assertThat(items).extracting(ConfigItem::template).containsExactly(scheme + "://broker.example:8883", "broker.example",
                "8883", "sb_app_1", ConfigItem.passwordIn(dev.switchboard.core.config.ValueFormat.RAW), "app/out/#,app/shared", "app/in/+");
        assertThat(items).filteredOn(ConfigItem::secret).extracting(ConfigItem::name).containsExactly("SWITCHBOARD_MQTT_PASSWORD");
        assertThat(items.stream().filter(i -> !i.secret()).map(ConfigItem::template).toList()).noneMatch(t -> t.contains("${"));
    }

    @Test
    void aSecondConnectionGetsAnInfixAndIpv6IsBracketed() {
        List<ConfigItem> items = KIND.configuration(ClientType.NONE, facts("::1", 1883), "CONN_");
        assertThat(items.get(0).name()).isEqualTo("SWITCHBOARD_MQTT_CONN_URL");
        assertThat(items.get(0).template()).isEqualTo("mqtt://[::1]:1883");
        assertThat(items.get(1).template()).isEqualTo("::1");
    }

    @ParameterizedTest
    @EnumSource(value = ClientType.class, names = {"SPRING_BOOT", "DJANGO", "PHP", "RUBY"})
    void noConfigurationForOtherClientTypes(ClientType client) {
        assertThat(KIND.clientTypes()).doesNotContain(client);
        assertThat(catchThrowableOfType(IllegalArgumentException.class, () -> KIND.configuration(client, facts("h", 1), ""))).isNotNull();
    }

    @Provide
    Arbitrary<String> passwords() {
        return Arbitraries.of("'", "\"", "\\", ";", " ", "%", "${switchboard.password:RAW}", "é", "\n", "a", "日本")
                .list().ofMinSize(1).ofMaxSize(8).map(l -> String.join("", l));
    }

    @Property(tries = 50)
    void thePasswordIsResolvedVerbatim(@ForAll("passwords") String password) {
        ConfigItem item = KIND.configuration(ClientType.NONE, facts("h", 1883), "").get(4);
        assertThat(item.resolve(password)).isEqualTo(password);
    }

    private static ConnectionFacts facts(String host, int port) {
        return new ConnectionFacts(host, port, "sb_app_1",
                new AccessScope.Subjects(List.of("app/out/#", "app/shared"), List.of("app/in/+")), Map.of());
    }
}
