package dev.switchboard.core.kinds.kafka;

import dev.switchboard.core.config.ConfigItem;
import dev.switchboard.core.config.ConnectionFacts;
import dev.switchboard.core.kinds.ConfigNamesReference;
import dev.switchboard.core.config.ValueFormat;
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
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.StreamTokenizer;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** {@link KafkaKind} and {@link KafkaConfigurationNames}: names per client type, JAAS quoting, scope parsing. */
class KafkaKindTest {
    private static final KafkaKind KIND = new KafkaKind();
    private static final ResourceId CLUSTER = ResourceId.parse(
            "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Switchboard.Messaging/kafkaClusters/k1");
    private static final KafkaConnectionInfo INFO = new KafkaConnectionInfo("kafka.example.test", 9093, "sb_app_x1",
            "SASL_SSL", "SCRAM-SHA-512");

    // ---------------------------------------------------------------- facts

    @Test
    void factsOfTheKind() {
        assertThat(KIND.name()).isEqualTo("kafka");
        assertThat(KIND.serverTypes()).containsExactly("switchboard.messaging/kafkaclusters");
        assertThat(KIND.childType()).isEmpty();
        assertThat(KIND.hostProperty()).isEqualTo("host");
        assertThat(KIND.defaultPort()).isEqualTo(9092);
        assertThat(KIND.endpointOptions()).containsExactlyInAnyOrder("securityProtocol", "saslMechanism", "superUsers");
        assertThat(KIND.adminPasswordRequired()).isTrue();
        assertThat(KIND.isTarget(CLUSTER)).isTrue();
        assertThat(KIND.serverOf(CLUSTER)).isEqualTo(CLUSTER);
        assertThat(KIND.clientTypes()).containsExactly(ClientType.NONE, ClientType.DOTNET, ClientType.JAVA, ClientType.PYTHON,
                ClientType.GO, ClientType.NODEJS, ClientType.SPRING_BOOT);
    }

    // ---------------------------------------------------------------- configuration names

    private static final List<String> SPLIT = List.of("SWITCHBOARD_KAFKA_BOOTSTRAP_SERVERS", "SWITCHBOARD_KAFKA_SECURITY_PROTOCOL",
            "SWITCHBOARD_KAFKA_SASL_MECHANISM", "SWITCHBOARD_KAFKA_USERNAME", "SWITCHBOARD_KAFKA_PASSWORD",
            "SWITCHBOARD_KAFKA_SASL_JAAS_CONFIG");
    private static final List<String> SPRING = List.of("spring.kafka.bootstrap-servers", "spring.kafka.properties.security.protocol",
            "spring.kafka.properties.sasl.mechanism", "spring.kafka.properties.sasl.jaas.config");

    @ParameterizedTest
    @EnumSource(ClientType.class)
    void namesPerClientType(ClientType client) {
        List<String> names = KafkaConfigurationNames.items(client, INFO, "").stream().map(ConfigItem::name).toList();
        if (client == ClientType.SPRING_BOOT) assertThat(names).containsExactlyElementsOf(SPRING);
        else if (KIND.clientTypes().contains(client)) assertThat(names).containsExactlyElementsOf(SPLIT);
        else assertThat(names).isEmpty();
        assertThat(KafkaConfigurationNames.names(client)).extracting(ConfigItem::name).containsExactlyElementsOf(names);
    }

    @Test
    void valuesForTheSplitNamesAndSpringBoot() {
        Map<String, String> none = resolved(ClientType.NONE, "s3cret");
        assertThat(none).containsEntry("SWITCHBOARD_KAFKA_BOOTSTRAP_SERVERS", "kafka.example.test:9093")
                .containsEntry("SWITCHBOARD_KAFKA_SECURITY_PROTOCOL", "SASL_SSL")
                .containsEntry("SWITCHBOARD_KAFKA_SASL_MECHANISM", "SCRAM-SHA-512")
                .containsEntry("SWITCHBOARD_KAFKA_USERNAME", "sb_app_x1")
                .containsEntry("SWITCHBOARD_KAFKA_PASSWORD", "s3cret")
                .containsEntry("SWITCHBOARD_KAFKA_SASL_JAAS_CONFIG",
                        "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"sb_app_x1\" password=\"s3cret\";");
        Map<String, String> spring = resolved(ClientType.SPRING_BOOT, "s3cret");
        assertThat(spring).containsEntry("spring.kafka.bootstrap-servers", "kafka.example.test:9093")
                .containsEntry("spring.kafka.properties.sasl.jaas.config", none.get("SWITCHBOARD_KAFKA_SASL_JAAS_CONFIG"));
        assertThat(new KafkaConnectionInfo("::1", 9092, "u", "SASL_PLAINTEXT", "SCRAM-SHA-256").bootstrapServers()).isEqualTo("[::1]:9092");
    }

    @Test
    void configurationUsesTheEndpointOptionsAndTheirDefaults() {
        AccessScope scope = new AccessScope.Topics(List.of("t"), List.of());
        List<ConfigItem> items = KIND.configuration(ClientType.NONE, new ConnectionFacts("h", 9092, "u", scope, Map.of()), "");
        assertThat(items.stream().collect(Collectors.toMap(ConfigItem::name, ConfigItem::template)))
                .containsEntry("SWITCHBOARD_KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT")
                .containsEntry("SWITCHBOARD_KAFKA_SASL_MECHANISM", "SCRAM-SHA-256");
    }

    @ParameterizedTest
    @EnumSource(ClientType.class)
    void exactlyThePasswordCarryingItemsAreSecret(ClientType client) {
        for (ConfigItem i : KafkaConfigurationNames.items(client, INFO, "")) {
            boolean carries = i.name().endsWith("PASSWORD") || i.name().toLowerCase().contains("jaas");
            assertThat(i.secret()).as(i.name()).isEqualTo(carries);
            assertThat(i.template().contains(ConfigItem.PASSWORD_MARK)).as(i.name()).isEqualTo(carries);
        }
    }

    @ParameterizedTest
    @EnumSource(ClientType.class)
    void infixGoesAfterThePrefixAndSpringNamesHaveNone(ClientType client) {
        List<ConfigItem> plain = KafkaConfigurationNames.items(client, INFO, "");
        List<ConfigItem> infixed = KafkaConfigurationNames.items(client, INFO, "CONN_");
        for (int k = 0; k < plain.size(); k++) {
            String name = plain.get(k).name();
            String expected = name.startsWith("SWITCHBOARD_KAFKA_") ? "SWITCHBOARD_KAFKA_CONN_" + name.substring(18) : name;
            assertThat(infixed.get(k).name()).isEqualTo(expected);
        }
    }

    /**
     * Against the Service Connector reference: it has no self-managed Kafka, only Confluent Cloud. Our client types
     * are among its client types (plus nodejs, which its documentation lists), the Spring JAAS property has its name,
     * and its JAAS example has the shape of ours (module, flag, username and password options, ';').
     */
    @Test
    @SuppressWarnings("unchecked")
    void matchesTheConfluentReferenceWhereItOverlaps() throws IOException {
        Map<String, Object> ck = ConfigNamesReference.target("confluent-kafka");
        List<String> clientTypes = new ArrayList<>((List<String>) ck.get("client_types"));
        clientTypes.addAll((List<String>) ck.get("client_types_in_doc"));
        assertThat(clientTypes).containsAll(KIND.clientTypes().stream().map(ClientType::wire).toList());
        List<Map<String, Object>> rows = (List<Map<String, Object>>) ck.get("names");
        Map<String, Object> springJaas = rows.stream().filter(r -> "springBoot".equals(r.get("client_type"))
                && ((String) r.get("name")).contains("jaas")).findFirst().orElseThrow();
        assertThat(springJaas.get("name")).isEqualTo("spring.kafka.properties.sasl.jaas.config");
        assertThat(SPRING).contains((String) springJaas.get("name"));
        List<String> reference = parseJaas((String) springJaas.get("example"));
        List<String> ours = parseJaas(resolved(ClientType.SPRING_BOOT, "pw").get("spring.kafka.properties.sasl.jaas.config"));
        assertThat(reference).hasSize(6).element(2).isEqualTo("username");
        assertThat(reference.get(4)).isEqualTo("password");
        assertThat(ours).containsExactly(KafkaConfigurationNames.LOGIN_MODULE, "required", "username", "sb_app_x1", "password", "pw");
    }

    // ---------------------------------------------------------------- JAAS quoting

    @Property(tries = 500)
    void anyPasswordSurvivesJaasQuoting(@ForAll("passwords") String password) {
        String jaas = resolved(ClientType.JAVA, password).get("SWITCHBOARD_KAFKA_SASL_JAAS_CONFIG");
        assertThat(parseJaas(jaas)).containsExactly(KafkaConfigurationNames.LOGIN_MODULE, "required", "username", "sb_app_x1",
                "password", password);
        assertThat(resolved(ClientType.NONE, password).get("SWITCHBOARD_KAFKA_PASSWORD")).isEqualTo(password);
    }

    @Provide
    Arbitrary<String> passwords() {
        return Arbitraries.oneOf(
                Arbitraries.strings().withChars("\"'\\;=\n\r\t /*#$01234567abntrv").ofMinLength(1).ofMaxLength(30),
                Arbitraries.strings().withCharRange('\u0001', '\uD7FF').ofMinLength(1).ofMaxLength(256),
                Arbitraries.of(ConfigItem.passwordIn(ValueFormat.JAAS), "\\", "\"", "\\\"", "\\n", "a\\0b", "//x", "/*x*/"));
    }

    /**
     * Tokens as Kafka's {@code JaasConfig} reads them: {@link StreamTokenizer} with // and slash-star comments and
     * '-', '_', '$' as word characters; an option's value is a word or a quoted string; the entry ends with ';'.
     */
    static List<String> parseJaas(String text) {
        try {
            StreamTokenizer t = new StreamTokenizer(new StringReader(text));
            t.slashSlashComments(true);
            t.slashStarComments(true);
            t.wordChars('-', '-');
            t.wordChars('_', '_');
            t.wordChars('$', '$');
            List<String> out = new ArrayList<>();
            while (t.nextToken() != StreamTokenizer.TT_EOF) {
                if (t.ttype == ';') break;
                if (t.ttype == '=') continue;
                if (t.ttype == StreamTokenizer.TT_WORD || t.ttype == '"' || t.ttype == '\'') out.add(t.sval);
                else throw new IllegalArgumentException("unexpected token " + (char) t.ttype + " in " + text);
            }
            assertThat(t.ttype).as("entry ends with ';': %s", text).isEqualTo(';');
            assertThat(t.nextToken()).isEqualTo(StreamTokenizer.TT_EOF);
            return out;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static Map<String, String> resolved(ClientType client, String password) {
        Map<String, String> out = new LinkedHashMap<>();
        for (ConfigItem i : KafkaConfigurationNames.items(client, INFO, "")) out.put(i.name(), i.resolve(password));
        return out;
    }

    // ---------------------------------------------------------------- logins and scopes

    @ParameterizedTest
    @ValueSource(strings = {"", "Admin", "a-b", "a.b", "a b", "a\"b", "a\\b", "a\0b", "é", "a\nb", "User:x", "a*", "a,b", "a=b"})
    void badLoginsAre400(String login) {
        TerminalFailure f = catchThrowableOfType(TerminalFailure.class, () -> KIND.checkLogin(login));
        assertThat(f.status()).isEqualTo(400);
        assertThat(f.code()).isEqualTo("InvalidLoginName");
        assertThat(f.target()).isEqualTo("properties.authInfo.name");
        KIND.checkLogin("sb_app_" + "x".repeat(57));
        assertThat(catchThrowableOfType(TerminalFailure.class, () -> KIND.checkLogin("x".repeat(65)))).isNotNull();
    }

    @Test
    void defaultScopeIsTheLinkersPrefix() {
        assertThat(KIND.scope(CLUSTER, Map.of(), "orders-app"))
                .isEqualTo(new AccessScope.Topics(List.of("orders-app.*"), List.of("orders-app.*")));
        assertThat(KIND.scope(CLUSTER, Map.of("topics", List.of("a", "b.*", "a"), "groups", List.of()), "x"))
                .isEqualTo(new AccessScope.Topics(List.of("a", "b.*"), List.of()));
        TerminalFailure f = catchThrowableOfType(TerminalFailure.class, () -> KIND.scope(CLUSTER, Map.of(), "bad name"));
        assertThat(f.target()).isEqualTo("properties.access.topics");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "*", ".", "..", "_*", "__consumer_offsets", "__*", "a*b", "a**", "a b", "a/b", "a:b", "a\"b",
            "a\\b", "a\0b", "a\nb", "é", "a#", "a+", "a>", "a%", "a'b"})
    void badTopicAndGroupPatternsAre400(String pattern) {
        for (String key : List.of("topics", "groups")) {
            TerminalFailure f = catchThrowableOfType(TerminalFailure.class,
                    () -> KIND.scope(CLUSTER, Map.of(key, List.of("ok", pattern)), "app"));
            assertThat(f).as("%s %s", key, pattern).isNotNull();
            assertThat(f.status()).isEqualTo(400);
            assertThat(f.code()).isEqualTo("InvalidAccess");
            assertThat(f.target()).isEqualTo("properties.access." + key + "[1]");
            assertThat(f.getMessage()).doesNotContain("\0", "\n", "\"", "\\", "é");
        }
        assertThat(catchThrowableOfType(TerminalFailure.class,
                () -> KIND.scope(CLUSTER, Map.of("topics", List.of("x".repeat(250))), "app"))).isNotNull();
        assertThat(KIND.scope(CLUSTER, Map.of("topics", List.of("x".repeat(249), "y".repeat(249) + "*")), "app")).isNotNull();
    }

    @Test
    void wrongShapesAre400() {
        for (Map<String, Object> access : List.<Map<String, Object>>of(Map.of("topics", "orders"), Map.of("topics", List.of()),
                Map.of("topics", List.of(1)), Map.of("groups", Map.of()), Map.of("topics", java.util.Collections.nCopies(51, "t")))) {
            TerminalFailure f = catchThrowableOfType(TerminalFailure.class, () -> KIND.scope(CLUSTER, access, "app"));
            assertThat(f).as(access.toString()).isNotNull();
            assertThat(f.code()).isEqualTo("InvalidAccess");
        }
        assertThat(Set.of(KafkaKind.stem("a.*"), KafkaKind.stem("b"))).containsExactlyInAnyOrder("a.", "b");
    }
}
