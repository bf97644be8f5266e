package dev.switchboard.core.plan;

import dev.switchboard.core.target.AccessScope;
import dev.switchboard.core.config.ConfigItem;
import dev.switchboard.core.failure.TerminalFailure;
import dev.switchboard.core.id.ResourceId;
import dev.switchboard.core.store.Footprint;
import dev.switchboard.core.target.ApplyResult;
import dev.switchboard.core.target.ObservedLogin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class LinkerPlannerTest {

    static final ResourceId SOURCE = ResourceId.parse("/subscriptions/sub/resourceGroups/rg/providers/Microsoft.App/containerApps/app");
    static final ResourceId SERVER = ResourceId.parse("/subscriptions/sub/resourceGroups/rg/providers/Microsoft.DBforPostgreSQL/flexibleServers/pg");
    static final ResourceId LINKER = SOURCE.extension("Microsoft.ServiceLinker", "linkers", "conn");
    static final String LOGIN = "sb_conn_abc123";
    static final String SECRET = "linkers/conn/password";
    static final List<ConfigItem> ITEMS = List.of(
            new ConfigItem("AZURE_POSTGRESQL_HOST", "h", false, "Database host URL"),
            new ConfigItem("AZURE_POSTGRESQL_PASSWORD", ConfigItem.PASSWORD_MARK + "RAW}", true, "Database password"));
    static final List<ConfigItem> OTHER_ITEMS = List.of(new ConfigItem("AZURE_POSTGRESQL_HOST", "old-host", false, "Database host URL"));

    static final PlannedStep ENSURE = new PlannedStep.EnsureLogin(SERVER, LOGIN, SECRET);
    static final AccessScope SCOPE = new AccessScope.Database("db", "public");
    static final ResourceId TARGET = SERVER.child("databases", "db");
    static final Set<String> REQUIRED_GRANTS = Set.of("CONNECT", "SCHEMA:USAGE",
            "DEFAULT:TABLES:SELECT", "DEFAULT:TABLES:INSERT", "DEFAULT:TABLES:UPDATE", "DEFAULT:TABLES:DELETE");
    static final PlannedStep GRANT = new PlannedStep.GrantAccess(SERVER, LOGIN, SCOPE);
    static final PlannedStep PROJECT = new PlannedStep.ProjectConfiguration(SOURCE, "conn", ITEMS, SECRET);
    static final PlannedStep REMOVE = new PlannedStep.RemoveConfiguration(SOURCE, "conn");
    static final PlannedStep REVOKE = new PlannedStep.RevokeAccess(SERVER, LOGIN, SCOPE);
    static final PlannedStep DROP = new PlannedStep.DropLogin(SERVER, LOGIN);

    static LinkerPlanner.Desired desired(boolean passwordChanged) {
        return new LinkerPlanner.Desired(SOURCE, "conn", SERVER, SCOPE, REQUIRED_GRANTS, LOGIN, SECRET, passwordChanged, ITEMS);
    }

    static ObservedLogin present(Set<String> grants) {
        return new ObservedLogin(LOGIN, true, Set.of("LOGIN"), grants);
    }

    static Set<String> allGrantsBut(String missing) {
        Set<String> g = new HashSet<>(REQUIRED_GRANTS);
        g.remove(missing);
        return g;
    }

    static Set<String> allGrantsAnd(String extra) {
        Set<String> g = new HashSet<>(REQUIRED_GRANTS);
        g.add(extra);
        return g;
    }

    // ---------------------------------------------------------------- planApply

    static Stream<Arguments> applyCases() {
        ObservedLogin absent = ObservedLogin.absent(LOGIN);
        ObservedLogin healthy = present(REQUIRED_GRANTS);
        return Stream.of(
                Arguments.of("new connection", absent, false, List.of(), false, List.of(ENSURE, GRANT, PROJECT)),
                Arguments.of("login dropped behind our back", absent, true, ITEMS, false, List.of(ENSURE, GRANT)),
                Arguments.of("login absent, password new", absent, false, List.of(), true, List.of(ENSURE, GRANT, PROJECT)),
                Arguments.of("nothing to do", healthy, true, ITEMS, false, List.of()),
                Arguments.of("extra grants are not drift", present(allGrantsAnd("DEFAULT:SEQUENCES:USAGE")), true, ITEMS, false, List.of()),
                Arguments.of("no grants at all", present(Set.of()), true, ITEMS, false, List.of(GRANT)),
                Arguments.of("CONNECT revoked", present(allGrantsBut("CONNECT")), true, ITEMS, false, List.of(GRANT)),
                Arguments.of("default privilege gone", present(allGrantsBut("DEFAULT:TABLES:DELETE")), true, ITEMS, false, List.of(GRANT)),
                Arguments.of("password changed", healthy, true, ITEMS, true, List.of(ENSURE, PROJECT)),
                Arguments.of("settings wiped", healthy, true, List.of(), false, List.of(PROJECT)),
                Arguments.of("settings differ", healthy, true, OTHER_ITEMS, false, List.of(PROJECT)),
                Arguments.of("everything drifted", present(Set.of()), true, List.of(), true, List.of(ENSURE, GRANT, PROJECT)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("applyCases")
    void planApply(String label, ObservedLogin login, boolean ours, List<ConfigItem> projected, boolean passwordChanged,
                   List<PlannedStep> expected) {
        assertThat(LinkerPlanner.planApply(desired(passwordChanged), new LinkerPlanner.Observed(login, ours, projected)))
                .containsExactlyElementsOf(expected);
    }

    @ParameterizedTest
    @EnumSource(value = Presence.class)
    void aLoginThatExistsAndIsNotOursIsAConflict(Presence projected) {
        TerminalFailure f = catchThrowableOfType(TerminalFailure.class, () -> LinkerPlanner.planApply(desired(false),
                new LinkerPlanner.Observed(present(REQUIRED_GRANTS), false, projected.items)));
        assertThat(f).isNotNull();
        assertThat(f.status()).isEqualTo(409);
        assertThat(f.code()).isEqualTo("LoginAlreadyExists");
        assertThat(f.target()).isEqualTo("properties.authInfo.name");
        assertThat(f.getMessage()).contains("'" + LOGIN + "'");
    }

    enum Presence {
        NONE(List.of()), SOME(ITEMS);
        final List<ConfigItem> items;
        Presence(List<ConfigItem> items) { this.items = items; }
    }

    @Test
    void planApplyStepsCarryTheDesiredValues() {
        LinkerPlanner.Desired d = new LinkerPlanner.Desired(SOURCE, "other", SERVER, new AccessScope.Database("appdb", "app"), REQUIRED_GRANTS, "u2", "k2", false, OTHER_ITEMS);
        assertThat(LinkerPlanner.planApply(d, new LinkerPlanner.Observed(ObservedLogin.absent("u2"), false, List.of())))
                .containsExactly(new PlannedStep.EnsureLogin(SERVER, "u2", "k2"),
                        new PlannedStep.GrantAccess(SERVER, "u2", new AccessScope.Database("appdb", "app")),
                        new PlannedStep.ProjectConfiguration(SOURCE, "other", OTHER_ITEMS, "k2"));
    }

    // ---------------------------------------------------------------- planDelete

    static Stream<Arguments> deleteCases() {
        return Stream.of(
                Arguments.of("projected and ours", present(REQUIRED_GRANTS), true, ITEMS, List.of(REMOVE, REVOKE, DROP)),
                Arguments.of("ours, nothing projected", present(Set.of()), true, List.of(), List.of(REVOKE, DROP)),
                Arguments.of("projected, login gone", ObservedLogin.absent(LOGIN), true, ITEMS, List.of(REMOVE)),
                Arguments.of("projected, login not ours", present(REQUIRED_GRANTS), false, ITEMS, List.of(REMOVE)),
                Arguments.of("nothing", ObservedLogin.absent(LOGIN), false, List.of(), List.of()),
                Arguments.of("nothing of ours", present(Set.of()), false, List.of(), List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deleteCases")
    void planDelete(String label, ObservedLogin login, boolean ours, List<ConfigItem> projected, List<PlannedStep> expected) {
        assertThat(LinkerPlanner.planDelete(SOURCE, "conn", SERVER, SCOPE, new LinkerPlanner.Observed(login, ours, projected)))
                .containsExactlyElementsOf(expected);
    }

    @Test
    void planDeleteUsesTheObservedLoginName() {
        ObservedLogin other = new ObservedLogin("observed_name", true, Set.of(), Set.of());
        assertThat(LinkerPlanner.planDelete(SOURCE, "conn", SERVER, new AccessScope.Database("db", "s"), new LinkerPlanner.Observed(other, true, List.of())))
                .containsExactly(new PlannedStep.RevokeAccess(SERVER, "observed_name", new AccessScope.Database("db", "s")),
                        new PlannedStep.DropLogin(SERVER, "observed_name"));
    }

    // ---------------------------------------------------------------- compensation

    static Stream<Arguments> compensations() {
        return Stream.of(
                Arguments.of(ENSURE, ApplyResult.CREATED, ITEMS, "old", Optional.of(DROP)),
                Arguments.of(ENSURE, ApplyResult.CREATED, ITEMS, null, Optional.of(DROP)),
                Arguments.of(ENSURE, ApplyResult.UPDATED, ITEMS, "old", Optional.of(new PlannedStep.EnsureLogin(SERVER, LOGIN, "old"))),
                Arguments.of(ENSURE, ApplyResult.UPDATED, ITEMS, null, Optional.empty()),
                Arguments.of(ENSURE, ApplyResult.NOOP, ITEMS, "old", Optional.empty()),
                Arguments.of(GRANT, ApplyResult.CREATED, ITEMS, "old", Optional.of(REVOKE)),
                Arguments.of(GRANT, ApplyResult.UPDATED, ITEMS, "old", Optional.empty()),
                Arguments.of(GRANT, ApplyResult.NOOP, ITEMS, "old", Optional.empty()),
                Arguments.of(PROJECT, ApplyResult.CREATED, List.of(), "old", Optional.of(REMOVE)),
                Arguments.of(PROJECT, ApplyResult.UPDATED, List.of(), null, Optional.of(REMOVE)),
                Arguments.of(PROJECT, ApplyResult.UPDATED, OTHER_ITEMS, "old",
                        Optional.of(new PlannedStep.ProjectConfiguration(SOURCE, "conn", OTHER_ITEMS, "old"))),
                Arguments.of(PROJECT, ApplyResult.NOOP, OTHER_ITEMS, "old", Optional.empty()),
                Arguments.of(REMOVE, ApplyResult.DELETED, ITEMS, "old", Optional.empty()),
                Arguments.of(REVOKE, ApplyResult.DELETED, ITEMS, "old", Optional.empty()),
                Arguments.of(DROP, ApplyResult.DELETED, ITEMS, "old", Optional.empty()),
                Arguments.of(DROP, ApplyResult.NOOP, ITEMS, "old", Optional.empty()));
    }

    @ParameterizedTest(name = "{0} {1} previous={2} secret={3}")
    @MethodSource("compensations")
    void compensation(PlannedStep done, ApplyResult result, List<ConfigItem> previous, String previousSecret,
                      Optional<PlannedStep> expected) {
        assertThat(LinkerPlanner.compensation(done, result, previous, previousSecret)).isEqualTo(expected);
    }

    @ParameterizedTest
    @EnumSource(ApplyResult.class)
    void removalsAreNeverCompensated(ApplyResult result) {
        for (PlannedStep s : List.of(REMOVE, REVOKE, DROP)) {
            assertThat(LinkerPlanner.compensation(s, result, ITEMS, "old")).as(s.name()).isEmpty();
        }
    }

    @Test
    void stepNamesAreTheirRecordNames() {
        assertThat(Stream.of(ENSURE, GRANT, PROJECT, REMOVE, REVOKE, DROP).map(PlannedStep::name)).containsExactly(
                "EnsureLogin", "GrantAccess", "ProjectConfiguration", "RemoveConfiguration", "RevokeAccess", "DropLogin");
    }

    @Test
    void projectConfigurationCopiesItsItems() {
        List<ConfigItem> items = new java.util.ArrayList<>(ITEMS);
        PlannedStep.ProjectConfiguration p = new PlannedStep.ProjectConfiguration(SOURCE, "conn", items, SECRET);
        items.clear();
        assertThat(p.items()).isEqualTo(ITEMS);
    }

    // ---------------------------------------------------------------- Footprints.after

    static final Footprint EMPTY = new Footprint(LINKER, SOURCE, SERVER, TARGET, SCOPE, null, false, null, List.of());
    static final Footprint FULL = new Footprint(LINKER, SOURCE, SERVER, TARGET, SCOPE, LOGIN, true, SECRET, ITEMS);

    static Stream<Arguments> footprintCases() {
        PlannedStep newPassword = new PlannedStep.EnsureLogin(SERVER, LOGIN, "new-secret");
        return Stream.of(
                Arguments.of(EMPTY, ENSURE, ApplyResult.CREATED,
                        new Footprint(LINKER, SOURCE, SERVER, TARGET, SCOPE, LOGIN, true, SECRET, List.of())),
                Arguments.of(EMPTY, ENSURE, ApplyResult.NOOP,
                        new Footprint(LINKER, SOURCE, SERVER, TARGET, SCOPE, LOGIN, false, SECRET, List.of())),
                Arguments.of(FULL, newPassword, ApplyResult.UPDATED,
                        new Footprint(LINKER, SOURCE, SERVER, TARGET, SCOPE, LOGIN, true, "new-secret", ITEMS)),
                Arguments.of(FULL, ENSURE, ApplyResult.NOOP, FULL),
                Arguments.of(EMPTY, GRANT, ApplyResult.CREATED, EMPTY),
                Arguments.of(FULL, GRANT, ApplyResult.UPDATED, FULL),
                // The projected values are resolved with the step's password: the footprint takes both.
                Arguments.of(EMPTY, PROJECT, ApplyResult.CREATED,
                        new Footprint(LINKER, SOURCE, SERVER, TARGET, SCOPE, null, false, SECRET, ITEMS)),
                Arguments.of(FULL, new PlannedStep.ProjectConfiguration(SOURCE, "conn", OTHER_ITEMS, "rotated-secret"),
                        ApplyResult.UPDATED, new Footprint(LINKER, SOURCE, SERVER, TARGET, SCOPE, LOGIN, true, "rotated-secret", OTHER_ITEMS)),
                Arguments.of(FULL, new PlannedStep.ProjectConfiguration(SOURCE, "conn", OTHER_ITEMS, SECRET), ApplyResult.UPDATED,
                        new Footprint(LINKER, SOURCE, SERVER, TARGET, SCOPE, LOGIN, true, SECRET, OTHER_ITEMS)),
                Arguments.of(FULL, REMOVE, ApplyResult.DELETED,
                        new Footprint(LINKER, SOURCE, SERVER, TARGET, SCOPE, LOGIN, true, SECRET, List.of())),
                Arguments.of(FULL, REVOKE, ApplyResult.DELETED, FULL),
                Arguments.of(FULL, DROP, ApplyResult.DELETED,
                        new Footprint(LINKER, SOURCE, SERVER, TARGET, SCOPE, LOGIN, false, SECRET, ITEMS)),
                // A rotation drops the login it replaced: the footprint, on the new login, keeps it as created.
                Arguments.of(FULL, new PlannedStep.DropLogin(SERVER, "replaced_login"), ApplyResult.DELETED, FULL),
                Arguments.of(FULL, new PlannedStep.ConfirmConnection(LINKER), ApplyResult.NOOP, FULL));
    }

    // ---------------------------------------------------------------- rotation

    @Test
    void aRotationMakesTheNewLoginBeforeMovingTheAppAndRemovesTheOldOneOnlyAfterTheConfirmation() {
        List<PlannedStep> steps = LinkerPlanner.planRotation(LINKER, SOURCE, SERVER, SCOPE, LOGIN, "sb_conn_new", "new-secret", OTHER_ITEMS);
        assertThat(steps).containsExactly(
                new PlannedStep.EnsureLogin(SERVER, "sb_conn_new", "new-secret"),
                new PlannedStep.GrantAccess(SERVER, "sb_conn_new", SCOPE),
                new PlannedStep.ProjectConfiguration(SOURCE, "conn", OTHER_ITEMS, "new-secret"),
                new PlannedStep.ConfirmConnection(LINKER),
                new PlannedStep.RevokeAccess(SERVER, LOGIN, SCOPE),
                new PlannedStep.DropLogin(SERVER, LOGIN));
        assertThat(LinkerPlanner.undoableSteps(steps)).as("undone up to the confirmation, finished after it").isEqualTo(4);
        assertThat(LinkerPlanner.undoableSteps(List.of(ENSURE, GRANT, PROJECT))).isEqualTo(3);
        assertThat(LinkerPlanner.compensation(steps.get(3), ApplyResult.NOOP, ITEMS, SECRET)).isEmpty();
        assertThatThrownBy(() -> LinkerPlanner.planRotation(LINKER, SOURCE, SERVER, SCOPE, LOGIN, LOGIN, "s", ITEMS))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest(name = "{1} {2}")
    @MethodSource("footprintCases")
    void footprintAfterStep(Footprint before, PlannedStep step, ApplyResult result, Footprint expected) {
        assertThat(Footprints.after(before, step, result)).isEqualTo(expected);
    }

    @Test
    void replayingAFullApplyThenAFullDeleteLeavesNothingOwned() {
        Footprint f = EMPTY;
        for (PlannedStep s : LinkerPlanner.planApply(desired(false), new LinkerPlanner.Observed(ObservedLogin.absent(LOGIN), false, List.of()))) {
            f = Footprints.after(f, s, ApplyResult.CREATED);
        }
        assertThat(f).isEqualTo(FULL);
        // with the footprint applied, the planner sees no drift
        assertThat(LinkerPlanner.planApply(desired(false),
                new LinkerPlanner.Observed(present(REQUIRED_GRANTS), f.loginCreated(), f.projected()))).isEmpty();
        for (PlannedStep s : LinkerPlanner.planDelete(SOURCE, "conn", SERVER, SCOPE,
                new LinkerPlanner.Observed(present(REQUIRED_GRANTS), f.loginCreated(), f.projected()))) {
            f = Footprints.after(f, s, ApplyResult.DELETED);
        }
        assertThat(f.loginCreated()).isFalse();
        assertThat(f.projected()).isEmpty();
    }
}
