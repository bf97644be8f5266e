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
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many writers at once: 100 concurrent updates of one connection lose nothing (one wins, the others are told
 * 409 or 412), and 1,000 connections created concurrently across 10 apps (100 requests open at a time) all end cleanly with exactly one login
 * each on PostgreSQL; deleting them all leaves none.
 */
class ScaleConcurrencyTest {
    static final int APPS = 10;
    static final int CONNECTIONS = Integer.getInteger("scale.connections", 1000);
    static final int IN_FLIGHT = 100;
    static final String SUFFIX = UUID.randomUUID().toString().substring(0, 6);
    static final String RG = "/subscriptions/" + TestServer.SUB + "/resourceGroups/sc-" + SUFFIX;
    static final String DB = RG + "/providers/Microsoft.DBforPostgreSQL/flexibleServers/pg/databases/sbsc_" + SUFFIX;
    static final String V = "?api-version=2024-04-01";
    static final String RV = "?api-version=2024-03-01";

    @TempDir
    static Path data;
    static TestServer sb;

    @BeforeAll
    static void start() {
        sb = TestServer.start(data);
        sb.call("PUT", RG + RV, Map.of("location", "local"));
        sb.call("PUT", DB.substring(0, DB.indexOf("/databases")) + RV, Map.of("properties", Map.of()));
        sb.call("PUT", DB + RV, Map.of("properties", Map.of()));
        for (int a = 0; a < APPS; a++) sb.call("PUT", app(a) + RV, Map.of("properties", Map.of()));
    }

    @AfterAll
    static void stop() throws Exception {
        if (sb == null) return;
        List<Callable<Integer>> deletes = new ArrayList<>();
        for (int a = 0; a < APPS; a++) {
            for (JsonNode l : sb.call("GET", app(a) + "/providers/Microsoft.ServiceLinker/linkers" + V, null).body().path("value")) {
                String id = l.path("id").asText();
                deletes.add(() -> {
                    TestServer.Answer d = sb.call("DELETE", id + V, null);
                    if (d.status() == 202) sb.await(d);
                    return d.status();
                });
            }
        }
        all(deletes);
        sb.call("DELETE", RG + RV, null);
        sb.close();
        assertThat(LocalPostgres.rolesLike("sb_sc" + SUFFIX)).isEmpty();
        assertThat(LocalPostgres.databasesLike("sbsc_" + SUFFIX)).isEmpty();
    }

    static String app(int a) {
        return RG + "/providers/Microsoft.App/containerApps/app" + a;
    }

    static Map<String, Object> body(String clientType) {
        return Map.of("properties", Map.of("targetService", Map.of("type", "AzureResource", "id", DB),
                "authInfo", Map.of("authType", "secret"), "clientType", clientType));
    }

    static <T> List<T> all(List<Callable<T>> work) throws Exception {
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<T>> futures = pool.invokeAll(work);
            List<T> out = new ArrayList<>();
            for (Future<T> f : futures) out.add(f.get());
            return out;
        }
    }

    @Test
    void aHundredConcurrentUpdatesOfOneConnectionLoseNothing() throws Exception {
        String linker = app(0) + "/providers/Microsoft.ServiceLinker/linkers/sc" + SUFFIX + "one";
        assertThat(sb.await(sb.call("PUT", linker + V, body("none"))).path("status").asText()).isEqualTo("Succeeded");
        String etag = sb.call("GET", linker + V, null).header("ETag");
        String[] clients = {"java", "python", "go", "php", "ruby", "nodejs", "django", "dotnet"};
        List<Callable<TestServer.Answer>> patches = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            String client = clients[i % clients.length];
            patches.add(() -> sb.call("PATCH", linker + V, Map.of("properties", Map.of("clientType", client)), Map.of(
                    "Authorization", "Bearer " + sb.server().token(), "If-Match", etag)));
        }
        List<TestServer.Answer> answers = all(patches);
        List<TestServer.Answer> won = answers.stream().filter(a -> a.status() == 200).toList();
        assertThat(won).as("exactly one update of that version wins").hasSize(1);
        assertThat(answers).allSatisfy(a -> assertThat(a.status()).as(a.raw().body()).isIn(200, 409, 412));
        assertThat(sb.await(won.get(0)).path("status").asText()).isEqualTo("Succeeded");
        String winner = won.get(0).body().at("/properties/clientType").asText();
        assertThat(sb.call("GET", linker + V, null).body().at("/properties/clientType").asText()).isEqualTo(winner);
        assertThat(LocalPostgres.rolesLike("sb_sc" + SUFFIX + "one")).hasSize(1);
    }

    @Test
    void aThousandConnectionsCreatedConcurrentlyAcrossTenAppsAllEndCleanly() throws Exception {
        List<Callable<String>> creates = new ArrayList<>();
        // All 1,000 are submitted at once; like an SDK's connection pool, at most IN_FLIGHT requests are open at a
        // time (a 2-core machine answering 1,000 simultaneous PUTs would hold the last one past any client timeout).
        java.util.concurrent.Semaphore open = new java.util.concurrent.Semaphore(IN_FLIGHT);
        for (int i = 0; i < CONNECTIONS; i++) {
            String linker = app(i % APPS) + "/providers/Microsoft.ServiceLinker/linkers/sc" + SUFFIX + "n" + i;
            creates.add(() -> {
                TestServer.Answer put;
                open.acquire();
                try {
                    put = sb.call("PUT", linker + V, body("none"));
                } finally {
                    open.release();
                }
                if (put.status() != 201) return "refused " + put.status() + " " + put.body().at("/error/code").asText();
                return sb.await(put).path("status").asText();
            });
        }
        List<String> outcomes = all(creates);
        long succeeded = outcomes.stream().filter("Succeeded"::equals).count();
        assertThat(outcomes).as("every create ends, and here every one succeeds").allMatch("Succeeded"::equals);
        assertThat(LocalPostgres.rolesLike("sb_sc" + SUFFIX + "n")).hasSize((int) succeeded);
        assertThat(sb.server().store().journalSize()).isZero();
    }
}
