package dev.switchboard.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.core.id.ResourceId;
import dev.switchboard.core.store.Operation;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One operation at a time per connection: concurrent writes of the same linker are serialised or refused with
 * 409 AnotherOperationInProgress, and however they interleave the connection ends with exactly one login role.
 * The database server is adopted through a {@link HoldingProxy} so a test can hold one PostgreSQL connection and
 * make an interleaving certain instead of likely.
 */
class ConcurrencyTest {
    static final String SUFFIX = ApiChecks.suffix();
    static final String PREFIX = "sbcc" + SUFFIX;
    static final String RG = "/subscriptions/" + TestServer.SUB + "/resourceGroups/cc-" + SUFFIX;
    static final String SERVER = RG + "/providers/Microsoft.DBforPostgreSQL/flexibleServers/pg";
    static final String DB = SERVER + "/databases/" + PREFIX + "_db";
    static final String APP = RG + "/providers/Microsoft.App/containerApps/src";
    static final String LINKERS = APP + "/providers/Microsoft.ServiceLinker/linkers/";
    static final String V = "?api-version=2024-04-01";
    static final String RV = "?api-version=2024-03-01";

    @TempDir
    static Path data;
    static TestServer sb;
    static HoldingProxy proxy;
    static final List<String> linkers = new ArrayList<>();
    /** The most operations seen unfinished at once on one resource, by resource key. */
    static final Map<String, Integer> maxInFlight = new ConcurrentHashMap<>();
    static final AtomicBoolean sampling = new AtomicBoolean(true);
    static Thread sampler;

    @BeforeAll
    static void start() throws Exception {
        proxy = new HoldingProxy(5432);
        // The proxy holds the Nth new connection: every step must open its own for that to land where intended.
        sb = TestServer.startWithoutSessionReuse(data);
        assertThat(sb.call("PUT", RG + RV, Map.of("location", "local")).status()).isEqualTo(201);
        TestServer.Answer server = sb.call("PUT", SERVER + RV, Map.of("location", "local", "properties", Map.of(
                "fullyQualifiedDomainName", "127.0.0.1", "port", proxy.port(), "administratorLogin", "postgres",
                "administratorLoginPassword", "unused-trust-auth")));
        assertThat(server.status()).as(server.raw().body()).isEqualTo(201);
        assertThat(sb.call("PUT", DB + RV, Map.of("properties", Map.of())).status()).isEqualTo(201);
        assertThat(sb.call("PUT", APP + RV, Map.of("location", "local", "properties", Map.of())).status()).isEqualTo(201);
        sampler = Thread.ofPlatform().daemon().name("operation-sampler").start(ConcurrencyTest::sample);
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            sampling.set(false);
            if (sampler != null) sampler.join(5_000);
            if (sb != null) {
                for (String linker : linkers) {
                    TestServer.Answer del = sb.call("DELETE", LINKERS + linker + V, null);
                    if (del.status() == 202) sb.await(del);
                }
                sb.call("DELETE", RG + RV, null);
                sb.close();
            }
            if (proxy != null) proxy.close();
            assertThat(maxInFlight).as("most operations in progress at once, per resource").allSatisfy((k, n) ->
                    assertThat(n).as(k).isLessThanOrEqualTo(1));
        } finally {
            assertThat(ApiChecks.sweepLocalPostgres(PREFIX)).as("left on PostgreSQL").isEmpty();
        }
    }

    /** Watches the store for the whole class: at no time may two operations be in progress on one resource. */
    static void sample() {
        while (sampling.get()) {
            try {
                Map<String, Integer> now = new java.util.HashMap<>();
                for (Operation op : sb.server().store().unfinishedOperations()) now.merge(op.resource().key(), 1, Integer::sum);
                now.forEach((k, n) -> maxInFlight.merge(k, n, Math::max));
                Thread.sleep(3);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                // the store is closing
            }
        }
    }

    static Map<String, Object> body() {
        return Map.of("properties", Map.of("targetService", Map.of("type", "AzureResource", "id", DB),
                "authInfo", Map.of("authType", "secret"), "clientType", "none"));
    }

    static String newLinker(String tag) {
        String name = PREFIX + tag;
        linkers.add(name);
        return name;
    }

    @Test
    void twoConcurrentPutsOfTheSameLinkerGiveOneOperationAtATimeAndOneRole() throws Exception {
        for (int round = 0; round < 3; round++) {
            String linker = newLinker("r" + round);
            List<TestServer.Answer> answers = concurrently(2, () -> sb.call("PUT", LINKERS + linker + V, body()));
            List<TestServer.Answer> accepted = new ArrayList<>();
            for (TestServer.Answer a : answers) {
                if (a.status() == 409) {
                    ApiChecks.assertArmError(a, 409, "AnotherOperationInProgress");
                } else {
                    assertThat(a.status()).as(a.raw().body()).isIn(200, 201);
                    accepted.add(a);
                }
            }
            assertThat(accepted).as("accepted PUTs").isNotEmpty();
            assertThat(accepted.stream().filter(a -> a.status() == 201)).as("PUTs that say they created it").hasSize(1);
            List<JsonNode> statuses = new ArrayList<>();
            for (TestServer.Answer a : accepted) statuses.add(sb.await(a));
            assertThat(statuses).allSatisfy(s -> assertThat(s.path("status").asText()).as(s.toString()).isEqualTo("Succeeded"));
            assertNoOverlap(statuses);
            assertOneRole(linker);
        }
    }

    @Test
    void aPutWhileAnotherRunsOnTheSameLinkerIs409() throws Exception {
        String linker = newLinker("held");
        // The first PUT's own check (observe) passes; its operation's first step waits on a held connection.
        proxy.holdAfter(1);
        TestServer.Answer first;
        try {
            first = sb.call("PUT", LINKERS + linker + V, body());
            assertThat(first.status()).as(first.raw().body()).isEqualTo(201);
            assertThat(proxy.awaitHeld(Duration.ofSeconds(10))).as("the operation reached PostgreSQL").isTrue();
            assertThat(sb.call("GET", first.header("Azure-AsyncOperation"), null).body().path("status").asText()).isEqualTo("InProgress");
            for (String method : List.of("PUT", "PATCH")) {
                TestServer.Answer second = sb.call(method, LINKERS + linker + V, body());
                ApiChecks.assertArmError(second, 409, "AnotherOperationInProgress");
            }
            ApiChecks.assertArmError(sb.call("DELETE", LINKERS + linker + V, null), 409, "AnotherOperationInProgress");
        } finally {
            proxy.release();
        }
        assertThat(sb.await(first).path("status").asText()).isEqualTo("Succeeded");
        assertOneRole(linker);
        assertThat(sb.server().store().journalSize()).isZero();
    }

    @Test
    void aPutArrivingWhileAnotherIsBeingPreparedIs409AndOnlyOneRoleIsMade() throws Exception {
        String linker = newLinker("stale");
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
        try {
            // B gets as far as checking the target, and its connection to PostgreSQL is held there.
            proxy.holdAfter(0);
            Future<TestServer.Answer> b = pool.submit(() -> sb.call("PUT", LINKERS + linker + V, body()));
            assertThat(proxy.awaitHeld(Duration.ofSeconds(10))).isTrue();
            // The linker is reserved from the moment B was read, so A cannot plan from the same state.
            ApiChecks.assertArmError(sb.call("PUT", LINKERS + linker + V, body()), 409, "AnotherOperationInProgress");
            proxy.release();
            TestServer.Answer second = b.get(30, TimeUnit.SECONDS);
            assertThat(second.status()).as(second.raw().body()).isEqualTo(201);
            assertThat(sb.await(second).path("status").asText()).isEqualTo("Succeeded");
            assertOneRole(linker);
        } finally {
            proxy.release();
            pool.shutdownNow();
        }
    }

    /** Exactly one role exists for the linker, and it is the one the linker says it uses. */
    static void assertOneRole(String linker) throws Exception {
        JsonNode got = sb.call("GET", LINKERS + linker + V, null).body();
        assertThat(got.at("/properties/provisioningState").asText()).as(got.toString()).isEqualTo("Succeeded");
        assertThat(ApiChecks.rolesContaining("sb_" + linker + "_")).as("roles of linker %s", linker)
                .containsExactly(got.at("/properties/authInfo/name").asText());
        assertThat(sb.server().store().footprint(ResourceId.parse(LINKERS + linker))).isPresent();
        assertThat(maxInFlight.getOrDefault(ResourceId.parse(LINKERS + linker).key(), 0))
                .as("most operations in progress at once on linker %s", linker).isLessThanOrEqualTo(1);
    }

    /** Operations (their final status bodies) ran one after another: no two time ranges overlap. */
    static void assertNoOverlap(List<JsonNode> statuses) {
        List<Instant[]> ranges = statuses.stream().map(s -> new Instant[]{Instant.parse(s.path("startTime").asText()),
                Instant.parse(s.path("endTime").asText())}).sorted(Comparator.comparing(r -> r[0])).toList();
        for (int i = 1; i < ranges.size(); i++) {
            assertThat(ranges.get(i)[0]).as("operation %d starts after operation %d ended", i, i - 1).isAfterOrEqualTo(ranges.get(i - 1)[1]);
        }
    }

    /** Runs {@code n} copies of {@code call} released at the same instant; their answers. */
    static List<TestServer.Answer> concurrently(int n, java.util.concurrent.Callable<TestServer.Answer> call) throws Exception {
        CountDownLatch ready = new CountDownLatch(n);
        CountDownLatch go = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<TestServer.Answer>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    return call.call();
                }));
            }
            ready.await();
            go.countDown();
            List<TestServer.Answer> out = new ArrayList<>();
            for (Future<TestServer.Answer> f : futures) out.add(f.get(60, TimeUnit.SECONDS));
            return out;
        }
    }
}
