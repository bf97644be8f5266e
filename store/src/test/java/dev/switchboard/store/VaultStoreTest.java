package dev.switchboard.store;

import dev.switchboard.core.failure.TerminalFailure;
import dev.switchboard.core.secret.Secret;
import dev.switchboard.core.store.DeletedVaultSecret;
import dev.switchboard.core.store.VaultSecretVersion;
import dev.switchboard.core.store.VaultStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ParameterizedClass(name = "{0}")
@MethodSource("dev.switchboard.store.Backend#both")
class VaultStoreTest extends BackendTest {
    static final Instant T0 = Instant.parse("2025-03-04T05:06:07Z");
    SqlStore store;

    @BeforeEach
    void open() {
        store = openStore();
    }

    @Test
    void everySetMakesANewVersionAndTheLatestWins() {
        VaultSecretVersion v1 = store.setSecret("kv1", "Db-Password", Secret.of("one"), "text/plain", T0);
        VaultSecretVersion v2 = store.setSecret("KV1", "db-password", Secret.of("two"), null, T0.plusSeconds(1));
        VaultSecretVersion v3 = store.setSecret("kv1", "DB-PASSWORD", Secret.of("three"), null, T0.plusSeconds(2));
        assertThat(v1.version()).matches("[0-9a-f]{32}").isNotEqualTo(v2.version());
        assertThat(v3.name()).as("the name as first written").isEqualTo("Db-Password");
        assertThat(store.secret("kv1", "db-password").orElseThrow().value()).isEqualTo(Secret.of("three"));
        assertThat(store.secret("kv1", "db-password", v1.version()).orElseThrow().value()).isEqualTo(Secret.of("one"));
        assertThat(store.secret("kv1", "db-password", v2.version().toUpperCase()).orElseThrow().value()).isEqualTo(Secret.of("two"));
        assertThat(store.secret("kv1", "db-password", "0".repeat(32))).isEmpty();
        assertThat(store.secret("kv1", "db-password", "not-a-version")).isEmpty();
        assertThat(store.versions("kv1", "db-password")).extracting(VaultSecretVersion::version)
                .containsExactly(v1.version(), v2.version(), v3.version());
        assertThat(store.versions("kv1", "db-password").get(0).contentType()).isEqualTo("text/plain");
        assertThat(store.latest("kv1", "db-password")).contains(v3);
        store.setSecret("kv1", "another", Secret.of("x"), null, T0);
        assertThat(store.secrets("kv1")).as("by name").extracting(VaultSecretVersion::version)
                .containsExactly(store.latest("kv1", "another").orElseThrow().version(), v3.version());
        assertThat(store.secrets("kv2")).isEmpty();
        assertThat(store.secret("kv2", "db-password")).as("vaults are separate").isEmpty();
        assertThat(store.secret("kv1", "missing")).isEmpty();
        assertThat(store.secret("kv1", "db-password").orElseThrow().toString()).doesNotContain("three");
    }

    @Test
    void deleteIsSoftRecoverableAndPurgeable() {
        VaultSecretVersion v1 = store.setSecret("kv1", "s", Secret.of("one"), null, T0);
        store.setSecret("kv1", "s", Secret.of("two"), null, T0);
        Instant at = T0.plusSeconds(60);
        DeletedVaultSecret deleted = store.deleteSecret("kv1", "S", at).orElseThrow();
        assertThat(deleted.deletedDate()).isEqualTo(at);
        assertThat(deleted.scheduledPurgeDate()).isEqualTo(at.plus(VaultStore.RETENTION));
        assertThat(store.deleteSecret("kv1", "s", at)).as("already deleted").isEmpty();
        assertThat(store.secret("kv1", "s")).isEmpty();
        assertThat(store.secret("kv1", "s", v1.version())).isEmpty();
        assertThat(store.versions("kv1", "s")).isEmpty();
        assertThat(store.secrets("kv1")).isEmpty();
        assertThat(store.deletedSecrets("kv1")).containsExactly(deleted);

        assertThatThrownBy(() -> store.setSecret("kv1", "s", Secret.of("three"), null, at))
                .isInstanceOfSatisfying(TerminalFailure.class, f -> {
                    assertThat(f.status()).isEqualTo(409);
                    assertThat(f.code()).isEqualTo("ObjectIsDeletedButRecoverable");
                }).hasMessageNotContaining("three");

        assertThat(store.recoverSecret("kv1", "s")).isTrue();
        assertThat(store.recoverSecret("kv1", "s")).isFalse();
        assertThat(store.versions("kv1", "s")).hasSize(2);
        assertThat(store.secret("kv1", "s").orElseThrow().value()).isEqualTo(Secret.of("two"));
        assertThat(store.purgeSecret("kv1", "s")).as("only a deleted secret is purged").isFalse();

        store.deleteSecret("kv1", "s", at);
        assertThat(store.purgeSecret("kv1", "s")).isTrue();
        assertThat(store.deletedSecret("kv1", "s")).isEmpty();
        VaultSecretVersion fresh = store.setSecret("kv1", "s", Secret.of("new life"), null, at);
        assertThat(store.versions("kv1", "s")).containsExactly(fresh);
    }

    @Test
    void aDisabledVersionIsNotRevealed() {
        VaultSecretVersion v1 = store.setSecret("kv1", "s", Secret.of("one"), null, T0);
        assertThat(store.setEnabled("kv1", "s", v1.version(), false, T0.plusSeconds(5))).isTrue();
        assertThat(store.latest("kv1", "s").orElseThrow().enabled()).isFalse();
        assertThat(store.latest("kv1", "s").orElseThrow().updated()).isEqualTo(T0.plusSeconds(5));
        assertThatThrownBy(() -> store.secret("kv1", "s")).isInstanceOfSatisfying(TerminalFailure.class,
                f -> assertThat(f.status()).isEqualTo(403));
        store.setSecret("kv1", "s", Secret.of("two"), null, T0);
        assertThat(store.secret("kv1", "s").orElseThrow().value()).isEqualTo(Secret.of("two"));
    }

    @Test
    void namesAreCheckedAndVaultNamesClaimedOnce() {
        assertThatThrownBy(() -> store.setSecret("kv1", "bad_name", Secret.of("x"), null, T0))
                .isInstanceOfSatisfying(TerminalFailure.class, f -> assertThat(f.status()).isEqualTo(400));
        assertThatThrownBy(() -> store.secret("k", "s")).isInstanceOf(TerminalFailure.class);
        assertThat(store.claimVault("kv1", "/subscriptions/s/resourceGroups/a/providers/Microsoft.KeyVault/vaults/kv1")).isTrue();
        assertThat(store.claimVault("KV1", "/subscriptions/S/resourceGroups/A/providers/Microsoft.KeyVault/vaults/kv1")).isTrue();
        assertThat(store.claimVault("kv1", "/subscriptions/s/resourceGroups/b/providers/Microsoft.KeyVault/vaults/kv1")).isFalse();
        store.setSecret("kv1", "s", Secret.of("x"), null, T0);
        store.dropVault("kv1");
        assertThat(store.secrets("kv1")).isEmpty();
        assertThat(store.claimVault("kv1", "/subscriptions/s/resourceGroups/b/providers/Microsoft.KeyVault/vaults/kv1")).isTrue();
    }
}
