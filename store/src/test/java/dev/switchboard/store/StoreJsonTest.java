package dev.switchboard.store;

import dev.switchboard.core.config.ConfigItem;
import dev.switchboard.core.id.ResourceId;
import dev.switchboard.core.plan.PlannedStep;
import dev.switchboard.core.store.Footprint;
import dev.switchboard.core.store.JournalEntry;
import dev.switchboard.core.target.AccessScope;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class StoreJsonTest {
    private static final ResourceId SERVER = ResourceId.parse("/subscriptions/s/resourceGroups/rg/providers/Microsoft.Cache/redis/cache");
    private final StoreJson json = new StoreJson();

    @Test
    void everyScopeShapeRoundTrips() {
        List<AccessScope> scopes = List.of(new AccessScope.Database("db", "public"), new AccessScope.Database("db", null),
                new AccessScope.Keys("app:*", "*", List.of("+@all", "-@admin")), new AccessScope.Vhost("/", ".*", ".*", ".*"),
                new AccessScope.Subjects(List.of("a.>"), List.of("a.*", "_INBOX.>")), new AccessScope.Topics(List.of("orders*"), List.of("g")));
        for (AccessScope scope : scopes) {
            Footprint f = new Footprint(SERVER.child("linkers", "c"), null, SERVER, SERVER, scope, "sb_c_x", true, "s",
                    List.of(new ConfigItem("A", "b", false, "d")));
            assertThat(json.read(json.write(f), Footprint.class)).isEqualTo(f);
            PlannedStep step = new PlannedStep.GrantAccess(SERVER, "sb_c_x", scope);
            JournalEntry line = new JournalEntry("op", 1, step, JournalEntry.Phase.STARTED, null, Instant.EPOCH);
            assertThat(json.read(json.write(line), JournalEntry.class)).isEqualTo(line);
        }
    }

    @Test
    void aFootprintFromBeforeScopesReadsAsItsDatabaseScope() {
        String server = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.DBforPostgreSQL/flexibleServers/pg";
        String legacy = "{\"linker\":\"" + server + "/providers/Microsoft.ServiceLinker/linkers/c\",\"source\":null,\"server\":\""
                + server + "\",\"database\":\"appdb\",\"schema\":\"public\",\"login\":\"sb_c\",\"loginCreated\":true,"
                + "\"passwordSecret\":\"p\",\"projected\":[]}";
        Footprint f = json.read(legacy, Footprint.class);
        assertThat(f.scope()).isEqualTo(new AccessScope.Database("appdb", "public"));
        assertThat(f.target()).isEqualTo(ResourceId.parse(server + "/databases/appdb"));
        assertThat(f.login()).isEqualTo("sb_c");
    }
}
