package dev.switchboard.core.kinds.redis;

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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link RedisConfigurationNames} against the Service Connector reference data (target redis, auth secret): the
 * names, descriptions and value shapes, with our documented addition of the ACL user name; and every value format
 * carrying hostile passwords intact.
 */
class RedisConfigurationNamesTest {
    private static final String HOST = "cache.redis.cache.windows.net";
    private static final String USER = "sb_app_x1";
    private static final String PASSWORD = "s3cret";
    private static final RedisConnectionInfo INFO = new RedisConnectionInfo(HOST, 6380, 0, USER, true);
    private static final List<ClientType> SUPPORTED = new RedisKind().clientTypes();
    private static Map<String, List<Map<String, Object>>> reference;

    @BeforeAll
    static void loadReference() {
        reference = ConfigNamesReference.rowsByClient("redis", "secret");
    }

    static Stream<ClientType> supported() {
        return SUPPORTED.stream();
    }

    private static ConfigItem item(List<ConfigItem> items, String name) {
        return items.stream().filter(i -> i.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no item " + name + " in " + items));
    }

    @Test
    void clientTypesAreThoseTheReferenceDocuments() {
        assertThat(SUPPORTED).extracting(ClientType::wire).containsExactlyInAnyOrderElementsOf(reference.keySet());
    }

    @ParameterizedTest
    @MethodSource("supported")
    void namesAreTheReferenceNamesPlusTheUserName(ClientType client) {
        List<String> expected = new ArrayList<>(reference.get(client.wire()).stream().map(r -> (String) r.get("name")).toList());
        if (client == ClientType.SPRING_BOOT) {                                              // documented additions
            expected.add("spring.redis.username");
            expected.addAll(List.of("spring.data.redis.host", "spring.data.redis.port", "spring.data.redis.database",
                    "spring.data.redis.username", "spring.data.redis.password", "spring.data.redis.ssl.enabled"));
        }
        if (client == ClientType.NONE) expected.add("AZURE_REDIS_USERNAME");                // documented addition
        assertThat(RedisConfigurationNames.items(client, INFO, "")).extracting(ConfigItem::name)
                .doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(expected);
        assertThat(RedisConfigurationNames.names(client)).extracting(ConfigItem::name)
                .containsExactlyElementsOf(RedisConfigurationNames.items(client, INFO, "").stream().map(ConfigItem::name).toList());
    }

    @ParameterizedTest
    @MethodSource("supported")
    void descriptionsAreTheReferenceDescriptions(ClientType client) {
        List<ConfigItem> items = RedisConfigurationNames.items(client, INFO, "");
        for (Map<String, Object> row : reference.get(client.wire())) {
            assertThat(item(items, (String) row.get("name")).description()).isEqualTo(row.get("description"));
        }
    }

    /** The reference example, filled in, with the user name put where each format takes it (our one deviation). */
    @ParameterizedTest
    @MethodSource("supported")
    void valuesHaveTheReferenceShapesWithTheUserAdded(ClientType client) {
        List<ConfigItem> items = RedisConfigurationNames.items(client, INFO, "");
        for (Map<String, Object> row : reference.get(client.wire())) {
            String example = ((String) row.get("example")).replace("<redis-server-name>.redis.cache.windows.net", HOST)
                    .replace("<redis-key>", PASSWORD);
            assertThat(example).doesNotContain("<", ">");
            String expected = example.replace("rediss://:", "rediss://" + USER + ":").replace(",password=", ",user=" + USER + ",password=");
            assertThat(item(items, (String) row.get("name")).resolve(PASSWORD)).as("%s %s", client, row.get("name")).isEqualTo(expected);
        }
    }

    @ParameterizedTest
    @EnumSource(value = ClientType.class, names = {"PHP", "RUBY", "DJANGO"})
    void unsupportedClientTypesAreRefused(ClientType client) {
        assertThat(SUPPORTED).doesNotContain(client);
        assertThatThrownBy(() -> RedisConfigurationNames.items(client, INFO, "")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void plainServersGetRedisSchemeSslFalseAndTheirDatabase() {
        RedisConnectionInfo local = new RedisConnectionInfo("127.0.0.1", 6379, 3, USER, false);
        assertThat(item(RedisConfigurationNames.items(ClientType.PYTHON, local, ""), "AZURE_REDIS_CONNECTIONSTRING").resolve("pw"))
                .isEqualTo("redis://sb_app_x1:pw@127.0.0.1:6379/3");
        assertThat(item(RedisConfigurationNames.items(ClientType.DOTNET, local, ""), "AZURE_REDIS_CONNECTIONSTRING").resolve("pw"))
                .isEqualTo("127.0.0.1:6379,user=sb_app_x1,password=pw,ssl=False,defaultDatabase=3");
        List<ConfigItem> spring = RedisConfigurationNames.items(ClientType.SPRING_BOOT, local, "");
        assertThat(item(spring, "spring.redis.ssl").template()).isEqualTo("false");
        assertThat(item(spring, "spring.redis.database").template()).isEqualTo("3");
        assertThat(item(RedisConfigurationNames.items(ClientType.GO, new RedisConnectionInfo("::1", 6379, 0, USER, false), ""),
                "AZURE_REDIS_CONNECTIONSTRING").resolve("pw")).isEqualTo("redis://sb_app_x1:pw@[::1]:6379/0");
    }

    @Test
    void theKindTakesDatabaseAndSslFromTheFacts() {
        ConnectionFacts facts = new ConnectionFacts("h", 6379, USER, new AccessScope.Keys("*", "*", RedisKind.DEFAULT_COMMANDS),
                Map.of("database", "5", "ssl", "true"));
        assertThat(item(new RedisKind().configuration(ClientType.NONE, facts, ""), "AZURE_REDIS_DATABASE").template()).isEqualTo("5");
        assertThat(item(new RedisKind().configuration(ClientType.JAVA, facts, ""), "AZURE_REDIS_CONNECTIONSTRING").resolve("p"))
                .isEqualTo("rediss://sb_app_x1:p@h:6379/5");
        ConnectionFacts plain = new ConnectionFacts("h", 6379, USER, facts.scope(), Map.of());
        assertThat(item(new RedisKind().configuration(ClientType.JAVA, plain, ""), "AZURE_REDIS_CONNECTIONSTRING").resolve("p"))
                .isEqualTo("redis://sb_app_x1:p@h:6379/0");
    }

    @ParameterizedTest
    @MethodSource("supported")
    void exactlyThePasswordCarryingItemsAreSecret(ClientType client) {
        for (ConfigItem i : RedisConfigurationNames.items(client, INFO, "")) {
            boolean carries = i.name().endsWith("PASSWORD") || i.name().endsWith("password") || i.name().endsWith("CONNECTIONSTRING");
            assertThat(i.secret()).as(i.name()).isEqualTo(carries);
            assertThat(i.template().contains(ConfigItem.PASSWORD_MARK)).as(i.name()).isEqualTo(carries);
            assertThat(i.template()).doesNotContain(PASSWORD);
        }
    }

    @ParameterizedTest
    @MethodSource("supported")
    void infixPrefixesEveryAzureNameAndLeavesSpringNamesAlone(ClientType client) {
        List<ConfigItem> plain = RedisConfigurationNames.items(client, INFO, "");
        List<ConfigItem> infixed = RedisConfigurationNames.items(client, INFO, "CONN_");
        for (int k = 0; k < plain.size(); k++) {
            String n = plain.get(k).name();
            String expected = n.startsWith("AZURE_REDIS_") ? "AZURE_REDIS_CONN_" + n.substring("AZURE_REDIS_".length()) : n;
            assertThat(infixed.get(k)).isEqualTo(plain.get(k).renamed(expected));
        }
    }

    @Provide
    Arbitrary<String> passwords() {
        return Arbitraries.oneOf(
                Arbitraries.strings().withChars(" '\"\\;=&%+@#?/:{}$,[]").withCharRange('a', 'c').ofMinLength(1).ofMaxLength(30),
                Arbitraries.strings().withCharRange('\u0001', '\uD7FF').ofMinLength(1).ofMaxLength(200));
    }

    /** URL userinfo decodes to the password with java.net.URI (Jedis) and URLDecoder (what redis-py's unquote does). */
    @Property(tries = 300)
    void urlPasswordsRoundTrip(@ForAll("passwords") String password) {
        for (ClientType client : List.of(ClientType.JAVA, ClientType.PYTHON, ClientType.GO, ClientType.NODEJS)) {
            String url = item(RedisConfigurationNames.items(client, INFO, ""), "AZURE_REDIS_CONNECTIONSTRING").resolve(password);
            URI uri = URI.create(url);
            assertThat(uri.getHost()).isEqualTo(HOST);
            assertThat(uri.getPort()).isEqualTo(6380);
            assertThat(uri.getPath()).isEqualTo("/0");
            String raw = uri.getRawUserInfo();
            assertThat(URLDecoder.decode(raw.substring(0, raw.indexOf(':')), StandardCharsets.UTF_8)).isEqualTo(USER);
            assertThat(URLDecoder.decode(raw.substring(raw.indexOf(':') + 1), StandardCharsets.UTF_8)).isEqualTo(password);
            assertThat(uri.getUserInfo()).isEqualTo(USER + ":" + password);
        }
        List<ConfigItem> spring = RedisConfigurationNames.items(ClientType.SPRING_BOOT, INFO, "");
        assertThat(item(spring, "spring.redis.password").resolve(password)).isEqualTo(password);
        assertThat(item(RedisConfigurationNames.items(ClientType.NONE, INFO, ""), "AZURE_REDIS_PASSWORD").resolve(password)).isEqualTo(password);
    }

    /** StackExchange.Redis has no escape: a password it can carry comes back intact; one with ',' or edge spaces is refused. */
    @Property(tries = 300)
    void dotnetPasswordsRoundTripOrAreRefused(@ForAll("passwords") String password) {
        ConfigItem cs = item(RedisConfigurationNames.items(ClientType.DOTNET, INFO, ""), "AZURE_REDIS_CONNECTIONSTRING");
        if (password.contains(",") || !password.equals(password.strip())) {
            assertThatThrownBy(() -> cs.resolve(password)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("a value containing ',' or leading/trailing whitespace cannot be written into a"
                            + " StackExchange.Redis configuration string");
            return;
        }
        assertThat(parseStackExchange(cs.resolve(password))).containsExactly(Map.entry("endpoint", HOST + ":6380"),
                Map.entry("user", USER), Map.entry("password", password), Map.entry("ssl", "True"), Map.entry("defaultDatabase", "0"));
    }

    /** StackExchange.Redis's ConfigurationOptions.Parse: split on ',', trim, key up to the first '=', else an endpoint. */
    static Map<String, String> parseStackExchange(String s) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String part : s.split(",")) {
            String option = part.strip();
            int eq = option.indexOf('=');
            if (eq < 0) out.put("endpoint", option);
            else out.put(option.substring(0, eq).strip(), option.substring(eq + 1).strip());
        }
        return out;
    }
}
