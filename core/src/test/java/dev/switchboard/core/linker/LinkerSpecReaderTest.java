package dev.switchboard.core.linker;

import dev.switchboard.core.failure.TerminalFailure;
import dev.switchboard.core.id.ResourceId;
import dev.switchboard.core.secret.Secret;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class LinkerSpecReaderTest {

    private static final String TARGET = "/subscriptions/sub1/resourceGroups/rg1/providers/Microsoft.DBforPostgreSQL/flexibleServers/pg1/databases/db1";
    private static final Object REMOVE = new Object();

    /** The properties of a valid request, as a JSON parser would hand them over (mutable maps). */
    private static Map<String, Object> good() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("targetService", new LinkedHashMap<>(Map.of("type", "AzureResource", "id", TARGET)));
        Map<String, Object> auth = new LinkedHashMap<>(Map.of("authType", "secret", "name", "app_user"));
        auth.put("secretInfo", new LinkedHashMap<>(Map.of("secretType", "rawValue", "value", "hunter2")));
        p.put("authInfo", auth);
        p.put("clientType", "springBoot");
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("customizedKeys", new LinkedHashMap<>(Map.of("spring.datasource.url", "DB_URL")));
        config.put("additionalConfigurations", new LinkedHashMap<>(Map.of("APP_MODE", "prod; with spaces & 'quotes'")));
        p.put("configurationInfo", config);
        return p;
    }

    /** {@link #good()} with the value at a dotted path replaced (or removed with {@link #REMOVE}). */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> with(String path, Object value) {
        Map<String, Object> root = good();
        List<String> keys = Arrays.asList(path.split("\\."));
        Map<String, Object> m = root;
        for (String k : keys.subList(0, keys.size() - 1)) {
            m = (Map<String, Object>) m.computeIfAbsent(k, x -> new LinkedHashMap<>());
        }
        String last = keys.get(keys.size() - 1);
        if (value == REMOVE) m.remove(last);
        else m.put(last, value);
        return root;
    }

    private static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }

    // ---------------------------------------------------------------- good input

    @Test
    void readsAFullRequest() {
        LinkerSpec spec = LinkerSpecReader.read(good());
        assertThat(spec).isEqualTo(new LinkerSpec(ResourceId.parse(TARGET),
                new AuthSpec("secret", "app_user", Secret.of("hunter2")), ClientType.SPRING_BOOT,
                Map.of("spring.datasource.url", "DB_URL"), Map.of("APP_MODE", "prod; with spaces & 'quotes'")));
        assertThat(spec.targetId().toString()).isEqualTo(TARGET);
        assertThat(spec.auth().secret().reveal()).isEqualTo("hunter2");
    }

    @Test
    void readsAMinimalRequestWithDefaults() {
        Map<String, Object> p = map("targetService", map("type", "AzureResource", "id", TARGET), "authInfo", map("authType", "secret"));
        assertThat(LinkerSpecReader.read(p)).isEqualTo(new LinkerSpec(ResourceId.parse(TARGET),
                new AuthSpec("secret", null, null), ClientType.NONE, Map.of(), Map.of()));
    }

    @Test
    void explicitNullsAreAbsentValues() {
        Map<String, Object> p = map("targetService", map("type", "AzureResource", "id", TARGET),
                "authInfo", map("authType", "secret", "name", null, "secretInfo", null),
                "clientType", null, "configurationInfo", map("customizedKeys", null, "additionalConfigurations", null),
                "vNetSolution", null, "scope", "ignored");
        assertThat(LinkerSpecReader.read(p)).isEqualTo(new LinkerSpec(ResourceId.parse(TARGET),
                new AuthSpec("secret", null, null), ClientType.NONE, Map.of(), Map.of()));
    }

    @Test
    void aSecretInfoWithoutValueLeavesTheSecretToBeGenerated() {
        LinkerSpec spec = LinkerSpecReader.read(with("authInfo.secretInfo", map("secretType", "rawValue")));
        assertThat(spec.auth().secret()).isNull();
        assertThat(spec.auth().loginName()).isEqualTo("app_user");
    }

    @ParameterizedTest
    @CsvSource({"none, NONE", "dotnet, DOTNET", "java, JAVA", "Java, JAVA", "python, PYTHON", "go, GO", "php, PHP",
            "ruby, RUBY", "django, DJANGO", "nodejs, NODEJS", "springBoot, SPRING_BOOT", "SPRINGBOOT, SPRING_BOOT"})
    void clientTypesByWireName(String wire, ClientType expected) {
        assertThat(LinkerSpecReader.read(with("clientType", wire)).clientType()).isEqualTo(expected);
    }

    @Test
    void theTargetIdIsParsedWhateverTheKeywordCase() {
        String messy = TARGET.replace("/resourceGroups/", "//RESOURCEGROUPS/").replace("providers", "Providers") + "/";
        assertThat(LinkerSpecReader.read(with("targetService.id", messy)).targetId().toString()).isEqualTo(TARGET);
    }

    @Test
    void aSecretValueOf256CharactersIsAccepted() {
        String v = "x".repeat(256);
        assertThat(LinkerSpecReader.read(with("authInfo.secretInfo.value", v)).auth().secret()).isEqualTo(Secret.of(v));
    }

    @Test
    void theSecretNeverPrints() {
        LinkerSpec spec = LinkerSpecReader.read(with("authInfo.secretInfo.value", "hunter2-top-secret"));
        assertThat(spec.auth().secret().toString()).isEqualTo("***");
        assertThat(spec.auth().toString()).contains("***").doesNotContain("hunter2");
        assertThat(spec.toString()).contains("***").doesNotContain("hunter2");
    }

    @Test
    void theSpecIsImmutableAndDetachedFromTheRequest() {
        Map<String, Object> p = good();
        LinkerSpec spec = LinkerSpecReader.read(p);
        @SuppressWarnings("unchecked")
        Map<String, Object> config = (Map<String, Object>) p.get("configurationInfo");
        @SuppressWarnings("unchecked")
        Map<String, Object> keys = (Map<String, Object>) config.get("customizedKeys");
        keys.put("X", "Y");
        assertThat(spec.customizedKeys()).containsOnlyKeys("spring.datasource.url");
        assertThat(catchThrowableOfType(UnsupportedOperationException.class, () -> spec.additionalConfigurations().put("A", "B")))
                .isNotNull();
    }

    // ---------------------------------------------------------------- bad input

    static Stream<Arguments> bad() {
        String cks = "properties.configurationInfo.customizedKeys";
        String acs = "properties.configurationInfo.additionalConfigurations";
        return Stream.of(
                // targetService
                Arguments.of("targetService", REMOVE, "MissingRequiredProperty", "properties.targetService"),
                Arguments.of("targetService", "postgres", "InvalidRequestContent", "properties.targetService"),
                Arguments.of("targetService", List.of(), "InvalidRequestContent", "properties.targetService"),
                Arguments.of("targetService.type", REMOVE, "MissingRequiredProperty", "properties.targetService.type"),
                Arguments.of("targetService.type", "  ", "MissingRequiredProperty", "properties.targetService.type"),
                Arguments.of("targetService.type", 5, "InvalidRequestContent", "properties.targetService.type"),
                Arguments.of("targetService.type", "SelfHostedServer", "TargetServiceTypeNotSupported", "properties.targetService.type"),
                Arguments.of("targetService.type", "ConfluentBootstrapServer", "TargetServiceTypeNotSupported", "properties.targetService.type"),
                Arguments.of("targetService.type", "azureresource", "TargetServiceTypeNotSupported", "properties.targetService.type"),
                Arguments.of("targetService.id", REMOVE, "MissingRequiredProperty", "properties.targetService.id"),
                Arguments.of("targetService.id", "", "MissingRequiredProperty", "properties.targetService.id"),
                Arguments.of("targetService.id", 42, "InvalidRequestContent", "properties.targetService.id"),
                Arguments.of("targetService.id", "not an id", "InvalidResourceId", "properties.targetService.id"),
                Arguments.of("targetService.id", "/subscriptions/sub1/resourceGroups/rg1", "InvalidResourceId", "properties.targetService.id"),
                Arguments.of("targetService.id", "/subscriptions/sub1", "InvalidResourceId", "properties.targetService.id"),
                Arguments.of("targetService.id", TARGET + "/x", "InvalidResourceId", "properties.targetService.id"),
                // authInfo
                Arguments.of("authInfo", REMOVE, "MissingRequiredProperty", "properties.authInfo"),
                Arguments.of("authInfo", "secret", "InvalidRequestContent", "properties.authInfo"),
                Arguments.of("authInfo.authType", REMOVE, "MissingRequiredProperty", "properties.authInfo.authType"),
                Arguments.of("authInfo.authType", true, "InvalidRequestContent", "properties.authInfo.authType"),
                Arguments.of("authInfo.authType", "bogus", "InvalidAuthType", "properties.authInfo.authType"),
                Arguments.of("authInfo.authType", "Secret", "InvalidAuthType", "properties.authInfo.authType"),
                Arguments.of("authInfo.authType", "servicePrincipalSecret", "AuthTypeNotSupported", "properties.authInfo.authType"),
                Arguments.of("authInfo.authType", "systemAssignedIdentity", "AuthTypeNotSupported", "properties.authInfo.authType"),
                Arguments.of("authInfo.authType", "userAssignedIdentity", "AuthTypeNotSupported", "properties.authInfo.authType"),
                Arguments.of("authInfo.authType", "accessKey", "AuthTypeNotSupported", "properties.authInfo.authType"),
                Arguments.of("authInfo.name", 7, "InvalidRequestContent", "properties.authInfo.name"),
                Arguments.of("authInfo.secretInfo", "hunter2", "InvalidRequestContent", "properties.authInfo.secretInfo"),
                Arguments.of("authInfo.secretInfo.secretType", REMOVE, "MissingRequiredProperty", "properties.authInfo.secretInfo.secretType"),
                Arguments.of("authInfo.secretInfo.secretType", "azureKeyVault", "SecretTypeNotSupported", "properties.authInfo.secretInfo.secretType"),
                Arguments.of("authInfo.secretInfo.secretType", "keyVaultSecretUri", "InvalidSecretUri", "properties.authInfo.secretInfo.value"),
                Arguments.of("authInfo.secretInfo.secretType", "keyVaultSecretReference", "MissingRequiredProperty", "properties.secretStore.keyVaultId"),
                Arguments.of("authInfo.secretInfo.value", 12345, "InvalidRequestContent", "properties.authInfo.secretInfo.value"),
                Arguments.of("authInfo.secretInfo.value", "", "InvalidRequestContent", "properties.authInfo.secretInfo.value"),
                Arguments.of("authInfo.secretInfo.value", "a\u0000b", "InvalidRequestContent", "properties.authInfo.secretInfo.value"),
                Arguments.of("authInfo.secretInfo.value", "x".repeat(257), "InvalidRequestContent", "properties.authInfo.secretInfo.value"),
                // clientType
                Arguments.of("clientType", "cobol", "InvalidClientType", "properties.clientType"),
                Arguments.of("clientType", "", "InvalidClientType", "properties.clientType"),
                Arguments.of("clientType", "spring_boot", "InvalidClientType", "properties.clientType"),
                Arguments.of("clientType", 1, "InvalidRequestContent", "properties.clientType"),
                // configurationInfo
                Arguments.of("configurationInfo", "x", "InvalidRequestContent", "properties.configurationInfo"),
                Arguments.of("configurationInfo.customizedKeys", List.of("A"), "InvalidRequestContent", cks),
                Arguments.of("configurationInfo.customizedKeys", "A=B", "InvalidRequestContent", cks),
                Arguments.of("configurationInfo.customizedKeys", map("AZURE_POSTGRESQL_HOST", "MY HOST"), "InvalidConfigurationName", cks + ".AZURE_POSTGRESQL_HOST"),
                Arguments.of("configurationInfo.customizedKeys", map("AZURE_POSTGRESQL_HOST", "A;B"), "InvalidConfigurationName", cks + ".AZURE_POSTGRESQL_HOST"),
                Arguments.of("configurationInfo.customizedKeys", map("AZURE_POSTGRESQL_HOST", ""), "InvalidConfigurationName", cks + ".AZURE_POSTGRESQL_HOST"),
                Arguments.of("configurationInfo.customizedKeys", map("AZURE_POSTGRESQL_HOST", "1HOST"), "InvalidConfigurationName", cks + ".AZURE_POSTGRESQL_HOST"),
                Arguments.of("configurationInfo.customizedKeys", map("AZURE_POSTGRESQL_HOST", "HÖST"), "InvalidConfigurationName", cks + ".AZURE_POSTGRESQL_HOST"),
                Arguments.of("configurationInfo.customizedKeys", map("AZURE_POSTGRESQL_HOST", "A=B"), "InvalidConfigurationName", cks + ".AZURE_POSTGRESQL_HOST"),
                Arguments.of("configurationInfo.customizedKeys", map("AZURE_POSTGRESQL_HOST", "A\nB"), "InvalidConfigurationName", cks + ".AZURE_POSTGRESQL_HOST"),
                Arguments.of("configurationInfo.customizedKeys", map("AZURE_POSTGRESQL_HOST", "H".repeat(257)), "InvalidConfigurationName", cks + ".AZURE_POSTGRESQL_HOST"),
                Arguments.of("configurationInfo.customizedKeys", map("BAD KEY", "GOOD"), "InvalidConfigurationName", cks),
                Arguments.of("configurationInfo.customizedKeys", map("AZURE_POSTGRESQL_HOST", 3), "InvalidRequestContent", cks + ".AZURE_POSTGRESQL_HOST"),
                Arguments.of("configurationInfo.customizedKeys", map("AZURE_POSTGRESQL_HOST", null), "InvalidRequestContent", cks + ".AZURE_POSTGRESQL_HOST"),
                Arguments.of("configurationInfo.additionalConfigurations", List.of(), "InvalidRequestContent", acs),
                Arguments.of("configurationInfo.additionalConfigurations", map("A B", "x"), "InvalidConfigurationName", acs),
                Arguments.of("configurationInfo.additionalConfigurations", map("A;B", "x"), "InvalidConfigurationName", acs),
                Arguments.of("configurationInfo.additionalConfigurations", map("K", 1), "InvalidRequestContent", acs + ".K"),
                Arguments.of("configurationInfo.additionalConfigurations", map("K", map("nested", "x")), "InvalidRequestContent", acs + ".K"),
                Arguments.of("configurationInfo.delivery", List.of(), "InvalidDelivery", "properties.configurationInfo.delivery"),
                Arguments.of("configurationInfo.delivery", "environment", "InvalidDelivery", "properties.configurationInfo.delivery"),
                Arguments.of("configurationInfo.delivery", List.of("environment", "files"), "InvalidDelivery",
                        "properties.configurationInfo.delivery[1]"),
                Arguments.of("configurationInfo.delivery", List.of("ServiceBinding"), "InvalidDelivery",
                        "properties.configurationInfo.delivery[0]"),
                Arguments.of("configurationInfo.delivery", List.of("serviceBinding", 3), "InvalidDelivery",
                        "properties.configurationInfo.delivery[1]"),
                Arguments.of("configurationInfo.delivery", List.of("serviceBinding", "serviceBinding"), "InvalidDelivery",
                        "properties.configurationInfo.delivery[1]"));
    }

    @Test
    void deliveryDefaultsToEnvironmentAndReadsEveryModeInAnyOrder() {
        assertThat(LinkerSpecReader.read(good()).delivery()).containsExactly(DeliveryMode.ENVIRONMENT);
        assertThat(LinkerSpecReader.read(with("configurationInfo.delivery", List.of("connectionStrings", "serviceBinding",
                "environment"))).delivery()).containsExactlyInAnyOrder(DeliveryMode.values());
        assertThat(LinkerSpecReader.read(with("configurationInfo.delivery", List.of("serviceBinding"))).delivery())
                .containsExactly(DeliveryMode.SERVICE_BINDING);
    }

    @ParameterizedTest(name = "{0} = {1} -> {2} at {3}")
    @MethodSource("bad")
    void rejected(String path, Object value, String code, String target) {
        TerminalFailure f = catchThrowableOfType(TerminalFailure.class, () -> LinkerSpecReader.read(with(path, value)));
        assertThat(f).as("%s = %s should be rejected", path, value).isNotNull();
        assertThat(f.status()).isEqualTo(400);
        assertThat(f.code()).isEqualTo(code);
        assertThat(f.target()).isEqualTo(target);
        assertThat(f.getMessage()).as("the message names the field first").startsWith(target);
        assertThat(f.getMessage()).doesNotContain("\n", "\u0000");
    }

    @Test
    void nullPropertiesAreMissing() {
        TerminalFailure f = catchThrowableOfType(TerminalFailure.class, () -> LinkerSpecReader.read(null));
        assertThat(f.code()).isEqualTo("MissingRequiredProperty");
        assertThat(f.target()).isEqualTo("properties");
    }

    @Test
    void valuesOfAdditionalConfigurationsAreFree() {
        Map<String, Object> extra = new HashMap<>();
        extra.put("JAVA_OPTS", "-Xmx1g -Dfoo=\"bar baz\"; échappé\n");
        extra.put("spring.jpa.hibernate.ddl-auto", "");
        LinkerSpec spec = LinkerSpecReader.read(with("configurationInfo.additionalConfigurations", extra));
        assertThat(spec.additionalConfigurations()).isEqualTo(extra);
    }

    @Test
    void theSecretValueIsNeverEchoed() {
        for (String value : List.of("", "ab\u0000cd-hunter2", "hunter2".repeat(40))) {
            TerminalFailure f = catchThrowableOfType(TerminalFailure.class, () -> LinkerSpecReader.read(with("authInfo.secretInfo.value", value)));
            assertThat(f.getMessage()).doesNotContain("hunter2").doesNotContain("cd");
        }
    }

    static Stream<Arguments> echoedFields() {
        String hostile = "x\n".repeat(5_000);
        List<Arguments> out = new ArrayList<>();
        out.add(Arguments.of("targetService.type", hostile));
        out.add(Arguments.of("authInfo.authType", hostile));
        out.add(Arguments.of("authInfo.secretInfo.secretType", hostile));
        out.add(Arguments.of("clientType", hostile));
        out.add(Arguments.of("configurationInfo.customizedKeys", map("AZURE_POSTGRESQL_HOST", "y".repeat(10_000))));
        out.add(Arguments.of("configurationInfo.additionalConfigurations", map("z".repeat(10_000), "v")));
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("echoedFields")
    void messagesEchoingInputAreOneBoundedLine(String path, Object value) {
        TerminalFailure f = catchThrowableOfType(TerminalFailure.class, () -> LinkerSpecReader.read(with(path, value)));
        assertThat(f).isNotNull();
        assertThat(f.getMessage().length()).isLessThanOrEqualTo(300);
        assertThat(f.getMessage().codePoints().filter(Character::isISOControl).count()).isZero();
    }
}
