package dev.switchboard.core.config;

import dev.switchboard.core.failure.TerminalFailure;
import dev.switchboard.core.linker.ClientType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static dev.switchboard.core.kinds.postgres.PostgresConfigurationNames.PREFIX;
import dev.switchboard.core.kinds.postgres.PostgresConfigurationNames;
import dev.switchboard.core.kinds.postgres.PostgresConnectionInfo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class ConfigurationPlannerTest {

    private static final PostgresConnectionInfo INFO = new PostgresConnectionInfo("h", 5432, "db", "u", "require");

    private static ConfigItem named(String name) {
        return new ConfigItem(name, "v", false, "d");
    }

    // ---------------------------------------------------------------- infixFor

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "conn,           CONN_",
            "Conn2,          CONN2_",
            "my-conn,        MY_CONN_",
            "my.conn_x,      MY_CONN_X_",
            "a(b)c,          A_B_C_",
            "été,            _T__",
            "ALREADY_UPPER,  ALREADY_UPPER_",
    })
    void anotherConnectionOfTheSameKindGetsItsNameAsInfix(String linker, String infix) {
        assertThat(ConfigurationPlanner.infixFor(linker, true, List.of(), Map.of(), PREFIX)).isEqualTo(infix);
    }

    @Test
    void theFirstConnectionOfAKindGetsNoInfix() {
        assertThat(ConfigurationPlanner.infixFor("conn", false, List.of(), Map.of(), PREFIX)).isEmpty();
    }

    static Stream<Arguments> keptChoices() {
        List<ConfigItem> unInfixed = List.of(named("AZURE_POSTGRESQL_CONNECTIONSTRING"));
        List<ConfigItem> infixed = List.of(named("AZURE_POSTGRESQL_CONN_CONNECTIONSTRING"));
        return Stream.of(
                // projected without infix: stays without, even now that another connection of the kind exists
                Arguments.of(unInfixed, true, ""),
                Arguments.of(unInfixed, false, ""),
                // projected with infix: stays with it, even after the other connection went away
                Arguments.of(infixed, true, "CONN_"),
                Arguments.of(infixed, false, "CONN_"),
                // spring names carry no prefix: no infix to keep
                Arguments.of(List.of(named("spring.datasource.url")), true, ""));
    }

    @ParameterizedTest
    @MethodSource("keptChoices")
    void onceProjectedTheChoiceIsKept(List<ConfigItem> projected, boolean anotherOfSameKind, String expected) {
        assertThat(ConfigurationPlanner.infixFor("conn", anotherOfSameKind, projected, Map.of(), PREFIX)).isEqualTo(expected);
    }

    @Test
    void aLinkerWhoseNameIsADefaultSuffixIsNotMistakenForAnInfix() {
        // linker "host": un-infixed AZURE_POSTGRESQL_HOST must not count as infix HOST_
        List<ConfigItem> projected = PostgresConfigurationNames.items(ClientType.NONE, INFO, "");
        for (String linker : List.of("host", "user", "port", "ssl", "password", "database", "connectionstring")) {
            assertThat(ConfigurationPlanner.infixFor(linker, true, projected, Map.of(), PREFIX)).as(linker).isEmpty();
        }
    }

    // ---------------------------------------------------------------- finish

    @Test
    void finishWithNothingToChangeReturnsTheItems() {
        List<ConfigItem> items = PostgresConfigurationNames.items(ClientType.NODEJS, INFO, "");
        assertThat(ConfigurationPlanner.finish(items, Map.of(), Map.of(), Set.of())).isEqualTo(items);
    }

    @Test
    void customizedKeysRenameAndKeepEverythingElse() {
        List<ConfigItem> items = PostgresConfigurationNames.items(ClientType.NONE, INFO, "");
        List<ConfigItem> out = ConfigurationPlanner.finish(items,
                Map.of("AZURE_POSTGRESQL_HOST", "PGHOST", "AZURE_POSTGRESQL_PASSWORD", "PGPASSWORD", "NOT_AN_ITEM", "IGNORED"),
                Map.of(), Set.of());

        assertThat(out).hasSameSizeAs(items);
        for (int k = 0; k < items.size(); k++) {
            ConfigItem before = items.get(k);
            String expectedName = switch (before.name()) {
                case "AZURE_POSTGRESQL_HOST" -> "PGHOST";
                case "AZURE_POSTGRESQL_PASSWORD" -> "PGPASSWORD";
                default -> before.name();
            };
            assertThat(out.get(k)).isEqualTo(new ConfigItem(expectedName, before.template(), before.secret(), before.description()));
        }
        assertThat(out).extracting(ConfigItem::name).doesNotContain("IGNORED");
    }

    @Test
    void additionalConfigurationsAreAppendedAsPlainItems() {
        List<ConfigItem> items = PostgresConfigurationNames.items(ClientType.JAVA, INFO, "");
        Map<String, String> additional = new LinkedHashMap<>();
        additional.put("APP_MODE", "production");
        additional.put("spring.jpa.open-in-view", "false");
        List<ConfigItem> out = ConfigurationPlanner.finish(items, Map.of(), additional, Set.of());

        assertThat(out.subList(0, items.size())).isEqualTo(items);
        assertThat(out.subList(items.size(), out.size())).containsExactly(
                new ConfigItem("APP_MODE", "production", false, "Additional configuration"),
                new ConfigItem("spring.jpa.open-in-view", "false", false, "Additional configuration"));
        assertThat(out.get(items.size()).resolve("pw")).isEqualTo("production");
    }

    static Stream<Arguments> conflicts() {
        return Stream.of(
                // name already used by another connection of this app
                Arguments.of(Map.of(), Map.of(), Set.of("AZURE_POSTGRESQL_HOST"), "AZURE_POSTGRESQL_HOST"),
                // a customized name used by another connection
                Arguments.of(Map.of("AZURE_POSTGRESQL_HOST", "DB_HOST"), Map.of(), Set.of("DB_HOST"), "DB_HOST"),
                // customized onto another of our own names
                Arguments.of(Map.of("AZURE_POSTGRESQL_HOST", "AZURE_POSTGRESQL_PORT"), Map.of(), Set.of(), "AZURE_POSTGRESQL_PORT"),
                // two customizations onto the same name
                Arguments.of(Map.of("AZURE_POSTGRESQL_HOST", "X", "AZURE_POSTGRESQL_PORT", "X"), Map.of(), Set.of(), "X"),
                // an additional configuration with one of our names
                Arguments.of(Map.of(), Map.of("AZURE_POSTGRESQL_SSL", "x"), Set.of(), "AZURE_POSTGRESQL_SSL"),
                // an additional configuration with a customized name
                Arguments.of(Map.of("AZURE_POSTGRESQL_HOST", "H"), Map.of("H", "x"), Set.of(), "H"),
                // an additional configuration used by another connection
                Arguments.of(Map.of(), Map.of("SHARED", "x"), Set.of("SHARED"), "SHARED"));
    }

    @ParameterizedTest
    @MethodSource("conflicts")
    void aNameUsedTwiceIsAConflictNamingTheKey(Map<String, String> customized, Map<String, String> additional,
                                               Set<String> usedByOthers, String key) {
        List<ConfigItem> items = PostgresConfigurationNames.items(ClientType.NONE, INFO, "");
        TerminalFailure f = catchThrowableOfType(TerminalFailure.class,
                () -> ConfigurationPlanner.finish(items, customized, additional, usedByOthers));

        assertThat(f).isNotNull();
        assertThat(f.status()).isEqualTo(409);
        assertThat(f.code()).isEqualTo("ConfigurationNameConflict");
        assertThat(f.target()).isEqualTo("properties.configurationInfo.customizedKeys");
        assertThat(f.getMessage()).contains("'" + key + "'");
    }

    @Test
    void renamingAwayFromANameUsedByOthersResolvesTheConflict() {
        List<ConfigItem> items = PostgresConfigurationNames.items(ClientType.NONE, INFO, "");
        List<ConfigItem> out = ConfigurationPlanner.finish(items, Map.of("AZURE_POSTGRESQL_HOST", "MY_HOST"), Map.of(),
                Set.of("AZURE_POSTGRESQL_HOST"));
        assertThat(out).extracting(ConfigItem::name).contains("MY_HOST").doesNotContain("AZURE_POSTGRESQL_HOST");
    }

    /** What the engine does on every PUT of a connection: infix, names, customizedKeys, conflicts. */
    private static List<ConfigItem> plan(String linker, boolean anotherOfSameKind, List<ConfigItem> projected,
                                         Map<String, String> customized, Set<String> usedByOthers) {
        String infix = ConfigurationPlanner.infixFor(linker, anotherOfSameKind, projected, customized, PREFIX);
        return ConfigurationPlanner.finish(PostgresConfigurationNames.items(ClientType.JAVA, INFO, infix), customized, Map.of(),
                usedByOthers);
    }

    @Test
    void aSecondConnectionReplannedWithTheSameInputsKeepsItsNames() {
        Set<String> first = Set.of("AZURE_POSTGRESQL_CONNECTIONSTRING");
        List<ConfigItem> once = plan("conn", true, List.of(), Map.of(), first);
        assertThat(once).extracting(ConfigItem::name).containsExactly("AZURE_POSTGRESQL_CONN_CONNECTIONSTRING");
        assertThat(plan("conn", true, once, Map.of(), first)).isEqualTo(once);
    }

    @Test
    void aSecondConnectionWithCustomizedNamesReplannedWithTheSameInputsKeepsItsNames() {
        Set<String> first = Set.of("AZURE_POSTGRESQL_CONNECTIONSTRING");
        Map<String, String> customized = Map.of("AZURE_POSTGRESQL_CONN_CONNECTIONSTRING", "MY_URL");
        List<ConfigItem> once = plan("conn", true, List.of(), customized, first);
        assertThat(once).extracting(ConfigItem::name).containsExactly("MY_URL");
        assertThat(plan("conn", true, once, customized, first)).isEqualTo(once); // today: 409 on AZURE_POSTGRESQL_CONNECTIONSTRING
    }
}
