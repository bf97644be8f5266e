package dev.switchboard.core.ownership;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class FieldMergeTest {
    private static final String DEPLOY = Managers.deployment("infra");
    private static final String PG = Managers.connection("pg");
    private static final String ENV = "properties.template.containers['web'].env";

    private static Map<String, Object> app(String image, List<Map<String, Object>> env) {
        return Map.of("location", "local", "properties", Map.of("template", Map.of("containers",
                List.of(Map.of("name", "web", "image", image, "command", List.of("run"), "env", env)))));
    }

    private static Map<String, Object> env(String name, String value) {
        return Map.of("name", name, "value", value);
    }

    private static Map<String, Object> connectionSettings(Map<String, Object> app, List<Map<String, Object>> env) {
        return Map.of("properties", Map.of("template", Map.of("containers", List.of(Map.of("name", "web", "env", env)))));
    }

    /** The body as stored: merged fields plus the ledger. */
    private static Map<String, Object> stored(FieldMerge.Result r) {
        assertThat(r.conflicts()).isEmpty();
        return r.fields().into(r.body());
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> envOf(Map<String, Object> body) {
        Map<String, Object> p = (Map<String, Object>) body.get("properties");
        Map<String, Object> t = (Map<String, Object>) p.get("template");
        Map<String, Object> c = ((List<Map<String, Object>>) t.get("containers")).get(0);
        return (List<Map<String, Object>>) c.get("env");
    }

    /** Template deployed, then a connection adds its settings to the same container. */
    private static Map<String, Object> deployedAndConnected() {
        Map<String, Object> deployed = stored(FieldMerge.apply(Map.of(), DEPLOY, app("v1", List.of(env("MODE", "prod"))), false));
        return stored(FieldMerge.add(deployed, PG, connectionSettings(deployed,
                List.of(env("PGHOST", "127.0.0.1"), Map.of("name", "PGPASSWORD", "secretRef", "sb-pg"))), true));
    }

    @Test
    void aRedeployOfTheSameTemplateKeepsTheConnectionsSettings() {
        Map<String, Object> before = deployedAndConnected();
        FieldMerge.Result again = FieldMerge.apply(before, DEPLOY, app("v2", List.of(env("MODE", "prod"))), false);
        assertThat(again.conflicts()).isEmpty();
        assertThat(envOf(again.body())).extracting(e -> e.get("name")).containsExactly("MODE", "PGHOST", "PGPASSWORD");
        assertThat(again.fields().fieldsOf(PG)).containsExactly(ENV + "['PGHOST']", ENV + "['PGPASSWORD']");
        assertThat(again.fields().fieldsOf(DEPLOY)).contains(ENV + "['MODE']", "properties.template.containers['web'].image", "location");
        assertThat(again.body()).doesNotContainKey(ManagedFields.KEY);
    }

    @Test
    void fieldsTheManagerNoLongerSetsGoAndOthersStay() {
        Map<String, Object> before = deployedAndConnected();
        FieldMerge.Result r = FieldMerge.apply(before, DEPLOY, app("v1", List.of()), false);
        assertThat(envOf(r.body())).extracting(e -> e.get("name")).containsExactly("PGHOST", "PGPASSWORD");
        assertThat(r.fields().at(ENV + "['MODE']")).isEmpty();
    }

    @Test
    void settingAConnectionsFieldToAnotherValueIsAConflictNamingFieldAndOwner() {
        Map<String, Object> before = deployedAndConnected();
        FieldMerge.Result r = FieldMerge.apply(before, DEPLOY, app("v1", List.of(env("MODE", "prod"), env("PGHOST", "db.example"))), false);
        assertThat(r.conflicts()).containsExactly(new FieldConflict(ENV + "['PGHOST']", Set.of(PG)));
        assertThat(r.conflicts().get(0).owner()).isEqualTo(PG);
    }

    @Test
    void forceTakesTheFieldOver() {
        Map<String, Object> before = deployedAndConnected();
        FieldMerge.Result r = FieldMerge.apply(before, DEPLOY, app("v1", List.of(env("MODE", "prod"), env("PGHOST", "db.example"))), true);
        assertThat(r.conflicts()).isEmpty();
        assertThat(r.fields().at(ENV + "['PGHOST']")).containsExactly(DEPLOY);
        assertThat(envOf(r.body())).contains(env("PGHOST", "db.example"));
    }

    @Test
    void restatingAnotherManagersValueTakesNothingOver() {
        Map<String, Object> before = deployedAndConnected();
        FieldMerge.Result patch = FieldMerge.apply(before, Managers.USER, ManagedFields.strip(before), false);
        assertThat(patch.conflicts()).isEmpty();
        assertThat(patch.fields().fieldsOf(Managers.USER)).isEmpty();
        assertThat(patch.fields()).isEqualTo(ManagedFields.of(before));
    }

    @Test
    void theSameValueFromTwoManagersIsShared() {
        Map<String, Object> deployed = stored(FieldMerge.apply(Map.of(), DEPLOY, Map.of("tags", Map.of("team", "a")), false));
        Map<String, Object> both = stored(FieldMerge.apply(deployed, "deployment/other", Map.of("tags", Map.of("team", "a")), false));
        assertThat(ManagedFields.of(both).at("tags.team")).containsExactly(DEPLOY);
        Map<String, Object> released = stored(FieldMerge.release(both, DEPLOY));
        assertThat(released).doesNotContainKey("tags");
    }

    @Test
    void releasingAConnectionRemovesOnlyItsSettings() {
        FieldMerge.Result r = FieldMerge.release(deployedAndConnected(), PG);
        assertThat(envOf(r.body())).containsExactly(env("MODE", "prod"));
        assertThat(r.fields().fieldsOf(PG)).isEmpty();
        assertThat(r.fields().fieldsOf(DEPLOY)).isNotEmpty();
    }

    @Test
    void classicReplaceWipesWhatTheConnectionAdded() {
        FieldMerge.Result r = FieldMerge.replace(DEPLOY, app("v1", List.of(env("MODE", "prod"))));
        assertThat(envOf(r.body())).containsExactly(env("MODE", "prod"));
        assertThat(r.fields().fieldsOf(PG)).isEmpty();
    }

    @Test
    void fieldsNobodyOwnsAreReplacedByAPutAndKeptByAnAddition() {
        Map<String, Object> legacy = Map.of("tags", Map.of("old", "1"), "properties", Map.of("x", 1));
        assertThat(FieldMerge.apply(legacy, Managers.USER, Map.of("properties", Map.of("y", 2)), false).body())
                .isEqualTo(Map.of("properties", Map.of("y", 2)));
        assertThat(FieldMerge.add(legacy, PG, Map.of("properties", Map.of("y", 2)), false).body())
                .isEqualTo(Map.of("tags", Map.of("old", "1"), "properties", Map.of("x", 1, "y", 2)));
    }

    @Test
    void theLedgerRoundTripsThroughTheBody() {
        Map<String, Object> body = deployedAndConnected();
        assertThat(ManagedFields.of(body).into(body)).isEqualTo(body);
        assertThat(ManagedFields.of(body).fieldsOf(PG)).hasSize(2);
        assertThat(ManagedFields.strip(body)).doesNotContainKey(ManagedFields.KEY);
    }

    @Test
    void pathsQuoteKeysThatAreNotWordsAndEscapeNames() {
        assertThat(FieldPaths.key("tags", "team.name")).isEqualTo("tags[\"team.name\"]");
        assertThat(FieldPaths.key("", "location")).isEqualTo("location");
        assertThat(FieldPaths.item("env", "it's")).isEqualTo("env['it\\'s']");
        assertThat(FieldMerge.fields(Map.of("identity", Map.of("userAssignedIdentities", Map.of("/subscriptions/s/x", Map.of())))))
                .containsExactly("identity.userAssignedIdentities[\"/subscriptions/s/x\"]");
        assertThat(FieldPaths.within("a.b['x'].c", "a.b['x']")).isTrue();
        assertThat(FieldPaths.within("a.bc", "a.b")).isFalse();
    }

    @Test
    void containersAreOwnedFieldByFieldSettingsWhole() {
        Map<String, Object> body = deployedAndConnected();
        assertThat(ManagedFields.of(body).owners().keySet()).contains(
                "properties.template.containers['web'].image", "properties.template.containers['web'].command", ENV + "['MODE']");
    }

    @Test
    void aLedgerKeepsOnlyFieldsTheResourceHolds() {
        FieldMerge.Result r = FieldMerge.apply(Map.of(), Managers.USER,
                Map.of("properties", Map.of("host", "h", "administratorLoginPassword", "pw")), false);
        ManagedFields kept = r.fields().restrictTo(FieldMerge.fields(Map.of("properties", Map.of("host", "h", "state", "Ready"))));
        assertThat(kept.fieldsOf(Managers.USER)).containsExactly("properties.host");
    }
}
