package dev.switchboard.core.kinds.nats;

import dev.switchboard.core.config.ConfigItem;
import dev.switchboard.core.config.ConnectionFacts;
import dev.switchboard.core.kinds.ConfigNamesReference;
import dev.switchboard.core.linker.ClientType;
import dev.switchboard.core.target.AccessScope;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The NATS configuration names per client type (ours: the Service Connector reference has no NATS target). */
class NatsConfigurationNamesTest {
    private static final NatsKind KIND = new NatsKind();
    private static final ConnectionFacts FACTS = new ConnectionFacts("nats.example.test", 4333, "sb_orders_x1",
            new AccessScope.Subjects(List.of("orders.>"), List.of("orders.>")), Map.of());
    private static final String PASSWORD = "p@ss w\"o'r\\d;é";

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            NONE        | SWITCHBOARD_NATS_URL  | SWITCHBOARD_NATS_USERNAME  | SWITCHBOARD_NATS_PASSWORD
            DOTNET      | SWITCHBOARD_NATS_URL  | SWITCHBOARD_NATS_USERNAME  | SWITCHBOARD_NATS_PASSWORD
            JAVA        | SWITCHBOARD_NATS_URL  | SWITCHBOARD_NATS_USERNAME  | SWITCHBOARD_NATS_PASSWORD
            PYTHON      | SWITCHBOARD_NATS_URL  | SWITCHBOARD_NATS_USERNAME  | SWITCHBOARD_NATS_PASSWORD
            GO          | SWITCHBOARD_NATS_URL  | SWITCHBOARD_NATS_USERNAME  | SWITCHBOARD_NATS_PASSWORD
            PHP         | SWITCHBOARD_NATS_URL  | SWITCHBOARD_NATS_USERNAME  | SWITCHBOARD_NATS_PASSWORD
            RUBY        | SWITCHBOARD_NATS_URL  | SWITCHBOARD_NATS_USERNAME  | SWITCHBOARD_NATS_PASSWORD
            DJANGO      | SWITCHBOARD_NATS_URL  | SWITCHBOARD_NATS_USERNAME  | SWITCHBOARD_NATS_PASSWORD
            NODEJS      | SWITCHBOARD_NATS_URL  | SWITCHBOARD_NATS_USERNAME  | SWITCHBOARD_NATS_PASSWORD
            SPRING_BOOT | nats.spring.server    | nats.spring.username       | nats.spring.password
            """)
    void namesAndValues(ClientType client, String url, String user, String password) {
        List<ConfigItem> items = KIND.configuration(client, FACTS, "");
        assertThat(items).extracting(ConfigItem::name).containsExactly(url, user, password);
        assertThat(items.get(0).resolve(PASSWORD)).isEqualTo("nats://nats.example.test:4333");
        assertThat(items.get(1).resolve(PASSWORD)).isEqualTo("sb_orders_x1");
        assertThat(items.get(2).resolve(PASSWORD)).isEqualTo(PASSWORD);
        assertThat(items).extracting(ConfigItem::secret).containsExactly(false, false, true);
        assertThat(items.get(0).template() + items.get(1).template() + items.get(2).template()).doesNotContain(PASSWORD);
    }

    @ParameterizedTest
    @EnumSource(ClientType.class)
    void everyClientTypeIsSupported(ClientType client) {
        assertThat(KIND.clientTypes()).contains(client);
        assertThat(NatsConfigurationNames.names(client)).hasSize(3);
    }

    @Test
    void aSecondConnectionGetsItsInfix() {
        assertThat(KIND.configuration(ClientType.GO, FACTS, "EVENTS_")).extracting(ConfigItem::name)
                .containsExactly("SWITCHBOARD_NATS_EVENTS_URL", "SWITCHBOARD_NATS_EVENTS_USERNAME", "SWITCHBOARD_NATS_EVENTS_PASSWORD");
        assertThat(KIND.configPrefix()).isEqualTo("SWITCHBOARD_NATS_");
    }

    @Test
    void ipv6HostsAreBracketed() {
        assertThat(NatsConfigurationNames.url("::1", 4222)).isEqualTo("nats://[::1]:4222");
        assertThat(NatsConfigurationNames.url("[::1]", 4222)).isEqualTo("nats://[::1]:4222");
    }

    @Test
    void theServiceConnectorReferenceHasNoNatsTargetSoTheNamesAreOurs() throws Exception {
        Map<String, Object> targets = ConfigNamesReference.targets();
        assertThat(targets.keySet()).isNotEmpty().noneMatch(k -> k.toLowerCase().contains("nats"));
        assertThat(Files.readString(ConfigNamesReference.file())).doesNotContain("SWITCHBOARD_NATS_").doesNotContain("nats.spring");
    }
}
