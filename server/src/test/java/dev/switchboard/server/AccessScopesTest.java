package dev.switchboard.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.switchboard.server.AccessWorld.LINKER_NS;
import static dev.switchboard.server.AccessWorld.RV;
import static dev.switchboard.server.AccessWorld.V;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a scope hides and shows: a group-scoped token does not see the other group at all, an app-scoped one sees its
 * app and its connections only, a Reader never sees a secret, and a connection cannot reach a target outside the
 * scope. Outside the scope, an existing resource answers exactly like a missing one.
 */
class AccessScopesTest {
    static final String SUFFIX = ApiChecks.suffix();
    @TempDir
    static Path data;
    static AccessFixture f;
    static AccessWorld world;
    static String readerA;
    static String contributorA;
    static String readerApp;
    static String contributorApp;

    @BeforeAll
    static void start() {
        f = new AccessFixture(data);
        world = new AccessWorld(SUFFIX);
        world.build(f);
        readerA = f.mint("reader-a", "Reader", world.a.id());
        contributorA = f.mint("contributor-a", "Contributor", world.a.id());
        readerApp = f.mint("reader-app", "Reader", world.a.app());
        contributorApp = f.mint("contributor-app", "Contributor", world.a.app());
    }

    @AfterAll
    static void stop() throws Exception {
        if (f != null) f.finish(() -> world.tearDown(f));
    }

    @Test
    void aReaderNeverSeesASecretAndCannotListConfigurations() {
        JsonNode configs = f.admin("POST", world.a.linker() + "/listConfigurations" + V, null).body().path("configurations");
        String password = null;
        for (JsonNode c : configs) if (c.path("name").asText().endsWith("_PASSWORD")) password = c.path("value").asText();
        assertThat(password).isNotBlank();
        List<String> reads = List.of(world.a.linker() + V, world.a.app() + LINKER_NS + "/linkers" + V, world.a.connector() + V,
                world.a.location() + "/connectors" + V, world.a.dryrun() + V, world.a.app() + RV, world.a.id() + "/resources" + RV,
                world.a.validationResult(), world.a.createStatus());
        for (String path : reads) {
            TestServer.Answer a = f.as(readerA, "GET", path, null);
            assertThat(a.status()).as(path).isEqualTo(200);
            assertThat(a.raw().body()).as("the answer to GET %s", path).doesNotContain(password);
        }
        ApiChecks.assertArmError(f.as(readerA, "POST", world.a.linker() + "/listConfigurations" + V, null), 403,
                "AuthorizationFailed", "Reader", "Contributor");
        ApiChecks.assertArmError(f.as(readerA, "POST", world.a.linker() + "/generateConfigurations" + V, Map.of()), 403,
                "AuthorizationFailed", "Reader", "Contributor");
    }

    @Test
    void aTokenScopedToGroupADoesNotSeeGroupBAtAll() {
        List<String> groups = ids(f.as(readerA, "GET", "/subscriptions/" + TestServer.SUB + "/resourceGroups" + RV, null));
        assertThat(groups).contains(world.a.id()).doesNotContain(world.b.id());
        ApiChecks.assertArmError(f.as(readerA, "GET", world.b.id() + RV, null), 404, "ResourceGroupNotFound");
        ApiChecks.assertArmError(f.as(readerA, "GET", world.b.id() + "/resources" + RV, null), 404, "ResourceGroupNotFound");
        for (String id : List.of(world.b.server(), world.b.db(), world.b.app())) {
            ApiChecks.assertArmError(f.as(readerA, "GET", id + RV, null), 404, "ResourceNotFound", id);
        }
        ApiChecks.assertArmError(f.as(readerA, "GET", world.b.app() + LINKER_NS + "/linkers" + V, null), 404, "ResourceNotFound");
        ApiChecks.assertArmError(f.as(contributorA, "DELETE", world.b.id() + RV, null), 404, "ResourceGroupNotFound");
        assertThat(f.admin("GET", world.b.id() + RV, null).status()).isEqualTo(200);
    }

    @Test
    void outsideTheScopeAnExistingResourceAnswersExactlyLikeAMissingOne() {
        String missingApp = world.a.id() + "/providers/Microsoft.App/containerApps/none";
        String missingLinker = world.a.app() + LINKER_NS + "/linkers/none";
        assertSameError(f.as(readerA, "GET", world.b.app() + RV, null), f.as(readerA, "GET", missingApp + RV, null),
                world.b.app(), missingApp);
        assertSameError(f.as(readerA, "GET", world.b.linker() + V, null), f.as(readerA, "GET", missingLinker + V, null),
                world.b.linker(), missingLinker);
        String missingGroup = world.a.id() + "x";
        assertSameError(f.as(readerA, "GET", world.b.id() + RV, null), f.as(f.admin(), "GET", missingGroup + RV, null),
                world.b.id(), missingGroup);
    }

    @Test
    void aTokenScopedToOneAppSeesItAndItsConnectionsOnly() {
        List<String> linkers = ids(f.as(readerApp, "GET", world.a.app() + LINKER_NS + "/linkers" + V, null));
        assertThat(linkers).containsExactly(world.a.linker());
        assertThat(f.as(readerApp, "GET", world.a.linker() + V, null).status()).isEqualTo(200);
        assertThat(f.as(readerApp, "GET", world.a.app() + RV, null).status()).isEqualTo(200);
        assertThat(ids(f.as(readerApp, "GET", world.a.id() + "/resources" + RV, null))).as("its group lists its app only")
                .containsExactly(world.a.app());
        assertThat(ids(f.as(readerApp, "GET", "/subscriptions/" + TestServer.SUB + "/resourceGroups" + RV, null))).isEmpty();
        ApiChecks.assertArmError(f.as(readerApp, "GET", world.a.id() + RV, null), 404, "ResourceGroupNotFound");
        ApiChecks.assertArmError(f.as(readerApp, "GET", world.a.app2() + RV, null), 404, "ResourceNotFound");
        ApiChecks.assertArmError(f.as(readerApp, "GET", world.a.connector() + V, null), 404, "ResourceNotFound");
        ApiChecks.assertArmError(f.as(readerApp, "GET", world.a.location() + "/connectors" + V, null), 404, "ResourceNotFound");
    }

    @Test
    void aConnectionCannotReachATargetOutsideTheScope() throws Exception {
        String linker = world.a.app() + LINKER_NS + "/linkers/x" + SUFFIX;
        ApiChecks.assertArmError(f.as(contributorA, "PUT", linker + V, AccessWorld.linkerBody(world.b.db())), 404,
                "TargetResourceNotFound", world.b.db());
        ApiChecks.assertArmError(f.as(contributorApp, "PUT", linker + V, AccessWorld.linkerBody(world.a.db())), 404,
                "TargetResourceNotFound", world.a.db());
        String dryrun = world.a.app() + LINKER_NS + "/dryruns/x" + SUFFIX;
        ApiChecks.assertArmError(f.as(contributorA, "PUT", dryrun + V, AccessWorld.dryrunBody(world.b.db())), 404,
                "TargetResourceNotFound");
        ApiChecks.assertArmError(f.as(contributorA, "PATCH", world.a.linker() + V, AccessWorld.linkerBody(world.b.db())), 404,
                "TargetResourceNotFound");
        for (String id : List.of(linker, dryrun)) assertThat(f.admin("GET", id + V, null).status()).as(id).isEqualTo(404);
        assertThat(f.admin("GET", world.a.linker() + V, null).body().at("/properties/targetService/id").asText())
                .isEqualTo(world.a.db());
        assertThat(ApiChecks.rolesContaining("sb_x" + SUFFIX)).isEmpty();
    }

    @Test
    void anAppScopedContributorChangesItsAppButNotItsNeighbour() {
        TestServer.Answer mine = f.as(contributorApp, "PATCH", world.a.app() + RV, Map.of("tags", Map.of("owner", "app-team")));
        assertThat(mine.status()).as(mine.raw().body()).isEqualTo(200);
        assertThat(mine.body().at("/systemData/lastModifiedBy").asText()).isEqualTo("contributor-app");
        String before = f.admin("GET", world.a.app2() + RV, null).body().path("etag").asText();
        ApiChecks.assertArmError(f.as(contributorApp, "PATCH", world.a.app2() + RV, Map.of("tags", Map.of("owner", "x"))), 404,
                "ResourceNotFound");
        assertThat(f.admin("GET", world.a.app2() + RV, null).body().path("etag").asText()).isEqualTo(before);
    }

    /** Same status, code and target; the messages differ only in the ID they name. */
    static void assertSameError(TestServer.Answer outside, TestServer.Answer missing, String outsideId, String missingId) {
        JsonNode a = outside.body().path("error");
        JsonNode b = missing.body().path("error");
        assertThat(outside.status()).isEqualTo(404).isEqualTo(missing.status());
        assertThat(a.path("code").asText()).isEqualTo(b.path("code").asText());
        assertThat(a.path("target").asText()).isEqualTo(b.path("target").asText());
        assertThat(a.path("message").asText().replace(outsideId, "ID")).isEqualTo(b.path("message").asText().replace(missingId, "ID"));
    }

    static List<String> ids(TestServer.Answer list) {
        assertThat(list.status()).as(list.raw().body()).isEqualTo(200);
        List<String> out = new ArrayList<>();
        list.body().path("value").forEach(item -> out.add(item.path("id").asText()));
        return out;
    }
}
