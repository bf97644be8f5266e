package dev.switchboard.core.compute.revision;

import dev.switchboard.core.failure.TerminalFailure;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Who gets requests, as a table: mode, rules and revisions (oldest first) in, weights out. */
class TrafficPlannerTest {
    static final RevisionView A = new RevisionView("app--a", true, true);
    static final RevisionView B = new RevisionView("app--b", true, true);
    static final RevisionView B_FAILED = new RevisionView("app--b", false, false);
    static final RevisionView C_STOPPED = new RevisionView("app--c", false, true);
    static final TrafficRule A30 = new TrafficRule("app--a", false, 30, "stable");
    static final TrafficRule LATEST70 = new TrafficRule(null, true, 70, null);
    static final TrafficRule B70 = new TrafficRule("app--b", false, 70, "next");

    static Stream<Arguments> plans() {
        return Stream.of(
                Arguments.of("single: the newest healthy takes all", RevisionMode.SINGLE, List.of(A30, LATEST70), List.of(A, B),
                        Map.of("app--a", 0, "app--b", 100)),
                Arguments.of("single: a failed newest leaves traffic on the last good", RevisionMode.SINGLE, List.of(), List.of(A, B_FAILED),
                        Map.of("app--a", 100, "app--b", 0)),
                Arguments.of("multiple without rules: all to the newest", RevisionMode.MULTIPLE, List.of(), List.of(A, B),
                        Map.of("app--a", 0, "app--b", 100)),
                Arguments.of("multiple: named and latest", RevisionMode.MULTIPLE, List.of(A30, LATEST70), List.of(A, B),
                        Map.of("app--a", 30, "app--b", 70)),
                Arguments.of("multiple: a failed named revision's share goes to the last good", RevisionMode.MULTIPLE,
                        List.of(A30, B70), List.of(A, B_FAILED), Map.of("app--a", 100, "app--b", 0)),
                Arguments.of("multiple: latest skips a failed newest", RevisionMode.MULTIPLE, List.of(A30, LATEST70),
                        List.of(A, B_FAILED), Map.of("app--a", 100, "app--b", 0)),
                Arguments.of("multiple: a stopped revision gets nothing", RevisionMode.MULTIPLE,
                        List.of(new TrafficRule("app--c", false, 40, null), new TrafficRule("app--a", false, 60, null)),
                        List.of(A, C_STOPPED), Map.of("app--a", 100, "app--c", 0)),
                Arguments.of("nothing serves: all zero", RevisionMode.MULTIPLE, List.of(A30, LATEST70), List.of(B_FAILED),
                        Map.of("app--b", 0)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("plans")
    void plansTraffic(String what, RevisionMode mode, List<TrafficRule> rules, List<RevisionView> revisions, Map<String, Integer> expected) {
        assertThat(TrafficPlanner.plan(mode, rules, revisions)).isEqualTo(expected);
    }

    @Test
    void labelsFollowTheirRevisionOrTheTraffic() {
        assertThat(TrafficPlanner.labels(List.of(A30, B70), List.of(A, B))).isEqualTo(Map.of("stable", "app--a", "next", "app--b"));
        assertThat(TrafficPlanner.labels(List.of(A30, B70), List.of(A, B_FAILED))).isEqualTo(Map.of("stable", "app--a", "next", "app--a"));
    }

    static Stream<Arguments> badTraffic() {
        return Stream.of(
                Arguments.of(List.of(Map.of("revisionName", "x", "weight", 50), Map.of("latestRevision", true, "weight", 40)), "InvalidTrafficWeights", "properties.configuration.ingress.traffic"),
                Arguments.of(List.of(Map.of("weight", 100)), "InvalidTrafficRule", "properties.configuration.ingress.traffic[0]"),
                Arguments.of(List.of(Map.of("revisionName", "x", "latestRevision", true, "weight", 100)), "InvalidTrafficRule", "properties.configuration.ingress.traffic[0]"),
                Arguments.of(List.of(Map.of("latestRevision", true, "weight", 101)), "InvalidRequestContent", "properties.configuration.ingress.traffic[0].weight"),
                Arguments.of(List.of(Map.of("latestRevision", true, "weight", 50.5), Map.of("revisionName", "x", "weight", 49.5)), "InvalidRequestContent", "properties.configuration.ingress.traffic[0].weight"),
                Arguments.of(List.of(Map.of("latestRevision", true, "weight", 50, "label", "a"), Map.of("revisionName", "x", "weight", 50, "label", "a")), "DuplicateTrafficLabel", "properties.configuration.ingress.traffic[1].label"),
                Arguments.of(List.of(Map.of("latestRevision", true, "weight", 100, "label", "Bad Label")), "InvalidRequestContent", "properties.configuration.ingress.traffic[0].label"),
                Arguments.of("not a list", "InvalidRequestContent", "properties.configuration.ingress.traffic"));
    }

    @ParameterizedTest
    @MethodSource("badTraffic")
    void badTrafficIsA400NamingTheField(Object traffic, String code, String target) {
        TerminalFailure f = catchThrowableOfType(TerminalFailure.class,
                () -> TrafficRules.read(Map.of("ingress", Map.of("traffic", traffic))));
        assertThat(f).isNotNull();
        assertThat(f.status()).isEqualTo(400);
        assertThat(f.target()).isEqualTo(target);
        if (!code.equals("InvalidRequestContent")) assertThat(f.code()).isEqualTo(code);
    }

    @Test
    void rulesNameRevisionsTheAppHas() {
        List<TrafficRule> rules = TrafficRules.read(Map.of("ingress", Map.of("traffic", List.of(
                Map.of("revisionName", "app--a", "weight", 60), Map.of("latestRevision", true, "weight", 40)))));
        TrafficRules.checkNames(rules, Set.of("app--a"));
        TerminalFailure f = catchThrowableOfType(TerminalFailure.class, () -> TrafficRules.checkNames(rules, Set.of("app--b")));
        assertThat(f.code()).isEqualTo("RevisionNotFound");
        assertThat(f.target()).isEqualTo("properties.configuration.ingress.traffic[0].revisionName");
    }

    @Test
    void modesAndSuffixes() {
        assertThat(RevisionMode.read(null)).isEqualTo(RevisionMode.SINGLE);
        assertThat(RevisionMode.read("multiple")).isEqualTo(RevisionMode.MULTIPLE);
        assertThat(catchThrowableOfType(TerminalFailure.class, () -> RevisionMode.read("Labels")).code()).isEqualTo("InvalidActiveRevisionsMode");
        assertThat(RevisionNames.requestedSuffix("app", "v2")).isEqualTo("v2");
        assertThat(RevisionNames.requestedSuffix("app", null)).isNull();
        for (String bad : List.of("V2", "-v", "v-", "a--b", "a b", "a'b", "x".repeat(70))) {
            assertThat(catchThrowableOfType(TerminalFailure.class, () -> RevisionNames.requestedSuffix("app", bad))).as(bad).isNotNull();
        }
        assertThat(RevisionNames.generatedSuffix("k", 1)).matches("[a-z0-9]{7}").isEqualTo(RevisionNames.generatedSuffix("k", 1))
                .isNotEqualTo(RevisionNames.generatedSuffix("k", 2));
    }
}
