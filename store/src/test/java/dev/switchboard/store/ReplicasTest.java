package dev.switchboard.store;

import dev.switchboard.core.access.Grant;
import dev.switchboard.core.access.Role;
import dev.switchboard.core.failure.TerminalFailure;
import dev.switchboard.core.id.ResourceId;
import dev.switchboard.core.secret.Secret;
import dev.switchboard.core.store.AuditEntry;
import dev.switchboard.core.store.LeaseStore.Lease;
import dev.switchboard.core.store.StoredResource;
import dev.switchboard.core.store.StoredToken;
import dev.switchboard.core.store.VaultSecretVersion;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two stores on one PostgreSQL database, each with its own pool, as two Switchboard replicas have: every
 * read-modify-write stays atomic between them.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("dev.switchboard.store.Backend#postgresql")
class ReplicasTest extends BackendTest {
    static final Instant T0 = Instant.parse("2025-03-04T05:06:07Z");
    static final ResourceId APP = ResourceId.parse("/subscriptions/s1/resourceGroups/rg/providers/Microsoft.App/containerApps/web");
    SqlStore one;
    SqlStore two;

    @BeforeEach
    void open() {
        one = openStore();
        // the second replica is configured the other way: a libpq URI with the user in it
        String uri = ((StoreLocation.PostgresSchema) location).url().replace("jdbc:postgresql://", "postgresql://" + PostgresBackend.USER + "@");
        two = opened(SqlStore.postgres(uri, null, null, location.masterKeyFile()));
    }

    /** The store a task {@code i} uses: the replicas take turns. */
    SqlStore replica(int i) {
        return i % 2 == 0 ? one : two;
    }

    /** Runs {@code n} tasks at once (released together); each outcome is its value or the exception it threw. */
    static List<Object> race(int n, IntFunction<Callable<Object>> task) throws InterruptedException {
        CountDownLatch start = new CountDownLatch(1);
        List<Object> outcomes = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Object>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Callable<Object> c = task.apply(i);
                futures.add(pool.submit(() -> {
                    start.await();
                    return c.call();
                }));
            }
            start.countDown();
            for (Future<Object> f : futures) {
                try {
                    outcomes.add(f.get());
                } catch (ExecutionException e) {
                    outcomes.add(e.getCause());
                }
            }
        }
        return outcomes;
    }

    @Test
    void ofFiftyPutsWithOneIfMatchExactlyOneWins() throws Exception {
        String etag = one.put(APP, Map.of("n", -1), null, "setup", T0).etag();
        List<Object> outcomes = race(50, i -> () -> replica(i).put(APP, Map.of("n", i), etag, "writer" + i, T0));
        List<StoredResource> winners = outcomes.stream().filter(StoredResource.class::isInstance).map(StoredResource.class::cast).toList();
        assertThat(winners).hasSize(1);
        assertThat(outcomes).filteredOn(o -> !(o instanceof StoredResource)).hasSize(49)
                .allSatisfy(o -> assertThat(o).isInstanceOfSatisfying(TerminalFailure.class, f -> assertThat(f.status()).isEqualTo(412)));
        assertThat(two.get(APP).orElseThrow()).isEqualTo(winners.get(0));
        assertThat(one.get(APP).orElseThrow().createdBy()).isEqualTo("setup");
    }

    @Test
    void ofConcurrentDeletesWithOneIfMatchExactlyOneDeletes() throws Exception {
        String etag = one.put(APP, Map.of(), null, "setup", T0).etag();
        List<Object> outcomes = race(20, i -> () -> replica(i).delete(APP, etag));
        assertThat(outcomes).filteredOn(Boolean.TRUE::equals).hasSize(1);
        assertThat(outcomes).filteredOn(TerminalFailure.class::isInstance).hasSize(19);
        assertThat(one.get(APP)).isEmpty();
    }

    @Test
    void exactlyOneOfManyCandidatesGetsTheLeaseAndItsHolderRenewsItOnEitherReplica() throws Exception {
        Duration ttl = Duration.ofSeconds(15);
        List<Object> outcomes = race(20, i -> () -> replica(i).tryAcquire("leader", "r" + i, "http://r" + i, ttl, T0));
        List<Lease> won = outcomes.stream().map(o -> (Optional<?>) o).flatMap(Optional::stream).map(Lease.class::cast).toList();
        assertThat(won).hasSize(1);
        Lease lease = won.get(0);
        assertThat(one.current("leader", T0.plusSeconds(1))).contains(lease);
        assertThat(two.current("leader", T0.plusSeconds(1))).contains(lease);
        assertThat(two.tryAcquire("leader", lease.holder(), lease.holderUrl(), ttl, T0.plusSeconds(10)))
                .map(Lease::expiresAt).contains(T0.plusSeconds(25));
        String other = lease.holder().equals("r0") ? "r1" : "r0";
        assertThat(one.tryAcquire("leader", other, "http://x", ttl, T0.plusSeconds(20))).isEmpty();
        List<Object> takeover = race(20, i -> () -> replica(i).tryAcquire("leader", "s" + i, null, ttl, T0.plusSeconds(25)));
        assertThat(takeover).filteredOn(o -> ((Optional<?>) o).isPresent()).as("one takes over the expired lease").hasSize(1);
        two.release("leader", one.current("leader", T0.plusSeconds(26)).orElseThrow().holder());
        assertThat(one.current("leader", T0.plusSeconds(26))).isEmpty();
    }

    @Test
    void auditSequenceNumbersIncreaseAcrossReplicas() throws Exception {
        for (int i = 0; i < 10; i++) replica(i).append(entry("seq" + i));
        List<AuditEntry> inOrder = one.entries(null, null, null, 100);
        assertThat(inOrder).extracting(AuditEntry::target).containsExactly("seq0", "seq1", "seq2", "seq3", "seq4", "seq5", "seq6",
                "seq7", "seq8", "seq9");
        race(60, i -> () -> {
            replica(i).append(entry("race" + i));
            return null;
        });
        List<AuditEntry> all = two.entries(null, null, null, 1000);
        assertThat(all).hasSize(70);
        for (int i = 1; i < all.size(); i++) assertThat(all.get(i).seq()).isGreaterThan(all.get(i - 1).seq());
    }

    static AuditEntry entry(String target) {
        return new AuditEntry(0, T0, "alice", "PUT", target, 200, "Succeeded", null, null);
    }

    @Test
    void secretsWrittenByOneReplicaAreReadByTheOther() throws Exception {
        one.put("admin-password:/x", Secret.of("from-one"));
        assertThat(two.get("admin-password:/x")).contains(Secret.of("from-one"));
        two.setSecret("kv1", "db", Secret.of("from-two"), null, T0);
        assertThat(one.secret("kv1", "db").orElseThrow().value()).isEqualTo(Secret.of("from-two"));

        int rotated = one.rotateMasterKey();
        one.put("after-rotation", Secret.of("new-key"));
        assertThat(two.get("after-rotation")).as("the other replica rereads the shared key file").contains(Secret.of("new-key"));
        assertThat(two.masterKeyVersion()).isEqualTo(rotated);
    }

    @Test
    void concurrentVaultSetsOnBothReplicasMakeOneVersionEach() throws Exception {
        List<Object> outcomes = race(30, i -> () -> replica(i).setSecret("kv1", "Shared", Secret.of("v" + i), null, T0));
        assertThat(outcomes).allMatch(VaultSecretVersion.class::isInstance);
        List<VaultSecretVersion> versions = one.versions("kv1", "shared");
        assertThat(versions).hasSize(30).extracting(VaultSecretVersion::version).doesNotHaveDuplicates();
        assertThat(two.secret("kv1", "shared").orElseThrow().version()).isEqualTo(versions.get(29));
        List<Integer> numbers = new ArrayList<>();
        try (Connection c = location.dataSource().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT seq FROM vault_secret_versions ORDER BY seq")) {
            while (rs.next()) numbers.add(rs.getInt(1));
        }
        assertThat(numbers).as("numbered one writer at a time").isEqualTo(IntStream.rangeClosed(1, 30).boxed().toList());
    }

    @Test
    void aTokenNameIsTakenOnceAcrossReplicas() throws Exception {
        List<Object> outcomes = race(20, i -> () -> replica(i).saveToken(new StoredToken("id%010d".formatted(i), "ci", "ab".repeat(32),
                new Grant(Role.READER, null), T0, "bootstrap")));
        assertThat(outcomes).filteredOn(Boolean.TRUE::equals).hasSize(1);
        assertThat(outcomes).filteredOn(Boolean.FALSE::equals).hasSize(19);
        assertThat(two.tokensWithin(null)).hasSize(1);
    }
}
