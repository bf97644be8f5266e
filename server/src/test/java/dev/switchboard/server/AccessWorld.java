package dev.switchboard.server;

import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the access tests look at: resource groups A and B, each with a PostgreSQL server and database on the machine's
 * PostgreSQL, an app (nothing to run) with a connection and a dry run, and a connector; A has a second app. Every
 * name made on PostgreSQL contains the suffix, so cleaning up is checkable.
 */
final class AccessWorld {
    static final String V = "?api-version=2024-04-01";
    static final String RV = "?api-version=2024-03-01";
    static final String LINKER_NS = "/providers/Microsoft.ServiceLinker";

    /** One group's resources and, once made, the URLs of its connection's create and validate operations. */
    record Group(String letter, String id, String server, String db, String app, String app2, String linker, String location,
                 String connector, String dryrun, Map<String, String> urls) {
        static Group of(String letter, String suffix) {
            String id = "/subscriptions/" + TestServer.SUB + "/resourceGroups/acl-" + letter + "-" + suffix;
            String server = id + "/providers/Microsoft.DBforPostgreSQL/flexibleServers/pg";
            String app = id + "/providers/Microsoft.App/containerApps/app1";
            String location = id + LINKER_NS + "/locations/local";
            return new Group(letter, id, server, server + "/databases/sbacl" + suffix + "_" + letter, app,
                    id + "/providers/Microsoft.App/containerApps/app2", app + LINKER_NS + "/linkers/l" + suffix, location,
                    location + "/connectors/c" + suffix, app + LINKER_NS + "/dryruns/d" + suffix, new LinkedHashMap<>());
        }

        String createStatus() {
            return urls.get("createStatus");
        }

        String validationResult() {
            return urls.get("validationResult");
        }
    }

    final String suffix;
    final Group a;
    final Group b;

    AccessWorld(String suffix) {
        this.suffix = suffix;
        this.a = Group.of("a", suffix);
        this.b = Group.of("b", suffix);
    }

    void build(AccessFixture f) {
        for (Group g : List.of(a, b)) {
            ok(f.admin("PUT", g.id() + RV, Map.of("location", "local")), 201);
            ok(f.admin("PUT", g.server() + RV, Map.of("location", "local", "properties", Map.of())), 201);
            ok(f.admin("PUT", g.db() + RV, Map.of("properties", Map.of())), 201);
            ok(f.admin("PUT", g.app() + RV, app()), 201);
            TestServer.Answer linker = ok(f.admin("PUT", g.linker() + V, linkerBody(g.db())), 201);
            g.urls().put("createStatus", linker.header("Azure-AsyncOperation"));
            assertThat(f.await(f.admin(), linker).path("status").asText()).isEqualTo("Succeeded");
            TestServer.Answer connector = ok(f.admin("PUT", g.connector() + V, linkerBody(g.db())), 201);
            assertThat(f.await(f.admin(), connector).path("status").asText()).isEqualTo("Succeeded");
            ok(f.admin("PUT", g.dryrun() + V, dryrunBody(g.db())), 201);
            TestServer.Answer validation = ok(f.admin("POST", g.linker() + "/validateLinker" + V, null), 202);
            g.urls().put("validationResult", validation.header("Location"));
            ok(f.result(f.admin(), validation), 200);
        }
        ok(f.admin("PUT", a.app2() + RV, app()), 201);
    }

    /** Removes everything through the API, then checks (and sweeps) the machine's PostgreSQL and the store. */
    void tearDown(AccessFixture f) throws SQLException {
        for (Group g : List.of(a, b)) {
            for (String connection : List.of(g.linker(), g.connector())) {
                TestServer.Answer del = f.admin("DELETE", connection + V, null);
                if (del.status() == 202) f.await(f.admin(), del);
            }
            f.admin("DELETE", g.dryrun() + V, null);
            f.admin("DELETE", g.id() + RV, null);
        }
        assertThat(ApiChecks.sweepLocalPostgres(suffix)).as("roles and databases left on PostgreSQL").isEmpty();
        assertThat(ApiChecks.storeRows(f.sb.server(), "resources")).as("resources left in the store").isZero();
        assertThat(ApiChecks.storeRows(f.sb.server(), "secrets")).as("secrets left in the store").isZero();
        assertThat(f.sb.server().store().journalSize()).as("journal lines left").isZero();
    }

    static TestServer.Answer ok(TestServer.Answer a, int status) {
        assertThat(a.status()).as("answer: %s", a.raw().body()).isEqualTo(status);
        return a;
    }

    static Map<String, Object> app() {
        return Map.of("location", "local", "properties", Map.of());
    }

    static Map<String, Object> linkerBody(String target) {
        return Map.of("properties", connection(target));
    }

    static Map<String, Object> dryrunBody(String target) {
        Map<String, Object> parameters = new LinkedHashMap<>(connection(target));
        parameters.put("actionName", "createOrUpdate");
        return Map.of("properties", Map.of("parameters", parameters));
    }

    private static Map<String, Object> connection(String target) {
        return Map.of("targetService", Map.of("type", "AzureResource", "id", target), "authInfo", Map.of("authType", "secret"),
                "clientType", "none");
    }
}
