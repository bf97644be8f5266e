package dev.switchboard.store;

import dev.switchboard.core.config.ConfigItem;
import dev.switchboard.core.failure.TerminalFailure;
import dev.switchboard.core.id.ResourceId;
import dev.switchboard.core.plan.PlannedStep;
import dev.switchboard.core.store.AuditEntry;
import dev.switchboard.core.store.Footprint;
import dev.switchboard.core.store.JournalEntry;
import dev.switchboard.core.store.Operation;
import dev.switchboard.core.store.OperationIntent;
import dev.switchboard.core.store.StoredResource;
import dev.switchboard.core.target.AccessScope;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Resources, footprints, operations with their journal, and the audit log: the same answers on both databases. */
@ParameterizedClass(name = "{0}")
@MethodSource("dev.switchboard.store.Backend#both")
class ResourceStoreTest extends BackendTest {
    static final Instant T0 = Instant.parse("2025-03-04T05:06:07Z");
    static final ResourceId RG = ResourceId.parse("/subscriptions/s1/resourceGroups/Rg");
    static final ResourceId PG = ResourceId.parse(RG + "/providers/Microsoft.DBforPostgreSQL/flexibleServers/pg");
    static final ResourceId APP = ResourceId.parse(RG + "/providers/Microsoft.App/containerApps/web");
    SqlStore store;

    @BeforeEach
    void open() {
        store = openStore();
    }

    static void assertPreconditionFailed(Runnable write) {
        assertThatThrownBy(write::run).isInstanceOfSatisfying(TerminalFailure.class, f -> {
            assertThat(f.status()).isEqualTo(412);
            assertThat(f.code()).isEqualTo("PreconditionFailed");
        });
    }

    @Test
    void etagsGuardEveryWriteAndCreationIsKept() {
        StoredResource first = store.put(PG, Map.of("location", "local"), null, "alice", T0);
        assertPreconditionFailed(() -> store.put(PG, Map.of("location", "other"), "\"stale\"", "bob", T0));
        assertPreconditionFailed(() -> store.put(APP, Map.of(), "*", "bob", T0));
        assertThat(store.get(APP)).as("nothing created by a failed If-Match").isEmpty();
        StoredResource second = store.put(ResourceId.parse(PG.toString().toUpperCase().replace("/SUBSCRIPTIONS/S1", "/subscriptions/s1")),
                Map.of("location", "local", "tags", Map.of("a", "b")), first.etag(), "bob", T0.plusSeconds(5));
        assertThat(second.etag()).isNotEqualTo(first.etag());
        StoredResource read = store.get(PG).orElseThrow();
        assertThat(read).isEqualTo(second);
        assertThat(read.createdBy()).isEqualTo("alice");
        assertThat(read.createdAt()).isEqualTo(T0);
        assertThat(read.lastModifiedBy()).isEqualTo("bob");
        assertThat(read.body()).containsEntry("tags", Map.of("a", "b"));
        assertThat(store.put(PG, Map.of("location", "x"), "*", "carol", T0).createdBy()).isEqualTo("alice");

        assertPreconditionFailed(() -> store.delete(PG, first.etag()));
        assertThat(store.get(PG)).isPresent();
        assertThat(store.delete(PG, store.get(PG).orElseThrow().etag())).isTrue();
        assertThat(store.delete(PG, null)).isFalse();
        assertPreconditionFailed(() -> store.delete(PG, "*"));
    }

    @Test
    void findsChildrenUnderAScopeAndByType() {
        ResourceId sibling = ResourceId.parse("/subscriptions/s1/resourceGroups/Rg2/providers/Microsoft.App/containerApps/web");
        ResourceId db = PG.child("databases", "appdb");
        ResourceId linker = APP.extension("Microsoft.ServiceLinker", "linkers", "c");
        ResourceId otherLinkers = ResourceId.parse(RG + "/providers/Microsoft.Other/linkers/x");
        for (ResourceId id : List.of(RG, PG, db, APP, linker, sibling, otherLinkers)) store.put(id, Map.of(), null, "a", T0);

        assertThat(store.under(RG)).extracting(StoredResource::id).containsExactly(APP, linker, PG, db, otherLinkers);
        assertThat(store.children(PG, "microsoft.dbforpostgresql/FLEXIBLESERVERS/databases")).extracting(StoredResource::id).containsExactly(db);
        assertThat(store.children(APP, "Microsoft.ServiceLinker/linkers")).extracting(StoredResource::id).containsExactly(linker);
        assertThat(store.ofType("microsoft.servicelinker/LINKERS")).extracting(StoredResource::id).containsExactly(linker);
        assertThat(store.ofType("Microsoft.App/containerApps")).extracting(StoredResource::id).containsExactly(APP, sibling);
    }

    @Test
    void footprintsOperationsAndTheirJournal() {
        ResourceId linker = APP.extension("Microsoft.ServiceLinker", "linkers", "c");
        Footprint f = new Footprint(linker, APP, PG, PG.child("databases", "appdb"), new AccessScope.Database("appdb", "public"),
                "sb_c", true, "pw", List.of(new ConfigItem("DB_URL", "jdbc:x", false, "url")));
        store.saveFootprint(f);
        store.saveFootprint(f.withLogin("sb_c2", false, "pw2"));
        assertThat(store.footprint(linker)).contains(f.withLogin("sb_c2", false, "pw2"));
        assertThat(store.footprintsOfSource(APP)).hasSize(1);
        assertThat(store.footprints()).hasSize(1);
        store.deleteFootprint(linker);
        assertThat(store.footprints()).isEmpty();

        Operation op = new Operation("op1", linker, "create", Operation.IN_PROGRESS, T0, null, null, null, Map.of());
        store.saveOperation(op);
        PlannedStep step = new PlannedStep.EnsureLogin(PG, "sb_c", "pw");
        store.saveIntent("op1", new OperationIntent(List.of(step), null, f, false));
        store.append(new JournalEntry("op1", 2, step, JournalEntry.Phase.DONE, null, T0));
        store.append(new JournalEntry("op1", 1, step, JournalEntry.Phase.STARTED, null, T0));
        assertThatThrownBy(() -> store.append(new JournalEntry("op1", 1, step, JournalEntry.Phase.STARTED, null, T0)))
                .as("a line written twice").isInstanceOf(RuntimeException.class);
        assertThat(store.journal("op1")).extracting(JournalEntry::seq).containsExactly(1, 2);
        assertThat(store.unfinishedOperations()).containsExactly(op);
        assertThat(store.intent("op1").orElseThrow().after()).isEqualTo(f);
        store.saveOperation(op.succeeded(T0.plusSeconds(1), Map.of("ok", true)));
        store.clearJournal("op1");
        assertThat(store.unfinishedOperations()).isEmpty();
        assertThat(store.operation("op1").orElseThrow().status()).isEqualTo(Operation.SUCCEEDED);
        assertThat(store.journalSize()).isZero();
    }

    @Test
    void auditEntriesByTargetTimeAndLimitInOrder() {
        ResourceId sibling = ResourceId.parse("/subscriptions/s1/resourceGroups/Rg2");
        String[] targets = {RG.toString(), PG.toString(), sibling.toString(), APP.toString(), PG.child("databases", "d").toString()};
        for (int i = 0; i < targets.length; i++) {
            store.append(new AuditEntry(0, T0.plusSeconds(i), "alice", "PUT", targets[i], 200, "Succeeded", null, Map.of("n", i)));
        }
        List<AuditEntry> all = store.entries(null, null, null, 100);
        assertThat(all).extracting(AuditEntry::target).containsExactly(targets);
        assertThat(all).extracting(AuditEntry::seq).isSorted().doesNotHaveDuplicates();
        assertThat(store.entries(RG.key(), null, null, 100)).as("the group and what is in it, not Rg2")
                .extracting(AuditEntry::target).containsExactly(targets[0], targets[1], targets[3], targets[4]);
        assertThat(store.entries(PG.key(), T0.plusSeconds(2), T0.plusSeconds(4), 100)).extracting(AuditEntry::target)
                .containsExactly(targets[4]);
        assertThat(store.entries(null, null, null, 2)).extracting(AuditEntry::target).containsExactly(targets[0], targets[1]);
        assertThat(all.get(3).after()).isEqualTo(Map.of("n", 3));
    }
}
