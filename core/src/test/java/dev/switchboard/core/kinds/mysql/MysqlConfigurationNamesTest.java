package dev.switchboard.core.kinds.mysql;

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
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks {@link MysqlConfigurationNames} against the Service Connector reference data (target mysql, auth secret),
 * with the documented deviations, and checks that every value format carries hostile passwords intact.
 */
class MysqlConfigurationNamesTest {
    private static final String HOST = "db.example.test";
    private static final String DB = "appdb";
    private static final String USER = "appuser";
    private static final String PASSWORD = "s3cret";
    private static final MysqlConnectionInfo INFO = new MysqlConnectionInfo(HOST, 3306, DB, USER, "required");
    /** Our documented additions: a port for the client types whose reference rows have none. */
    private static final Set<ClientType> PORT_ADDED = Set.of(ClientType.PYTHON, ClientType.DJANGO, ClientType.RUBY);

    private static Map<String, List<Map<String, Object>>> reference;

    @BeforeAll
    static void loadReference() {
        assertThat(ConfigNamesReference.target("mysql").get("azure_type")).isEqualTo("Microsoft.DBforMySQL/flexibleServers/databases");
        reference = ConfigNamesReference.rowsByClient("mysql", "secret");
    }

    private static List<Map<String, Object>> rows(ClientType client) {
        List<Map<String, Object>> rows = reference.getOrDefault(client.wire(), List.of());
        assertThat(rows).as("reference rows for %s", client.wire()).isNotEmpty();
        return rows;
    }

    static ConfigItem item(List<ConfigItem> items, String name) {
        return items.stream().filter(i -> i.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no item " + name + " in " + items));
    }

    private static String value(ClientType client, MysqlConnectionInfo info, String name, String password) {
        return item(MysqlConfigurationNames.items(client, info, ""), name).resolve(password);
    }

    // ---------------------------------------------------------------- names against the reference

    @ParameterizedTest
    @EnumSource(ClientType.class)
    void namesAreTheReferenceNamesInTheirOrder(ClientType client) {
        List<String> expected = new ArrayList<>(rows(client).stream().map(r -> (String) r.get("name")).toList());
        if (PORT_ADDED.contains(client)) expected.add("AZURE_MYSQL_PORT");
        List<String> actual = MysqlConfigurationNames.items(client, INFO, "").stream().map(ConfigItem::name).toList();
        assertThat(actual).doesNotHaveDuplicates().containsExactlyElementsOf(expected);
        assertThat(MysqlConfigurationNames.names(client)).extracting(ConfigItem::name).containsExactlyElementsOf(actual);
    }

    @ParameterizedTest
    @EnumSource(ClientType.class)
    void descriptionsAreTheReferenceDescriptions(ClientType client) {
        List<ConfigItem> items = MysqlConfigurationNames.items(client, INFO, "");
        for (Map<String, Object> row : rows(client)) {
            assertThat(item(items, (String) row.get("name")).description()).isEqualTo(row.get("description"));
        }
    }

    /** The reference example with its placeholders filled in and our documented deviations applied. */
    private static String expectedValue(ClientType client, Map<String, Object> row) {
        String v = ((String) row.get("example"))
                .replace("<MySQL-DB-name>.mysql.database.azure.com", HOST)
                .replace("<server-host>", HOST)
                .replace("<port>", "3306")
                .replace("<Uri.EscapeDataString(<MySQL-DB-password>)", PASSWORD)
                .replace("<MySQL-DB-password>", PASSWORD)
                .replace("MySQL-DB-password", PASSWORD)
                // Single server's user@server form: flexible servers (and MariaDB) take the plain login.
                .replace("<MySQL-DB-username>@<MySQL-DB-name>", USER)
                .replace("<MySQL-DB-username>", USER)
                .replace("<MySQL-DBusername>", USER)
                .replace("MySQL-DB-username", USER)
                .replace("<MySQL-DB-name>", DB)
                .replace("MySQL-DB-name", DB)
                .replace("<database-name>", DB);
        assertThat(v).as("unfilled placeholder in %s", row.get("example")).doesNotContain("<", ">");
        // go-sql-driver's tls=true verifies the certificate; MySQL's "required" only encrypts: skip-verify.
        if (client == ClientType.GO) v = v.replace("?tls=true", "?tls=skip-verify");
        return v;
    }

    @ParameterizedTest
    @EnumSource(ClientType.class)
    void valuesHaveTheReferenceShapes(ClientType client) {
        List<ConfigItem> items = MysqlConfigurationNames.items(client, INFO, "");
        for (Map<String, Object> row : rows(client)) {
            String name = (String) row.get("name");
            assertThat(item(items, name).resolve(PASSWORD)).as("%s for %s", name, client).isEqualTo(expectedValue(client, row));
        }
        if (PORT_ADDED.contains(client)) assertThat(item(items, "AZURE_MYSQL_PORT").resolve(PASSWORD)).isEqualTo("3306");
    }

    static Stream<Arguments> exactShapes() {
        return Stream.of(
                Arguments.of(ClientType.JAVA, "AZURE_MYSQL_CONNECTIONSTRING", "jdbc:mysql://h:3306/db?sslmode=required&user=u&password=pw"),
                Arguments.of(ClientType.SPRING_BOOT, "spring.datasource.url", "jdbc:mysql://h:3306/db?sslmode=required"),
                Arguments.of(ClientType.SPRING_BOOT, "spring.datasource.username", "u"),
                Arguments.of(ClientType.SPRING_BOOT, "spring.datasource.password", "pw"),
                Arguments.of(ClientType.DOTNET, "AZURE_MYSQL_CONNECTIONSTRING",
                        "Server=h;Database=db;Port=3306;User Id=u;Password=pw;SSL Mode=Required"),
                Arguments.of(ClientType.GO, "AZURE_MYSQL_CONNECTIONSTRING", "u:pw@tcp(h:3306)/db?tls=skip-verify"),
                Arguments.of(ClientType.PYTHON, "AZURE_MYSQL_NAME", "db"),
                Arguments.of(ClientType.DJANGO, "AZURE_MYSQL_PORT", "3306"),
                Arguments.of(ClientType.PHP, "AZURE_MYSQL_FLAG", "MySQL_CLIENT_SSL"),
                Arguments.of(ClientType.PHP, "AZURE_MYSQL_DBNAME", "db"),
                Arguments.of(ClientType.RUBY, "AZURE_MYSQL_SSLMODE", "required"),
                Arguments.of(ClientType.NODEJS, "AZURE_MYSQL_USER", "u"),
                Arguments.of(ClientType.NODEJS, "AZURE_MYSQL_SSL", "true"),
                Arguments.of(ClientType.NONE, "AZURE_MYSQL_USERNAME", "u"),
                Arguments.of(ClientType.NONE, "AZURE_MYSQL_PASSWORD", "pw"));
    }

    @ParameterizedTest
    @MethodSource("exactShapes")
    void exactValueShapes(ClientType client, String name, String expected) {
        assertThat(value(client, new MysqlConnectionInfo("h", 3306, "db", "u", "required"), name, "pw")).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({
            "disabled,        None,       false,       false, 0",
            "preferred,       Preferred,  preferred,   false, 0",
            "required,        Required,   skip-verify, true,  MySQL_CLIENT_SSL",
            "verify_ca,       VerifyCA,   true,        true,  MySQL_CLIENT_SSL",
            "verify_identity, VerifyFull, true,        true,  MySQL_CLIENT_SSL",
    })
    void sslModeAndPortReachEveryFormat(String mode, String dotnet, String goTls, String bool, String phpFlag) {
        MysqlConnectionInfo info = new MysqlConnectionInfo("h", 3307, "db", "u", mode);
        assertThat(value(ClientType.JAVA, info, "AZURE_MYSQL_CONNECTIONSTRING", "pw"))
                .isEqualTo("jdbc:mysql://h:3307/db?sslmode=" + mode + "&user=u&password=pw");
        assertThat(value(ClientType.DOTNET, info, "AZURE_MYSQL_CONNECTIONSTRING", "pw"))
                .isEqualTo("Server=h;Database=db;Port=3307;User Id=u;Password=pw;SSL Mode=" + dotnet);
        assertThat(value(ClientType.GO, info, "AZURE_MYSQL_CONNECTIONSTRING", "pw")).isEqualTo("u:pw@tcp(h:3307)/db?tls=" + goTls);
        assertThat(value(ClientType.RUBY, info, "AZURE_MYSQL_SSLMODE", "pw")).isEqualTo(mode);
        assertThat(value(ClientType.PHP, info, "AZURE_MYSQL_FLAG", "pw")).isEqualTo(phpFlag);
        for (ClientType c : List.of(ClientType.NODEJS, ClientType.NONE)) {
            assertThat(value(c, info, "AZURE_MYSQL_SSL", "pw")).isEqualTo(bool);
        }
        for (ClientType c : List.of(ClientType.NODEJS, ClientType.NONE, ClientType.PHP, ClientType.PYTHON, ClientType.DJANGO, ClientType.RUBY)) {
            assertThat(value(c, info, "AZURE_MYSQL_PORT", "pw")).isEqualTo("3307");
        }
    }

    @Test
    void anIpv6HostIsBracketedInUrlsAndDsns() {
        MysqlConnectionInfo info = new MysqlConnectionInfo("::1", 3306, "db", "u", "disabled");
        assertThat(value(ClientType.JAVA, info, "AZURE_MYSQL_CONNECTIONSTRING", "pw")).startsWith("jdbc:mysql://[::1]:3306/db?");
        assertThat(value(ClientType.GO, info, "AZURE_MYSQL_CONNECTIONSTRING", "pw")).isEqualTo("u:pw@tcp([::1]:3306)/db?tls=false");
        assertThat(value(ClientType.NONE, info, "AZURE_MYSQL_HOST", "pw")).isEqualTo("::1");
    }

    // ---------------------------------------------------------------- secrets and infix

    @ParameterizedTest
    @EnumSource(ClientType.class)
    void exactlyThePasswordCarryingItemsAreSecret(ClientType client) {
        for (ConfigItem i : MysqlConfigurationNames.items(client, INFO, "")) {
            boolean carries = i.name().endsWith("PASSWORD") || i.name().endsWith("password") || i.name().endsWith("CONNECTIONSTRING");
            assertThat(i.secret()).as("secret flag of %s", i.name()).isEqualTo(carries);
            if (carries) {
                assertThat(i.template()).contains(ConfigItem.PASSWORD_MARK).doesNotContain(PASSWORD);
                assertThat(i.resolve(PASSWORD)).contains(PASSWORD).doesNotContain(ConfigItem.PASSWORD_MARK);
            } else {
                assertThat(i.template()).doesNotContain(ConfigItem.PASSWORD_MARK);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(ClientType.class)
    void infixPrefixesEveryAzureNameAndLeavesSpringNamesAlone(ClientType client) {
        List<ConfigItem> plain = MysqlConfigurationNames.items(client, INFO, "");
        List<ConfigItem> infixed = MysqlConfigurationNames.items(client, INFO, "CONN_");
        assertThat(infixed).hasSameSizeAs(plain);
        for (int k = 0; k < plain.size(); k++) {
            ConfigItem p = plain.get(k);
            String expectedName = p.name().startsWith("AZURE_MYSQL_") ? "AZURE_MYSQL_CONN_" + p.name().substring(12) : p.name();
            assertThat(p.name()).startsWith(client == ClientType.SPRING_BOOT ? "spring.datasource." : "AZURE_MYSQL_");
            assertThat(infixed.get(k)).isEqualTo(new ConfigItem(expectedName, p.template(), p.secret(), p.description()));
        }
    }

    // ---------------------------------------------------------------- hostile passwords survive every format

    @Provide
    Arbitrary<String> passwords() {
        return Arbitraries.oneOf(
                Arbitraries.strings().withChars(" '\"\\;=&%+@#?/:()[]{}$`").withCharRange('a', 'c').ofMinLength(1).ofMaxLength(30),
                Arbitraries.strings().withCharRange('\u0001', '\uD7FF').ofMinLength(1).ofMaxLength(256),
                Arbitraries.of("p@ss w'o\"r;d\\=&%", "a/b@c:d", "@tcp(evil:1)/x?tls=false", "pässwörd€🔑", "'", "\"", "\\", "line\nbreak"));
    }

    @Property(tries = 300)
    void anyPasswordRoundTripsInEveryFormat(@ForAll("passwords") String password) {
        MysqlConnectionInfo info = new MysqlConnectionInfo("h", 3306, "db", "u", "required");
        String url = value(ClientType.JAVA, info, "AZURE_MYSQL_CONNECTIONSTRING", password);
        assertThat(query(url)).containsExactly(Map.entry("sslmode", "required"), Map.entry("user", "u"), Map.entry("password", password));
        String cs = value(ClientType.DOTNET, info, "AZURE_MYSQL_CONNECTIONSTRING", password);
        assertThat(parseDotnet(cs)).containsEntry("Password", password).containsEntry("User Id", "u").containsEntry("SSL Mode", "Required");
        String dsn = value(ClientType.GO, info, "AZURE_MYSQL_CONNECTIONSTRING", password);
        assertThat(parseGoDsn(dsn)).containsExactly(Map.entry("user", "u"), Map.entry("password", password),
                Map.entry("address", "tcp(h:3306)"), Map.entry("dbname", "db"), Map.entry("params", "tls=skip-verify"));
        for (ClientType raw : List.of(ClientType.NONE, ClientType.NODEJS, ClientType.PYTHON, ClientType.DJANGO, ClientType.PHP, ClientType.RUBY)) {
            assertThat(value(raw, info, "AZURE_MYSQL_PASSWORD", password)).isEqualTo(password);
        }
        assertThat(value(ClientType.SPRING_BOOT, info, "spring.datasource.password", password)).isEqualTo(password);
    }

    @ParameterizedTest
    @EnumSource(ValueFormat.class)
    void aPasswordThatLooksLikeAMarkIsPutInOnce(ValueFormat format) {
        String password = ConfigItem.passwordIn(format);
        assertThat(value(ClientType.NONE, INFO, "AZURE_MYSQL_PASSWORD", password)).isEqualTo(password);
        assertThat(query(value(ClientType.JAVA, INFO, "AZURE_MYSQL_CONNECTIONSTRING", password))).containsEntry("password", password);
        assertThat(parseGoDsn(value(ClientType.GO, INFO, "AZURE_MYSQL_CONNECTIONSTRING", password))).containsEntry("password", password);
    }

    // ---------------------------------------------------------------- small parsers for the target syntaxes

    private static Map<String, String> query(String url) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : url.substring(url.indexOf('?') + 1).split("&")) {
            int eq = pair.indexOf('=');
            out.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }

    /**
     * go-sql-driver's ParseDSN: the last '/' ends the address part; in front of it the last '@' ends the
     * credentials, whose first ':' splits user from password; after it, dbname up to the first '?'.
     */
    static Map<String, String> parseGoDsn(String dsn) {
        int slash = dsn.lastIndexOf('/');
        int at = dsn.lastIndexOf('@', slash);
        int colon = dsn.indexOf(':');
        if (colon > at) colon = at;
        int question = dsn.indexOf('?', slash);
        Map<String, String> out = new LinkedHashMap<>();
        out.put("user", dsn.substring(0, colon));
        out.put("password", colon == at ? "" : dsn.substring(colon + 1, at));
        out.put("address", dsn.substring(at + 1, slash));
        out.put("dbname", dsn.substring(slash + 1, question < 0 ? dsn.length() : question));
        out.put("params", question < 0 ? "" : dsn.substring(question + 1));
        return out;
    }

    /** ADO.NET connection string: key=value;..., values bare (up to ';') or double-quoted with "" for a quote. */
    static Map<String, String> parseDotnet(String s) {
        Map<String, String> out = new LinkedHashMap<>();
        int i = 0;
        while (i < s.length()) {
            int eq = s.indexOf('=', i);
            String key = s.substring(i, eq).strip();
            i = eq + 1;
            StringBuilder v = new StringBuilder();
            if (i < s.length() && s.charAt(i) == '"') {
                i++;
                while (true) {
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
            i++;
            if (out.put(key, v.toString()) != null) throw new IllegalArgumentException("duplicate key " + key + " in " + s);
        }
        return out;
    }

    @Test
    void theTestParsersReadTheirSyntax() {
        assertThat(parseGoDsn("u:p:w@x/y@tcp(h:1)/db?tls=true")).containsExactly(Map.entry("user", "u"),
                Map.entry("password", "p:w@x/y"), Map.entry("address", "tcp(h:1)"), Map.entry("dbname", "db"), Map.entry("params", "tls=true"));
        assertThat(parseDotnet("A=1;B=\"x;\"\"y\";C=z")).containsExactly(Map.entry("A", "1"), Map.entry("B", "x;\"y"), Map.entry("C", "z"));
    }
}
