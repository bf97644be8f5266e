package dev.switchboard.core.plan;

import dev.switchboard.core.config.ConfigItem;
import dev.switchboard.core.id.ResourceId;
import dev.switchboard.core.store.Footprint;
import dev.switchboard.core.target.AccessScope;
import dev.switchboard.core.target.ObservedLogin;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** {@code drift = f(footprint, observed)}: one row per situation, the findings it must name (and only those). */
class DriftTest {
    static final ResourceId SOURCE = LinkerPlannerTest.SOURCE;
    static final String LOGIN = LinkerPlannerTest.LOGIN;
    static final Set<String> REQUIRED = Set.of("CONNECT", "SCHEMA:USAGE", "DEFAULT:TABLES:SELECT");
    static final Footprint APP_FOOTPRINT = footprint(SOURCE);
    static final Footprint CONNECTOR_FOOTPRINT = footprint(null);
    static final ObservedLogin HELD = new ObservedLogin(LOGIN, true, Set.of("LOGIN"), Set.of("CONNECT", "SCHEMA:USAGE",
            "DEFAULT:TABLES:SELECT", "EXTRA"));
    static final ObservedLogin PARTLY = new ObservedLogin(LOGIN, true, Set.of("LOGIN"), Set.of("SCHEMA:USAGE"));
    static final Map<String, String> EXPECTED = Map.of("PGHOST", "127.0.0.1", "PGPASSWORD", "s3cret",
            ConfigurationDelivery.BINDING_PREFIX + "db/password", "s3cret");
    static final Map<String, String> LIVE = Map.of("PGHOST", "127.0.0.1", "PGPASSWORD", "s3cret", "PATH", "/bin");

    static Footprint footprint(ResourceId source) {
        return new Footprint(LinkerPlannerTest.LINKER, source, LinkerPlannerTest.SERVER, LinkerPlannerTest.TARGET,
                new AccessScope.Database("db", "public"), LOGIN, true, "secret-key",
                List.of(new ConfigItem("PGHOST", "127.0.0.1", false, "host")));
    }

    static Stream<Arguments> situations() {
        return Stream.of(
                arguments("all in place (extra grants and variables are not drift)", APP_FOOTPRINT, HELD, LIVE, List.of()),
                arguments("the app is not running: nothing to compare", APP_FOOTPRINT, HELD, null, List.of()),
                arguments("role dropped by hand", APP_FOOTPRINT, ObservedLogin.absent(LOGIN), LIVE,
                        List.of(new Drift.LoginMissing(LOGIN))),
                arguments("grants revoked", APP_FOOTPRINT, PARTLY, LIVE,
                        List.of(new Drift.GrantsMissing(LOGIN, List.of("CONNECT", "DEFAULT:TABLES:SELECT")))),
                arguments("settings wiped from the app", APP_FOOTPRINT, HELD, Map.of("PATH", "/bin"),
                        List.of(new Drift.ConfigurationMissing(List.of("PGHOST", "PGPASSWORD")))),
                arguments("a stale value is drift too", APP_FOOTPRINT, HELD, Map.of("PGHOST", "10.0.0.1", "PGPASSWORD", "s3cret"),
                        List.of(new Drift.ConfigurationMissing(List.of("PGHOST")))),
                arguments("role dropped and settings wiped", APP_FOOTPRINT, ObservedLogin.absent(LOGIN), Map.of(),
                        List.of(new Drift.LoginMissing(LOGIN), new Drift.ConfigurationMissing(List.of("PGHOST", "PGPASSWORD")))),
                arguments("a connector has no app to compare", CONNECTOR_FOOTPRINT, HELD, Map.of(), List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("situations")
    void findsExactlyTheDriftOfEachSituation(String situation, Footprint f, ObservedLogin observed, Map<String, String> live,
                                             List<Drift> expected) {
        assertThat(Drift.find(f, observed, REQUIRED, EXPECTED, live)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("situations")
    void findingsNameKeysAndLoginsButNeverAValue(String situation, Footprint f, ObservedLogin observed, Map<String, String> live,
                                                 List<Drift> expected) {
        for (Drift d : Drift.find(f, observed, REQUIRED, EXPECTED, live)) {
            assertThat(d.describe()).doesNotContain("s3cret").doesNotContain("10.0.0.1");
            assertThat(d.toString()).doesNotContain("s3cret");
            assertThat(d.kind()).isIn("LoginMissing", "GrantsMissing", "ConfigurationMissing");
        }
    }
}
