package dev.switchboard.core.kinds.postgres;

import dev.switchboard.core.config.ConfigItem;
import dev.switchboard.core.kinds.ConfigNamesReference;
import dev.switchboard.core.config.ValueFormat;
import dev.switchboard.core.linker.ClientType;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
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

/**
 * Checks {@link PostgresConfigurationNames} against the Service Connector reference data (target postgresql, auth
 * secret) and checks that every value format carries hostile logins and passwords intact.
 */
class PostgresConfigurationNamesTest {

    private static final String HOST = "db.example.test";
    private static final String DB = "appdb";
    private static final String USER = "appuser";
    private static final String PASSWORD = "s3cret";
    private static final PostgresConnectionInfo INFO = new PostgresConnectionInfo(HOST, 5432, DB, USER, "require");

    /** Reference rows for postgresql + secret: client wire name -> rows (name, example, description). */
    private static Map<String, List<Map<String, Object>>> reference;

    @BeforeAll
    static void loadReference() {
        reference = ConfigNamesReference.rowsByClient("postgresql", "secret");
    }

    private static List<Map<String, Object>> rows(ClientType client) {
        List<Map<String, Object>> rows = reference.getOrDefault(client.wire(), List.of());
        assertThat(rows).as("reference rows for %s", client.wire()).isNotEmpty();
        return rows;
    }

    private static ConfigItem item(List<ConfigItem> items, String name) {
        return items.stream().filter(i -> i.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no item " + name + " in " + items));
    }

    // ---------------------------------------------------------------- names against the reference

    @ParameterizedTest
    @EnumSource(ClientType.class)
    void namesAreTheReferenceNames(ClientType client) {
        List<String> expected = new ArrayList<>(rows(client).stream().map(r -> (String) r.get("name")).toList());
        if (client == ClientType.DJANGO) expected.add("AZURE_POSTGRESQL_PORT"); // documented addition

        List<String> actual = PostgresConfigurationNames.items(client, INFO, "").stream().map(ConfigItem::name).toList();

        assertThat(actual).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(expected);
    }

    @ParameterizedTest
    @EnumSource(ClientType.class)
    void descriptionsAreTheReferenceDescriptions(ClientType client) {
        List<ConfigItem> items = PostgresConfigurationNames.items(client, INFO, "");
        for (Map<String, Object> row : rows(client)) {
            assertThat(item(items, (String) row.get("name")).description())
                    .as("description of %s for %s", row.get("name"), client).isEqualTo(row.get("description"));
        }
    }

    @ParameterizedTest
    @EnumSource(ClientType.class)
    void namesListsTheSameNamesAsItems(ClientType client) {
        assertThat(PostgresConfigurationNames.names(client)).extracting(ConfigItem::name)
                .containsExactlyElementsOf(PostgresConfigurationNames.items(client, INFO, "").stream().map(ConfigItem::name).toList());
    }

    // ---------------------------------------------------------------- value shapes against the reference examples

    /** The reference example with its placeholders filled in and our documented deviations applied. */
    private static String expectedValue(ClientType client, Map<String, Object> row) {
        String v = ((String) row.get("example"))
                .replace("<PostgreSQL-server-name>.postgres.database.azure.com", HOST)
                .replace("<your-postgres-server-name>.postgres.database.azure.com", HOST)
                .replace("<database-name>", DB)
                .replace("<username>", USER)
                .replace("<database-password>", PASSWORD)
                .replace("<password>", PASSWORD);
        assertThat(v).as("unfilled placeholder in reference example %s", row.get("example")).doesNotContain("<", ">");
        if (!"AZURE_POSTGRESQL_CONNECTIONSTRING".equals(row.get("name"))) return v;
        return switch (client) {
            case DOTNET -> {
                assertThat(v).doesNotContain("Password=");
                yield v + "Password=" + PASSWORD + ";";                           // the doc's example cannot log in
            }
            case GO -> {
                assertThat(v).doesNotContain("port=");
                yield v.replace("host=" + HOST + " ", "host=" + HOST + " port=5432 "); // go always carries port=
            }
            default -> v;
        };
    }

    @ParameterizedTest
    @EnumSource(ClientType.class)
    void valuesHaveTheReferenceShapes(ClientType client) {
        List<ConfigItem> items = PostgresConfigurationNames.items(client, INFO, "");
        for (Map<String, Object> row : rows(client)) {
            String name = (String) row.get("name");
            assertThat(item(items, name).resolve(PASSWORD)).as("%s for %s", name, client).isEqualTo(expectedValue(client, row));
        }
        if (client == ClientType.DJANGO) assertThat(item(items, "AZURE_POSTGRESQL_PORT").resolve(PASSWORD)).isEqualTo("5432");
    }

    static Stream<Arguments> exactShapes() {
        return Stream.of(
                Arguments.of(ClientType.JAVA, "AZURE_POSTGRESQL_CONNECTIONSTRING",
                        "jdbc:postgresql://h:5432/db?sslmode=require&user=u&password=pw"),
                Arguments.of(ClientType.SPRING_BOOT, "spring.datasource.url", "jdbc:postgresql://h:5432/db?sslmode=require"),
                Arguments.of(ClientType.SPRING_BOOT, "spring.datasource.username", "u"),
                Arguments.of(ClientType.SPRING_BOOT, "spring.datasource.password", "pw"),
                Arguments.of(ClientType.DOTNET, "AZURE_POSTGRESQL_CONNECTIONSTRING",
                        "Server=h;Database=db;Port=5432;Ssl Mode=Require;User Id=u;Password=pw;"),
                Arguments.of(ClientType.PYTHON, "AZURE_POSTGRESQL_CONNECTIONSTRING",
                        "dbname=db host=h port=5432 sslmode=require user=u password=pw"),
                Arguments.of(ClientType.GO, "AZURE_POSTGRESQL_CONNECTIONSTRING",
                        "host=h port=5432 dbname=db sslmode=require user=u password=pw"),
                Arguments.of(ClientType.PHP, "AZURE_POSTGRESQL_CONNECTIONSTRING",
                        "host=h port=5432 dbname=db sslmode=require user=u password=pw"),
                Arguments.of(ClientType.RUBY, "AZURE_POSTGRESQL_CONNECTIONSTRING",
                        "host=h port=5432 dbname=db sslmode=require user=u password=pw"),
                Arguments.of(ClientType.DJANGO, "AZURE_POSTGRESQL_NAME", "db"),
                Arguments.of(ClientType.DJANGO, "AZURE_POSTGRESQL_PORT", "5432"),
                Arguments.of(ClientType.DJANGO, "AZURE_POSTGRESQL_PASSWORD", "pw"),
                Arguments.of(ClientType.NODEJS, "AZURE_POSTGRESQL_USER", "u"),
                Arguments.of(ClientType.NODEJS, "AZURE_POSTGRESQL_SSL", "true"),
                Arguments.of(ClientType.NONE, "AZURE_POSTGRESQL_USERNAME", "u"),
                Arguments.of(ClientType.NONE, "AZURE_POSTGRESQL_PORT", "5432"));
    }

    @ParameterizedTest
    @MethodSource("exactShapes")
    void exactValueShapes(ClientType client, String name, String expected) {
        List<ConfigItem> items = PostgresConfigurationNames.items(client, new PostgresConnectionInfo("h", 5432, "db", "u", "require"), "");
        assertThat(item(items, name).resolve("pw")).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({
            "disable,     Disable,    false",
            "allow,       Allow,      false",
            "prefer,      Prefer,     false",
            "require,     Require,    true",
            "verify-ca,   VerifyCA,   false",
            "verify-full, VerifyFull, true",
    })
    void sslModeAndPortReachEveryFormat(String sslMode, String dotnetSsl, String nodeSsl) {
        PostgresConnectionInfo info = new PostgresConnectionInfo("h", 6543, "db", "u", sslMode);
        assertThat(item(PostgresConfigurationNames.items(ClientType.JAVA, info, ""), "AZURE_POSTGRESQL_CONNECTIONSTRING").resolve("pw"))
                .isEqualTo("jdbc:postgresql://h:6543/db?sslmode=" + sslMode + "&user=u&password=pw");
        assertThat(item(PostgresConfigurationNames.items(ClientType.DOTNET, info, ""), "AZURE_POSTGRESQL_CONNECTIONSTRING").resolve("pw"))
                .isEqualTo("Server=h;Database=db;Port=6543;Ssl Mode=" + dotnetSsl + ";User Id=u;Password=pw;");
        for (ClientType c : List.of(ClientType.GO, ClientType.PHP, ClientType.RUBY)) {
            assertThat(item(PostgresConfigurationNames.items(c, info, ""), "AZURE_POSTGRESQL_CONNECTIONSTRING").resolve("pw"))
                    .isEqualTo("host=h port=6543 dbname=db sslmode=" + sslMode + " user=u password=pw");
        }
        assertThat(item(PostgresConfigurationNames.items(ClientType.PYTHON, info, ""), "AZURE_POSTGRESQL_CONNECTIONSTRING").resolve("pw"))
                .isEqualTo("dbname=db host=h port=6543 sslmode=" + sslMode + " user=u password=pw");
        for (ClientType c : List.of(ClientType.NODEJS, ClientType.NONE)) {
            List<ConfigItem> items = PostgresConfigurationNames.items(c, info, "");
            assertThat(item(items, "AZURE_POSTGRESQL_SSL").resolve("pw")).isEqualTo(nodeSsl);
            assertThat(item(items, "AZURE_POSTGRESQL_PORT").resolve("pw")).isEqualTo("6543");
        }
        assertThat(item(PostgresConfigurationNames.items(ClientType.DJANGO, info, ""), "AZURE_POSTGRESQL_PORT").resolve("pw")).isEqualTo("6543");
    }

    // ---------------------------------------------------------------- secrets never stored in templates

    @ParameterizedTest
    @EnumSource(ClientType.class)
    void exactlyThePasswordCarryingItemsAreSecretAndTheirTemplatesHoldOnlyAMark(ClientType client) {
        for (ConfigItem i : PostgresConfigurationNames.items(client, INFO, "")) {
            boolean carriesPassword = i.name().endsWith("PASSWORD") || i.name().endsWith("password")
                    || i.name().endsWith("CONNECTIONSTRING");
            assertThat(i.secret()).as("secret flag of %s", i.name()).isEqualTo(carriesPassword);
            if (carriesPassword) {
                assertThat(i.template()).contains(ConfigItem.PASSWORD_MARK);
                assertThat(i.resolve(PASSWORD)).contains(PASSWORD).doesNotContain(ConfigItem.PASSWORD_MARK);
            } else {
                assertThat(i.template()).doesNotContain(ConfigItem.PASSWORD_MARK);
                assertThat(i.resolve(PASSWORD)).isEqualTo(i.template());
            }
        }
    }

    // ---------------------------------------------------------------- infix

    @ParameterizedTest
    @EnumSource(ClientType.class)
    void infixPrefixesEveryAzureNameAndLeavesSpringNamesAlone(ClientType client) {
        List<ConfigItem> plain = PostgresConfigurationNames.items(client, INFO, "");
        List<ConfigItem> infixed = PostgresConfigurationNames.items(client, INFO, "CONN_");
        assertThat(infixed).hasSameSizeAs(plain);
        for (int k = 0; k < plain.size(); k++) {
            ConfigItem p = plain.get(k);
            ConfigItem q = infixed.get(k);
            String expectedName = p.name().startsWith("AZURE_POSTGRESQL_")
                    ? "AZURE_POSTGRESQL_CONN_" + p.name().substring("AZURE_POSTGRESQL_".length())
                    : p.name();
            if (client == ClientType.SPRING_BOOT) assertThat(p.name()).startsWith("spring.datasource.");
            else assertThat(p.name()).startsWith("AZURE_POSTGRESQL_");
            assertThat(q).isEqualTo(new ConfigItem(expectedName, p.template(), p.secret(), p.description()));
        }
    }

    // ---------------------------------------------------------------- hostile values survive every format

    static Stream<String> hostile() {
        return Stream.of(
                "p@ss w'o\"r;d\\=&%",
                "p@ss w'o\"r;d\\\\=&%",
                "pässwörd€🔑",
                "パスワード",
                " leading and trailing ",
                "+plus+",
                "'", "\"", "\\", "''", "\"\"", "\\'",
                "ends with backslash\\",
                "key=value other=x",
                "a;b=c;",
                "%41%2",
                "line\nbreak\ttab",
                "#?/:@[]!$&'()*,;=");
    }

    @ParameterizedTest
    @MethodSource("hostile")
    void jdbcUrlParametersUrlDecodeToTheOriginal(String hostile) {
        PostgresConnectionInfo info = new PostgresConnectionInfo("h", 5432, hostile, hostile, "require");
        String url = item(PostgresConfigurationNames.items(ClientType.JAVA, info, ""), "AZURE_POSTGRESQL_CONNECTIONSTRING").resolve(hostile);

        assertThat(url).startsWith("jdbc:postgresql://h:5432/").doesNotContain(" ", "\n");
        String path = url.substring("jdbc:postgresql://h:5432/".length(), url.indexOf('?'));
        Map<String, String> query = new LinkedHashMap<>();
        for (String pair : url.substring(url.indexOf('?') + 1).split("&")) {
            int eq = pair.indexOf('=');
            query.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        assertThat(URLDecoder.decode(path, StandardCharsets.UTF_8)).isEqualTo(hostile);
        assertThat(query).containsExactly(Map.entry("sslmode", "require"), Map.entry("user", hostile), Map.entry("password", hostile));

        String springUrl = item(PostgresConfigurationNames.items(ClientType.SPRING_BOOT, info, ""), "spring.datasource.url").resolve(hostile);
        assertThat(URLDecoder.decode(springUrl.substring("jdbc:postgresql://h:5432/".length(), springUrl.indexOf('?')),
                StandardCharsets.UTF_8)).isEqualTo(hostile);
    }

    @ParameterizedTest
    @MethodSource("hostile")
    void libpqStringsRoundTrip(String hostile) {
        PostgresConnectionInfo info = new PostgresConnectionInfo(hostile, 5432, hostile, hostile, "require");
        for (ClientType client : List.of(ClientType.PYTHON, ClientType.GO, ClientType.PHP, ClientType.RUBY)) {
            String conninfo = item(PostgresConfigurationNames.items(client, info, ""), "AZURE_POSTGRESQL_CONNECTIONSTRING").resolve(hostile);
            assertThat(parseLibpq(conninfo)).as("%s: %s", client, conninfo).containsOnly(
                    Map.entry("host", hostile), Map.entry("port", "5432"), Map.entry("dbname", hostile),
                    Map.entry("sslmode", "require"), Map.entry("user", hostile), Map.entry("password", hostile));
        }
    }

    @ParameterizedTest
    @MethodSource("hostile")
    void dotnetStringRoundTrips(String hostile) {
        PostgresConnectionInfo info = new PostgresConnectionInfo(hostile, 5432, hostile, hostile, "require");
        String cs = item(PostgresConfigurationNames.items(ClientType.DOTNET, info, ""), "AZURE_POSTGRESQL_CONNECTIONSTRING").resolve(hostile);
        assertThat(parseDotnet(cs)).as(cs).containsExactly(
                Map.entry("Server", hostile), Map.entry("Database", hostile), Map.entry("Port", "5432"),
                Map.entry("Ssl Mode", "Require"), Map.entry("User Id", hostile), Map.entry("Password", hostile));
    }

    @ParameterizedTest
    @MethodSource("hostile")
    void rawValuesAreVerbatim(String hostile) {
        PostgresConnectionInfo info = new PostgresConnectionInfo("h", 5432, hostile, hostile, "require");
        List<ConfigItem> spring = PostgresConfigurationNames.items(ClientType.SPRING_BOOT, info, "");
        assertThat(item(spring, "spring.datasource.username").resolve(hostile)).isEqualTo(hostile);
        assertThat(item(spring, "spring.datasource.password").resolve(hostile)).isEqualTo(hostile);
        List<ConfigItem> django = PostgresConfigurationNames.items(ClientType.DJANGO, info, "");
        assertThat(item(django, "AZURE_POSTGRESQL_NAME").resolve(hostile)).isEqualTo(hostile);
        assertThat(item(django, "AZURE_POSTGRESQL_USER").resolve(hostile)).isEqualTo(hostile);
        assertThat(item(django, "AZURE_POSTGRESQL_PASSWORD").resolve(hostile)).isEqualTo(hostile);
        for (ClientType c : List.of(ClientType.NODEJS, ClientType.NONE)) {
            List<ConfigItem> items = PostgresConfigurationNames.items(c, info, "");
            assertThat(item(items, "AZURE_POSTGRESQL_DATABASE").resolve(hostile)).isEqualTo(hostile);
            assertThat(item(items, "AZURE_POSTGRESQL_PASSWORD").resolve(hostile)).isEqualTo(hostile);
        }
    }

    @Property(tries = 300)
    void anyPasswordRoundTripsInEveryFormat(@ForAll("passwords") String password) {
        PostgresConnectionInfo info = new PostgresConnectionInfo("h", 5432, "db", "u", "require");
        String url = item(PostgresConfigurationNames.items(ClientType.JAVA, info, ""), "AZURE_POSTGRESQL_CONNECTIONSTRING").resolve(password);
        assertThat(URLDecoder.decode(url.substring(url.indexOf("&password=") + "&password=".length()), StandardCharsets.UTF_8))
                .isEqualTo(password);
        String conninfo = item(PostgresConfigurationNames.items(ClientType.PYTHON, info, ""), "AZURE_POSTGRESQL_CONNECTIONSTRING").resolve(password);
        assertThat(parseLibpq(conninfo)).containsEntry("password", password).containsEntry("user", "u");
        String cs = item(PostgresConfigurationNames.items(ClientType.DOTNET, info, ""), "AZURE_POSTGRESQL_CONNECTIONSTRING").resolve(password);
        assertThat(parseDotnet(cs)).containsEntry("Password", password).containsEntry("User Id", "u");
        assertThat(item(PostgresConfigurationNames.items(ClientType.NONE, info, ""), "AZURE_POSTGRESQL_PASSWORD").resolve(password))
                .isEqualTo(password);
    }

    @Provide
    Arbitrary<String> passwords() {
        // 1-256 chars without NUL, as LinkerSpecReader accepts; BMP without surrogates, weighted towards syntax chars.
        return Arbitraries.oneOf(
                Arbitraries.strings().withChars(" '\"\\;=&%+@#?/:{}$").withCharRange('a', 'c').ofMinLength(1).ofMaxLength(30),
                Arbitraries.strings().withCharRange('\u0001', '\uD7FF').ofMinLength(1).ofMaxLength(256));
    }

    @ParameterizedTest
    @EnumSource(ValueFormat.class)
    void aPasswordThatLooksLikeAMarkIsPutInOnce(ValueFormat format) {
        String password = ConfigItem.passwordIn(format);
        PostgresConnectionInfo info = new PostgresConnectionInfo("h", 5432, "db", "u", "require");
        assertThat(item(PostgresConfigurationNames.items(ClientType.SPRING_BOOT, info, ""), "spring.datasource.password")
                .resolve(password)).isEqualTo(password);
        String url = item(PostgresConfigurationNames.items(ClientType.JAVA, info, ""), "AZURE_POSTGRESQL_CONNECTIONSTRING").resolve(password);
        assertThat(URLDecoder.decode(url.substring(url.indexOf("&password=") + "&password=".length()), StandardCharsets.UTF_8))
                .isEqualTo(password);
        String conninfo = item(PostgresConfigurationNames.items(ClientType.PYTHON, info, ""), "AZURE_POSTGRESQL_CONNECTIONSTRING").resolve(password);
        assertThat(parseLibpq(conninfo)).containsEntry("password", password);
        String cs = item(PostgresConfigurationNames.items(ClientType.DOTNET, info, ""), "AZURE_POSTGRESQL_CONNECTIONSTRING").resolve(password);
        assertThat(parseDotnet(cs)).containsEntry("Password", password);
    }

    // ---------------------------------------------------------------- small parsers for the target syntaxes

    /** libpq's conninfo_parse: key = value, values bare (backslash escapes) or single-quoted with \' and \\. */
    static Map<String, String> parseLibpq(String s) {
        Map<String, String> out = new LinkedHashMap<>();
        int i = 0;
        while (true) {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) i++;
            if (i >= s.length()) return out;
            int eq = s.indexOf('=', i);
            if (eq < 0) throw new IllegalArgumentException("missing '=' in " + s);
            String key = s.substring(i, eq).strip();
            i = eq + 1;
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) i++;
            StringBuilder v = new StringBuilder();
            if (i < s.length() && s.charAt(i) == '\'') {
                i++;
                while (true) {
                    if (i >= s.length()) throw new IllegalArgumentException("unterminated quoted string in " + s);
                    char c = s.charAt(i++);
                    if (c == '\\') { v.append(s.charAt(i++)); continue; }
                    if (c == '\'') break;
                    v.append(c);
                }
            } else {
                while (i < s.length() && !Character.isWhitespace(s.charAt(i))) {
                    char c = s.charAt(i++);
                    if (c == '\\' && i < s.length()) c = s.charAt(i++);
                    v.append(c);
                }
            }
            if (out.put(key, v.toString()) != null) throw new IllegalArgumentException("duplicate key " + key + " in " + s);
        }
    }

    /** ADO.NET connection string: key=value;..., values bare (up to ';') or double-quoted with "" for a quote. */
    static Map<String, String> parseDotnet(String s) {
        Map<String, String> out = new LinkedHashMap<>();
        int i = 0;
        while (i < s.length()) {
            int eq = s.indexOf('=', i);
            if (eq < 0) throw new IllegalArgumentException("missing '=' in " + s);
            String key = s.substring(i, eq).strip();
            i = eq + 1;
            StringBuilder v = new StringBuilder();
            if (i < s.length() && s.charAt(i) == '"') {
                i++;
                while (true) {
                    if (i >= s.length()) throw new IllegalArgumentException("unterminated quoted value in " + s);
                    char c = s.charAt(i++);
                    if (c == '"') {
                        if (i < s.length() && s.charAt(i) == '"') { v.append('"'); i++; continue; }
                        break;
                    }
                    v.append(c);
                }
                if (i < s.length() && s.charAt(i) != ';') throw new IllegalArgumentException("junk after quoted value in " + s);
            } else {
                while (i < s.length() && s.charAt(i) != ';') v.append(s.charAt(i++));
            }
            i++; // the ';'
            if (out.put(key, v.toString()) != null) throw new IllegalArgumentException("duplicate key " + key + " in " + s);
        }
        return out;
    }

    @Test
    void theTestParsersReadTheirSyntax() {
        assertThat(parseLibpq("a=1  b = 'x \\' y\\\\' c=p\\ q")).containsExactly(
                Map.entry("a", "1"), Map.entry("b", "x ' y\\"), Map.entry("c", "p q"));
        assertThat(parseDotnet("A=1;B=\"x;\"\"y\";C=z;")).containsExactly(
                Map.entry("A", "1"), Map.entry("B", "x;\"y"), Map.entry("C", "z"));
    }
}
