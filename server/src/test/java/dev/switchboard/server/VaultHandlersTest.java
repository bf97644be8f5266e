package dev.switchboard.server;

import dev.switchboard.core.failure.TerminalFailure;
import dev.switchboard.core.id.ResourceId;
import dev.switchboard.core.secret.Secret;
import dev.switchboard.core.secret.PasswordGenerator;
import dev.switchboard.engine.ConnectionSecrets;
import dev.switchboard.engine.Stores;
import dev.switchboard.engine.resources.ResourceHandler;
import dev.switchboard.engine.resources.ResourceService;
import dev.switchboard.engine.resources.VaultHandler;
import dev.switchboard.engine.resources.VaultSecretHandler;
import dev.switchboard.store.SqlStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Key Vault handlers behind a ResourceService over a real store (wired here only; the server wires them itself). */
class VaultHandlersTest {
    static final String RG = "/subscriptions/s1/resourceGroups/rg";
    static final ResourceId VAULT = ResourceId.parse(RG + "/providers/Microsoft.KeyVault/vaults/kv1");
    static final ResourceId SECRET = ResourceId.parse(VAULT + "/secrets/db-password");
    @TempDir
    Path dir;
    SqlStore store;
    ResourceService service;

    @BeforeEach
    void open() {
        store = new SqlStore(dir.resolve("s.db"), dir.resolve("master.key"));
        Clock clock = Clock.fixed(Instant.parse("2025-03-04T05:06:07Z"), ZoneOffset.UTC);
        Stores stores = new Stores(store, store, store, store, store);
        ConnectionSecrets secrets = new ConnectionSecrets(stores, store, new PasswordGenerator(new java.util.Random(1)), clock);
        Map<String, ResourceHandler> handlers = Map.of(VaultHandler.TYPE, new VaultHandler(store, store, secrets),
                VaultSecretHandler.TYPE, new VaultSecretHandler(store, store, clock, secrets));
        service = new ResourceService(stores, handlers, null, clock);
        service.put(ResourceId.parse(RG), Map.of("location", "local"), null, "test");
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void aSecretsValueGoesToTheVaultNeverIntoTheBody() {
        Map<String, Object> vault = service.put(VAULT, Map.of("location", "local", "properties", Map.of("tenantId", "t")), null, "test")
                .resource().body();
        assertThat(props(vault)).containsEntry("vaultUri", "https://kv1.vault.switchboard.local/").containsEntry("tenantId", "t")
                .containsEntry("provisioningState", "Succeeded");

        Map<String, Object> body = service.put(SECRET, Map.of("properties", Map.of("value", "value-marker-1")), null, "test").resource().body();
        assertThat(body.toString()).doesNotContain("value-marker-1");
        assertThat(store.get(SECRET).orElseThrow().body().toString()).doesNotContain("value-marker-1");
        String v1 = store.latest("kv1", "db-password").orElseThrow().version();
        assertThat(props(body)).doesNotContainKey("value")
                .containsEntry("secretUri", "https://kv1.vault.switchboard.local/secrets/db-password")
                .containsEntry("secretUriWithVersion", "https://kv1.vault.switchboard.local/secrets/db-password/" + v1);
        assertThat(props(body).get("attributes")).isEqualTo(Map.of("enabled", true, "created", 1741064767L, "updated", 1741064767L));

        Map<String, Object> second = service.put(SECRET, Map.of("properties", Map.of("value", "value-marker-2")), null, "test").resource().body();
        assertThat(store.versions("kv1", "db-password")).hasSize(2);
        assertThat(store.secret("kv1", "db-password").orElseThrow().value()).isEqualTo(Secret.of("value-marker-2"));
        assertThat(props(second).get("secretUriWithVersion")).isNotEqualTo(props(body).get("secretUriWithVersion"));

        service.put(SECRET, Map.of("properties", Map.of("attributes", Map.of("enabled", false))), null, "test");
        assertThat(store.versions("kv1", "db-password")).as("no value: no new version").hasSize(2);
        assertThat(store.latest("kv1", "db-password").orElseThrow().enabled()).isFalse();
    }

    @Test
    void deleteSoftDeletesAndTheNameIsTakenUntilRecoveredOrPurged() {
        service.put(VAULT, Map.of("location", "local"), null, "test");
        service.put(SECRET, Map.of("properties", Map.of("value", "v")), null, "test");
        assertThat(service.delete(SECRET, null)).isTrue();
        assertThat(store.deletedSecret("kv1", "db-password")).isPresent();
        assertThatThrownBy(() -> service.put(SECRET, Map.of("properties", Map.of("value", "w")), null, "test"))
                .isInstanceOfSatisfying(TerminalFailure.class, f -> assertThat(f.code()).isEqualTo("ObjectIsDeletedButRecoverable"));
        assertThat(service.get(SECRET)).isEmpty();
        store.purgeSecret("kv1", "db-password");
        service.put(SECRET, Map.of("properties", Map.of("value", "w")), null, "test");
        assertThat(store.secret("kv1", "db-password").orElseThrow().value()).isEqualTo(Secret.of("w"));
    }

    @Test
    void secretsNeedTheirVaultAndVaultNamesAreGlobal() {
        assertThatThrownBy(() -> service.put(SECRET, Map.of("properties", Map.of("value", "v")), null, "test"))
                .isInstanceOfSatisfying(TerminalFailure.class, f -> assertThat(f.status()).isEqualTo(404));
        service.put(VAULT, Map.of("location", "local"), null, "test");
        service.put(ResourceId.parse("/subscriptions/s1/resourceGroups/other"), Map.of("location", "local"), null, "test");
        assertThatThrownBy(() -> service.put(ResourceId.parse("/subscriptions/s1/resourceGroups/other/providers/Microsoft.KeyVault/vaults/KV1"),
                Map.of("location", "local"), null, "test"))
                .isInstanceOfSatisfying(TerminalFailure.class, f -> assertThat(f.code()).isEqualTo("VaultAlreadyExists"));
        service.put(SECRET, Map.of("properties", Map.of("value", "v")), null, "test");
        assertThat(service.delete(ResourceId.parse(RG), null)).isTrue();
        assertThat(store.secrets("kv1")).isEmpty();
        assertThat(store.deletedSecrets("kv1")).as("the vault's delete purges its secrets").isEmpty();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> props(Map<String, Object> body) {
        return (Map<String, Object>) body.get("properties");
    }
}
