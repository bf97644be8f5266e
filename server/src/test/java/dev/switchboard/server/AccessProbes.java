package dev.switchboard.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.server.AccessControlTest.Case;
import dev.switchboard.server.AccessControlTest.Kind;
import dev.switchboard.server.AccessControlTest.Probe;
import dev.switchboard.server.AccessControlTest.Side;

import java.util.List;
import java.util.Map;

import static dev.switchboard.server.AccessControlTest.assertGone;
import static dev.switchboard.server.AccessControlTest.awaitAs;
import static dev.switchboard.server.AccessControlTest.etag;
import static dev.switchboard.server.AccessControlTest.f;
import static dev.switchboard.server.AccessControlTest.fresh;
import static dev.switchboard.server.AccessControlTest.ids;
import static dev.switchboard.server.AccessControlTest.world;
import static dev.switchboard.server.AccessWorld.LINKER_NS;
import static dev.switchboard.server.AccessWorld.RV;
import static dev.switchboard.server.AccessWorld.V;
import static org.assertj.core.api.Assertions.assertThat;

/** The endpoint families of {@link AccessControlTest}, one probe each way a family can be used. */
final class AccessProbes {
    private AccessProbes() { }

    static final List<Probe> ALL = List.of(
            new Probe("resource group GET", Kind.READ, c ->
                    c.check(c.call("GET", c.group().id() + RV, null), 200, "ResourceGroupNotFound")),
            new Probe("resource groups list", Kind.READ, AccessProbes::listGroups),
            new Probe("resource group PATCH", Kind.WRITE, c -> patchTags(c, c.group().id(), "ResourceGroupNotFound")),
            new Probe("resources GET (server, database, app)", Kind.READ, c -> {
                for (String id : List.of(c.group().server(), c.group().db(), c.group().app())) {
                    c.check(c.call("GET", id + RV, null), 200, "ResourceNotFound");
                }
            }),
            new Probe("resources of a group", Kind.READ, c -> {
                TestServer.Answer a = c.call("GET", c.group().id() + "/resources" + RV, null);
                c.check(a, 200, "ResourceGroupNotFound");
                if (c.allowed()) assertThat(ids(a)).contains(c.group().server(), c.group().db(), c.group().app());
            }),
            new Probe("resource PATCH (server, database)", Kind.WRITE, c -> {
                patchTags(c, c.group().server(), "ResourceNotFound");
                patchTags(c, c.group().db(), "ResourceNotFound");
            }),
            new Probe("resource PUT and DELETE (app)", Kind.WRITE, AccessProbes::createAndDeleteApp),
            new Probe("deployment whatIf (changes nothing)", Kind.WRITE, c -> c.check(c.call("POST", c.group().id()
                    + "/providers/Microsoft.Resources/deployments/w/whatIf" + RV, Map.of("properties", Map.of("mode", "Incremental",
                    "template", Map.of("resources", List.of())))), 200, "ResourceNotFound")),
            new Probe("linker GET and list", Kind.READ, c -> {
                c.check(c.call("GET", c.group().linker() + V, null), 200, "ResourceNotFound");
                TestServer.Answer list = c.call("GET", c.group().app() + LINKER_NS + "/linkers" + V, null);
                c.check(list, 200, "ResourceNotFound");
                if (c.allowed()) assertThat(ids(list)).containsExactly(c.group().linker());
            }),
            new Probe("linker PUT and DELETE", Kind.WRITE, c ->
                    createAndDeleteConnection(c, c.group().app() + LINKER_NS + "/linkers/" + fresh(c, "w"), c.group().linker())),
            new Probe("validateLinker", Kind.WRITE, c -> {
                int operations = ApiChecks.storeRows(f.sb.server(), "operations");
                TestServer.Answer a = c.call("POST", c.group().linker() + "/validateLinker" + V, null);
                c.check(a, 202, "ResourceNotFound");
                if (c.allowed()) {
                    JsonNode report = f.result(c.token(), a).body();
                    assertThat(report.at("/properties/validationDetail").findValuesAsText("name")).contains("TargetExistence");
                } else {
                    assertThat(ApiChecks.storeRows(f.sb.server(), "operations")).as("operations started").isEqualTo(operations);
                }
            }),
            new Probe("linker events", Kind.READ, c -> {
                TestServer.Answer a = c.call("GET", c.group().linker() + "/events" + V, null);
                c.check(a, 200, "ResourceNotFound");
                if (c.allowed()) assertThat(a.body().path("value").isArray()).isTrue();
            }),
            new Probe("linker export", Kind.READ, c -> {
                TestServer.Answer a = c.call("GET", c.group().linker() + "/export" + V + "&format=arm", null);
                c.check(a, 200, "ResourceNotFound");
                if (c.allowed()) assertThat(a.body().path("resources").isArray()).isTrue();
            }),
            new Probe("validation result URL", Kind.READ, c -> {
                TestServer.Answer a = c.call("GET", c.group().validationResult(), null);
                c.check(a, 200, "OperationNotFound");
                if (c.allowed()) assertThat(a.body().at("/properties/validationDetail").isArray()).isTrue();
            }),
            new Probe("operation status", Kind.READ, c -> {
                TestServer.Answer a = c.call("GET", c.group().createStatus(), null);
                c.check(a, 200, "OperationNotFound");
                if (c.allowed()) assertThat(a.body().path("status").asText()).isEqualTo("Succeeded");
            }),
            new Probe("listConfigurations", Kind.SECRETS, c -> {
                TestServer.Answer a = c.call("POST", c.group().linker() + "/listConfigurations" + V, null);
                c.check(a, 200, "ResourceNotFound");
                if (c.allowed()) assertThat(a.body().path("configurations").findValuesAsText("name")).contains("AZURE_POSTGRESQL_PASSWORD");
            }),
            new Probe("generateConfigurations", Kind.SECRETS, c -> {
                TestServer.Answer a = c.call("POST", c.group().connector() + "/generateConfigurations" + V, Map.of());
                c.check(a, 200, "ResourceNotFound");
                if (c.allowed()) assertThat(a.body().path("configurations").findValuesAsText("name")).contains("AZURE_POSTGRESQL_PASSWORD");
            }),
            new Probe("dry run GET and list", Kind.READ, c -> {
                c.check(c.call("GET", c.group().dryrun() + V, null), 200, "ResourceNotFound");
                TestServer.Answer list = c.call("GET", c.group().app() + LINKER_NS + "/dryruns" + V, null);
                c.check(list, 200, "ResourceNotFound");
                if (c.allowed()) assertThat(ids(list)).containsExactly(c.group().dryrun());
            }),
            new Probe("dry run PUT and DELETE", Kind.WRITE, AccessProbes::createAndDeleteDryrun),
            new Probe("connectors GET and list", Kind.READ, c -> {
                c.check(c.call("GET", c.group().connector() + V, null), 200, "ResourceNotFound");
                TestServer.Answer list = c.call("GET", c.group().location() + "/connectors" + V, null);
                c.check(list, 200, "ResourceNotFound");
                if (c.allowed()) assertThat(ids(list)).containsExactly(c.group().connector());
            }),
            new Probe("connector PUT and DELETE", Kind.WRITE, c ->
                    createAndDeleteConnection(c, c.group().location() + "/connectors/" + fresh(c, "k"), c.group().connector())),
            new Probe("operations and configurationNames", Kind.TENANT, c -> {
                c.check(c.call("GET", "/providers/Microsoft.ServiceLinker/operations" + V, null), 200, null);
                TestServer.Answer names = c.call("GET", "/providers/Microsoft.ServiceLinker/configurationNames" + V, null);
                c.check(names, 200, null);
                assertThat(names.body().path("value").size()).isPositive();
            }));

    /** Outside: another subscription, which a token scoped to group A does not reach. */
    private static void listGroups(Case c) {
        String sub = c.side() == Side.INSIDE ? TestServer.SUB : "00000000-0000-0000-0000-00000000beef";
        TestServer.Answer a = c.call("GET", "/subscriptions/" + sub + "/resourceGroups" + RV, null);
        c.check(a, 200, "SubscriptionNotFound");
        if (c.allowed()) assertThat(ids(a)).containsExactly(world.a.id());
    }

    private static void patchTags(Case c, String id, String notFoundCode) {
        String before = etag(id, RV);
        TestServer.Answer a = c.call("PATCH", id + RV, Map.of("tags", Map.of("by", c.role())));
        c.check(a, 200, notFoundCode);
        JsonNode now = f.admin("GET", id + RV, null).body();
        if (c.allowed()) {
            assertThat(now.at("/tags/by").asText()).isEqualTo(c.role());
            assertThat(now.at("/systemData/lastModifiedBy").asText()).as("the actor is the token's name").isEqualTo(c.role().toLowerCase() + "-a");
        } else {
            assertThat(now.path("etag").asText()).as("%s changed", id).isEqualTo(before);
        }
    }

    private static void createAndDeleteApp(Case c) {
        String app = c.group().id() + "/providers/Microsoft.App/containerApps/" + fresh(c, "n");
        c.check(c.call("PUT", app + RV, AccessWorld.app()), 201, "ResourceNotFound");
        if (c.allowed()) {
            assertThat(f.admin("GET", app + RV, null).body().at("/systemData/createdBy").asText()).isEqualTo(c.role().toLowerCase() + "-a");
            assertThat(c.call("DELETE", app + RV, null).status()).isEqualTo(200);
        }
        assertGone(app, RV);
        String before = etag(c.group().app(), RV);
        if (!c.allowed()) c.check(c.call("DELETE", c.group().app() + RV, null), 200, "ResourceNotFound");
        assertThat(etag(c.group().app(), RV)).isEqualTo(before);
    }

    /** A connection (linker or connector) created and deleted by the token; refused, neither it nor {@code existing} changes. */
    private static void createAndDeleteConnection(Case c, String id, String existing) {
        TestServer.Answer put = c.call("PUT", id + V, AccessWorld.linkerBody(c.group().db()));
        c.check(put, 201, "ResourceNotFound");
        if (c.allowed()) {
            assertThat(awaitAs(c, put).path("status").asText()).isEqualTo("Succeeded");
            TestServer.Answer del = c.call("DELETE", id + V, null);
            assertThat(del.status()).isEqualTo(202);
            assertThat(awaitAs(c, del).path("status").asText()).isEqualTo("Succeeded");
        } else {
            String before = etag(existing, V);
            c.check(c.call("DELETE", existing + V, null), 202, "ResourceNotFound");
            assertThat(etag(existing, V)).as("%s changed", existing).isEqualTo(before);
        }
        assertGone(id, V);
    }

    private static void createAndDeleteDryrun(Case c) {
        String id = c.group().app() + LINKER_NS + "/dryruns/" + fresh(c, "y");
        TestServer.Answer put = c.call("PUT", id + V, AccessWorld.dryrunBody(c.group().db()));
        c.check(put, 201, "ResourceNotFound");
        if (c.allowed()) {
            assertThat(put.body().at("/properties/operationPreviews").size()).as(put.raw().body()).isPositive();
            assertThat(c.call("DELETE", id + V, null).status()).isEqualTo(200);
        } else {
            String before = etag(c.group().dryrun(), V);
            c.check(c.call("DELETE", c.group().dryrun() + V, null), 200, "ResourceNotFound");
            assertThat(etag(c.group().dryrun(), V)).isEqualTo(before);
        }
        assertGone(id, V);
    }
}
