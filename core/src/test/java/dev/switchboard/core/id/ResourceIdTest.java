package dev.switchboard.core.id;

import dev.switchboard.core.failure.TerminalFailure;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class ResourceIdTest {

    private static final String RG = "/subscriptions/sub1/resourceGroups/rg1";
    private static final String APP = RG + "/providers/Microsoft.App/containerApps/app1";
    private static final String PG = RG + "/providers/Microsoft.DBforPostgreSQL/flexibleServers/pg1";
    private static final String DB = PG + "/databases/db1";
    private static final String LINKER = APP + "/providers/Microsoft.ServiceLinker/linkers/l1";
    private static final String DB_LINKER = DB + "/providers/Microsoft.ServiceLinker/linkers/l2";
    private static final String LOCATION = RG + "/providers/Microsoft.ServiceLinker/locations/eastus";
    private static final String CONNECTOR = LOCATION + "/connectors/c1";

    /** An error message that is safe to echo: one line, no control characters, bounded. */
    static void assertSafeMessage(String message) {
        assertThat(message).isNotNull();
        assertThat(message.length()).as("message length of %s...", message.substring(0, Math.min(80, message.length())))
                .isLessThanOrEqualTo(300);
        assertThat(message.codePoints().filter(Character::isISOControl).count()).as("control characters in %s", message).isZero();
    }

    private static TerminalFailure rejected(String raw) {
        TerminalFailure f = catchThrowableOfType(TerminalFailure.class, () -> ResourceId.parse(raw));
        assertThat(f).as("parse should reject %s", raw).isNotNull();
        return f;
    }

    // ---------------------------------------------------------------- shapes

    static Stream<Arguments> shapes() {
        // id, kind, fullType, name, parent, resourceGroupId
        return Stream.of(
                Arguments.of("/subscriptions/sub1", "subscription", "Microsoft.Resources/subscriptions", "sub1", null, null),
                Arguments.of(RG, "resourceGroup", "Microsoft.Resources/resourceGroups", "rg1", "/subscriptions/sub1", RG),
                Arguments.of(APP, "resource", "Microsoft.App/containerApps", "app1", RG, RG),
                Arguments.of(PG, "resource", "Microsoft.DBforPostgreSQL/flexibleServers", "pg1", RG, RG),
                Arguments.of(DB, "resource", "Microsoft.DBforPostgreSQL/flexibleServers/databases", "db1", PG, RG),
                Arguments.of(LINKER, "extension", "Microsoft.ServiceLinker/linkers", "l1", APP, RG),
                Arguments.of(DB_LINKER, "extension", "Microsoft.ServiceLinker/linkers", "l2", DB, RG),
                Arguments.of(LOCATION, "resource", "Microsoft.ServiceLinker/locations", "eastus", RG, RG),
                Arguments.of(CONNECTOR, "resource", "Microsoft.ServiceLinker/locations/connectors", "c1", LOCATION, RG));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shapes")
    void shape(String raw, String kind, String fullType, String name, String parent, String resourceGroupId) {
        ResourceId id = ResourceId.parse(raw);
        assertThat(id.toString()).isEqualTo(raw);
        assertThat(id.fullType()).isEqualTo(fullType);
        assertThat(id.name()).isEqualTo(name);
        assertThat(id.parent() == null ? null : id.parent().toString()).isEqualTo(parent);
        assertThat(id.resourceGroupId() == null ? null : id.resourceGroupId().toString()).isEqualTo(resourceGroupId);
        assertThat(id.isResource()).isEqualTo(kind.equals("resource") || kind.equals("extension"));
        assertThat(id.isExtension()).isEqualTo(kind.equals("extension"));
        assertThat(id.isResourceGroup()).isEqualTo(kind.equals("resourceGroup"));
        assertThat(id.subscriptionId()).isEqualTo("sub1");
    }

    @Test
    void anExtensionIsScopedToItsSource() {
        ResourceId linker = ResourceId.parse(LINKER);
        assertThat(linker.scope()).isEqualTo(ResourceId.parse(APP));
        assertThat(linker.namespace()).isEqualTo("Microsoft.ServiceLinker");
        assertThat(linker.types()).containsExactly("linkers");
        assertThat(linker.names()).containsExactly("l1");
        assertThat(ResourceId.parse(APP).scope()).isNull();
    }

    @Test
    void factoriesBuildTheSameIdsAsParse() {
        assertThat(ResourceId.subscription("sub1").toString()).isEqualTo("/subscriptions/sub1");
        assertThat(ResourceId.resourceGroup("sub1", "rg1").toString()).isEqualTo(RG);
        assertThat(ResourceId.parse(PG).child("databases", "db1").toString()).isEqualTo(DB);
        assertThat(ResourceId.parse(LOCATION).child("connectors", "c1").toString()).isEqualTo(CONNECTOR);
        assertThat(ResourceId.parse(APP).extension("Microsoft.ServiceLinker", "linkers", "l1").toString()).isEqualTo(LINKER);
        assertThat(ResourceId.parse(DB).extension("Microsoft.ServiceLinker", "linkers", "l2").toString()).isEqualTo(DB_LINKER);
        assertThat(ResourceId.parse(LINKER).parent().parent().toString()).isEqualTo(RG);
        assertThat(ResourceId.parse(DB).parent().parent().parent().toString()).isEqualTo("/subscriptions/sub1");
    }

    // ---------------------------------------------------------------- normalisation and case

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "/SUBSCRIPTIONS/sub1/RESOURCEGROUPS/rg1/PROVIDERS/Microsoft.App/containerApps/app1 | " + APP,
            "/Subscriptions/sub1/ResourceGroups/rg1/Providers/Microsoft.App/containerApps/app1 | " + APP,
            "//subscriptions//sub1///resourceGroups/rg1//providers/Microsoft.App//containerApps/app1 | " + APP,
            APP + "/ | " + APP,
            APP + "/// | " + APP,
            "subscriptions/sub1/resourceGroups/rg1 | " + RG,
            "'  " + RG + "  ' | " + RG,
            "/subscriptions/sub1/resourcegroups/rg1/providers/Microsoft.App/containerApps/app1/PROVIDERS/Microsoft.ServiceLinker/linkers/l1 | " + LINKER,
            "/subscriptions/SUB1/resourceGroups/MyRG/providers/microsoft.app/CONTAINERAPPS/App1 | /subscriptions/SUB1/resourceGroups/MyRG/providers/microsoft.app/CONTAINERAPPS/App1",
    })
    void parseNormalisesKeywordsAndSlashesButKeepsTheCaseOfNames(String raw, String canonical) {
        ResourceId id = ResourceId.parse(raw);
        assertThat(id.toString()).isEqualTo(canonical);
        assertThat(ResourceId.parse(id.toString())).isEqualTo(id);
    }

    @Test
    void keysAndEqualityIgnoreCase() {
        ResourceId a = ResourceId.parse(LINKER);
        ResourceId b = ResourceId.parse(LINKER.toUpperCase());
        assertThat(b.toString()).isNotEqualTo(a.toString());
        assertThat(b.key()).isEqualTo(a.key()).isEqualTo(LINKER.toLowerCase());
        assertThat(b).isEqualTo(a).hasSameHashCodeAs(a);
        assertThat(a.sameAs(b)).isTrue();
        assertThat(a.sameAs(null)).isFalse();
        assertThat(a).isNotEqualTo(ResourceId.parse(APP));
        assertThat(ResourceId.parse(APP)).isNotEqualTo(ResourceId.parse(APP.replace("app1", "app2")));
        assertThat(ResourceId.parse(RG)).isNotEqualTo(ResourceId.subscription("sub1"));
        assertThat(a).isNotEqualTo(LINKER);
    }

    // ---------------------------------------------------------------- rejections

    static Stream<Arguments> rejections() {
        String a200 = "a".repeat(200);
        return Stream.of(
                Arguments.of("empty", ""),
                Arguments.of("blank", "   "),
                Arguments.of("null", null),
                Arguments.of("only slashes", "///"),
                Arguments.of("no subscriptions", "/resourceGroups/rg1"),
                Arguments.of("subscriptions without id", "/subscriptions"),
                Arguments.of("bad subscription id", "/subscriptions/sub_1"),
                Arguments.of("resourceGroups without name", "/subscriptions/sub1/resourceGroups"),
                Arguments.of("name with space", "/subscriptions/sub1/resourceGroups/my rg"),
                Arguments.of("name with quote", "/subscriptions/sub1/resourceGroups/rg'1"),
                Arguments.of("name with double quote", "/subscriptions/sub1/resourceGroups/rg\"1"),
                Arguments.of("name with semicolon", "/subscriptions/sub1/resourceGroups/rg;drop"),
                Arguments.of("name with unicode", "/subscriptions/sub1/resourceGroups/rgé"),
                Arguments.of("name of 200 chars", "/subscriptions/sub1/resourceGroups/" + a200),
                Arguments.of("resource name of 200 chars", RG + "/providers/Microsoft.Web/sites/" + a200),
                Arguments.of("name with percent", "/subscriptions/sub1/resourceGroups/r%20g"),
                Arguments.of("name with NUL", "/subscriptions/sub1/resourceGroups/r\u0000g"),
                Arguments.of("name with newline", "/subscriptions/sub1/resourceGroups/r\ng"),
                Arguments.of("name with CR LF", APP + "x\r\ny"),
                Arguments.of("name starting with a dash", "/subscriptions/sub1/resourceGroups/-rg"),
                Arguments.of("missing name after type", RG + "/providers/Microsoft.Web/sites"),
                Arguments.of("missing name after child type", PG + "/databases"),
                Arguments.of("providers without namespace", RG + "/providers"),
                Arguments.of("providers without type", RG + "/providers/Microsoft.Web"),
                Arguments.of("extension providers without type", APP + "/providers/Microsoft.ServiceLinker"),
                Arguments.of("extension without name", APP + "/providers/Microsoft.ServiceLinker/linkers"),
                Arguments.of("namespace without dot", RG + "/providers/Web/sites/a"),
                Arguments.of("type with dash", RG + "/providers/Microsoft.Web/si-tes/a"),
                Arguments.of("segment that is not providers", RG + "/things/a"),
                Arguments.of("resource without resource group", "/subscriptions/sub1/providers/Microsoft.Web/sites/a"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rejections")
    void rejected(String label, String raw) {
        TerminalFailure f = rejected(raw);
        assertThat(f.status()).isEqualTo(400);
        assertThat(f.code()).isEqualTo("InvalidResourceId");
        assertThat(f.target()).isEqualTo("id");
        assertSafeMessage(f.getMessage());
    }

    static Stream<Arguments> longInputs() {
        String x = "x".repeat(10_000);
        return Stream.of(
                Arguments.of("long subscription", "/subscriptions/" + x),
                Arguments.of("long resource group", "/subscriptions/sub1/resourceGroups/" + x),
                Arguments.of("long name with control characters", "/subscriptions/sub1/resourceGroups/" + "a\n\u0000\t".repeat(2_500)),
                Arguments.of("long namespace", RG + "/providers/" + x + "/sites/a"),
                Arguments.of("long type", RG + "/providers/Microsoft.Web/" + x + "/a"),
                Arguments.of("long tail after a valid id", APP + "/" + "a/".repeat(5_000) + "é"),
                Arguments.of("long garbage", x));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("longInputs")
    void messagesOfLongInputsAreOneBoundedLine(String label, String raw) {
        TerminalFailure f = rejected(raw);
        assertThat(f.code()).isEqualTo("InvalidResourceId");
        assertSafeMessage(f.getMessage());
    }

    static Stream<Arguments> unsanitisedEchoes() {
        String x = "x".repeat(10_000);
        return Stream.of(
                Arguments.of("long segment where providers is expected", RG + "/" + x),
                Arguments.of("newline where providers is expected", RG + "/a\nb/c"),
                Arguments.of("long child type without a name", APP + "/" + x),
                Arguments.of("control character in a type without a name", APP + "/a\u0000b"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unsanitisedEchoes")
    void everyMessageIsOneBoundedLine(String label, String raw) {
        assertSafeMessage(rejected(raw).getMessage());
    }

    // ---------------------------------------------------------------- name validation

    @ParameterizedTest
    @ValueSource(strings = {"a", "A1", "my-app", "my_app", "my.app", "app(1)", "9lives"})
    void validNames(String name) {
        assertThat(ResourceId.validateName("name", name)).isEqualTo(name);
        assertThat(ResourceId.parse(PG).child("databases", name).name()).isEqualTo(name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "-a", ".a", "_a", "a b", "a/b", "a;b", "a'b", "é", "a%b"})
    void invalidNames(String name) {
        TerminalFailure f = catchThrowableOfType(TerminalFailure.class, () -> ResourceId.validateName("properties.x", name));
        assertThat(f.status()).isEqualTo(400);
        assertThat(f.code()).isEqualTo("InvalidResourceName");
        assertThat(f.target()).isEqualTo("properties.x");
        assertThat(catchThrowableOfType(TerminalFailure.class, () -> ResourceId.parse(PG).child("databases", name))).isNotNull();
    }

    @Test
    void nameLengthLimitIs90() {
        assertThat(ResourceId.validateName("n", "a".repeat(90))).hasSize(90);
        assertThat(catchThrowableOfType(TerminalFailure.class, () -> ResourceId.validateName("n", "a".repeat(91)))).isNotNull();
        assertThat(catchThrowableOfType(TerminalFailure.class, () -> ResourceId.validateName("n", null))).isNotNull();
    }

    @Test
    void factoriesRejectBadParts() {
        assertThat(catchThrowableOfType(TerminalFailure.class, () -> ResourceId.subscription("bad sub")).code()).isEqualTo("InvalidResourceId");
        assertThat(catchThrowableOfType(TerminalFailure.class, () -> ResourceId.resourceGroup("sub1", "bad rg")).code()).isEqualTo("InvalidResourceId");
        assertThat(catchThrowableOfType(TerminalFailure.class, () -> ResourceId.parse(PG).child("data-bases", "x")).code()).isEqualTo("InvalidResourceId");
        assertThat(catchThrowableOfType(TerminalFailure.class, () -> ResourceId.parse(APP).extension("NoDot", "linkers", "x")).code()).isEqualTo("InvalidResourceId");
        assertThat(catchThrowableOfType(TerminalFailure.class, () -> ResourceId.parse(APP).extension("Microsoft.ServiceLinker", "linkers", "x y")).code()).isEqualTo("InvalidResourceName");
        TerminalFailure nul = catchThrowableOfType(TerminalFailure.class, () -> ResourceId.subscription("a\u0000b\n" + "c".repeat(10_000)));
        assertSafeMessage(nul.getMessage());
    }

    // ---------------------------------------------------------------- property: parse or TerminalFailure, never anything else

    @Property(tries = 2000)
    void anyStringParsesAndRoundTripsOrIsATerminalFailure(@ForAll("candidates") String raw) {
        ResourceId id;
        try {
            id = ResourceId.parse(raw);
        } catch (TerminalFailure f) {
            Statistics.label("outcome").collect("rejected");
            assertThat(f.status()).isEqualTo(400);
            assertThat(f.code()).isEqualTo("InvalidResourceId");
            return;
        }
        Statistics.label("outcome").collect("parsed");
        ResourceId again = ResourceId.parse(id.toString());
        assertThat(again).isEqualTo(id);
        assertThat(again.toString()).isEqualTo(id.toString());
        assertThat(again.key()).isEqualTo(id.key());
        assertThatCode(() -> { id.fullType(); id.name(); id.parent(); id.resourceGroupId(); }).doesNotThrowAnyException();
    }

    @Provide
    Arbitrary<String> candidates() {
        Arbitrary<String> token = Arbitraries.oneOf(
                Arbitraries.of("subscriptions", "SUBSCRIPTIONS", "resourceGroups", "resourcegroups", "providers", "Providers",
                        "sub1", "rg1", "Microsoft.Web", "Microsoft.ServiceLinker", "sites", "linkers", "databases", "a", "A-b",
                        "x.y", "app(1)", "", " ", "é", "%", ";", "'", "\n", "\u0000", "..", "-a", "a".repeat(91)),
                Arbitraries.strings().ofMaxLength(12),
                Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(8));
        Arbitrary<String> separator = Arbitraries.of("/", "/", "/", "//", "\\", " /");
        Arbitrary<String> structured = Arbitraries.oneOf(token, separator).list().ofMaxSize(16).map(l -> String.join("", l));
        Arbitrary<String> wellFormedish = token.list().ofMinSize(1).ofMaxSize(12).map(l -> "/" + String.join("/", l));
        Arbitrary<String> valid = Arbitraries.of(RG, APP, PG, DB, LINKER, DB_LINKER, CONNECTOR, "/subscriptions/sub1")
                .flatMap(base -> token.list().ofMaxSize(4).map(l -> l.isEmpty() ? base : base + "/" + String.join("/", l)));
        return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(60), structured, wellFormedish, valid);
    }
}
