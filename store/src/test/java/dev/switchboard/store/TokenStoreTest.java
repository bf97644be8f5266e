package dev.switchboard.store;

import dev.switchboard.core.access.Grant;
import dev.switchboard.core.access.Role;
import dev.switchboard.core.id.ResourceId;
import dev.switchboard.core.store.StoredToken;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

@ParameterizedClass(name = "{0}")
@MethodSource("dev.switchboard.store.Backend#both")
class TokenStoreTest extends BackendTest {
    static final String RG = "/subscriptions/s1/resourceGroups/a";

    static StoredToken token(String id, String name, Role role, String scope) {
        return new StoredToken(id, name, "ab".repeat(32), new Grant(role, scope == null ? null : ResourceId.parse(scope)),
                Instant.parse("2025-01-02T03:04:05Z"), "bootstrap");
    }

    @Test
    void savesFindsListsByScopeAndDeletes() {
        try (SqlStore store = location.open()) {
            assertThat(store.saveToken(token("id0000000001", "all", Role.OWNER, null))).isTrue();
            assertThat(store.saveToken(token("id0000000002", "group", Role.READER, RG))).isTrue();
            assertThat(store.saveToken(token("id0000000003", "app", Role.CONTRIBUTOR, RG + "/providers/Microsoft.App/containerApps/x")))
                    .isTrue();
            assertThat(store.saveToken(token("id0000000004", "sibling", Role.READER, RG + "b"))).isTrue();
            assertThat(store.saveToken(token("id0000000005", "group", Role.READER, RG))).as("a taken name").isFalse();
            assertThat(store.saveToken(token("id0000000001", "other", Role.READER, RG))).as("a taken id").isFalse();

            StoredToken found = store.token("id0000000003").orElseThrow();
            assertThat(found.name()).isEqualTo("app");
            assertThat(found.grant()).isEqualTo(new Grant(Role.CONTRIBUTOR, ResourceId.parse(RG + "/providers/Microsoft.App/containerApps/x")));
            assertThat(found.createdAt()).isEqualTo(Instant.parse("2025-01-02T03:04:05Z"));
            assertThat(store.token("nope")).isEmpty();

            assertThat(store.tokensWithin(null)).extracting(StoredToken::name).containsExactly("all", "app", "group", "sibling");
            assertThat(store.tokensWithin(ResourceId.parse(RG.toUpperCase().replace("/SUBSCRIPTIONS/S1", "/subscriptions/s1"))))
                    .as("case-insensitive, and not the sibling group 'ab'").extracting(StoredToken::name).containsExactly("app", "group");
            assertThat(store.deleteToken("id0000000002")).isTrue();
            assertThat(store.deleteToken("id0000000002")).isFalse();
            assertThat(store.tokensWithin(ResourceId.parse(RG))).extracting(StoredToken::name).containsExactly("app");
        }
    }

    @Test
    void aStoreMadeBeforeTokensIsMigratedWithItsData() throws Exception {
        location.migrateTo("1");
        try (Connection c = location.dataSource().getConnection(); Statement st = c.createStatement()) {
            st.execute("INSERT INTO resources VALUES ('/subscriptions/s1/resourcegroups/a', '" + RG + "', '/subscriptions/s1',"
                    + " 'microsoft.resources/resourcegroups', '{\"location\":\"local\"}', '\"e1\"', 'old', '2025-01-01T00:00:00Z',"
                    + " 'old', '2025-01-01T00:00:00Z')");
        }
        try (SqlStore migrated = location.open()) {
            assertThat(migrated.get(ResourceId.parse(RG))).map(r -> r.body().get("location")).contains("local");
            assertThat(migrated.tokensWithin(null)).isEmpty();
            assertThat(migrated.saveToken(token("id0000000001", "t", Role.READER, RG))).isTrue();
        }
    }
}
