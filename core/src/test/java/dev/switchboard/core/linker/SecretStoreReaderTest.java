package dev.switchboard.core.linker;

import dev.switchboard.core.failure.TerminalFailure;
import dev.switchboard.core.secret.VaultSecretUri;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** {@code secretStore} and the vault secret infos, read by {@link LinkerSpecReader}. */
class SecretStoreReaderTest {
    private static final String RG = "/subscriptions/sub1/resourceGroups/rg1";
    private static final String TARGET = RG + "/providers/Microsoft.DBforPostgreSQL/flexibleServers/pg1/databases/db1";
    private static final String VAULT = RG + "/providers/Microsoft.KeyVault/vaults/kv-one";
    private static final String VERSION = "0123456789abcdef0123456789ABCDEF";

    private static Map<String, Object> props(Map<String, Object> secretInfo, Map<String, Object> secretStore) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("targetService", Map.of("type", "AzureResource", "id", TARGET));
        Map<String, Object> auth = new LinkedHashMap<>(Map.of("authType", "secret"));
        if (secretInfo != null) auth.put("secretInfo", secretInfo);
        p.put("authInfo", auth);
        if (secretStore != null) p.put("secretStore", secretStore);
        return p;
    }

    private static TerminalFailure refused(Map<String, Object> properties) {
        TerminalFailure f = catchThrowableOfType(TerminalFailure.class, () -> LinkerSpecReader.read(properties));
        assertThat(f).as("refused").isNotNull();
        assertThat(f.status()).isEqualTo(400);
        assertThat(f.getMessage()).startsWith(f.target());
        return f;
    }

    @Test
    void secretStoreNamesTheVaultAndOptionallyTheSecret() {
        LinkerSpec spec = LinkerSpecReader.read(props(null, Map.of("keyVaultId", VAULT, "keyVaultSecretName", "db-pass-1")));
        assertThat(spec.secretStore().keyVaultId().toString()).isEqualTo(VAULT);
        assertThat(spec.secretStore().keyVaultSecretName()).isEqualTo("db-pass-1");
        assertThat(LinkerSpecReader.read(props(null, Map.of("keyVaultId", VAULT))).secretStore().keyVaultSecretName()).isNull();
    }

    @Test
    void aNullKeyVaultIdMeansNoVaultAsArmWritesIt() {
        Map<String, Object> store = new LinkedHashMap<>();
        store.put("keyVaultId", null);
        assertThat(LinkerSpecReader.read(props(null, store)).secretStore()).isNull();
        assertThat(LinkerSpecReader.read(props(null, null)).secretStore()).isNull();
    }

    @ParameterizedTest(name = "{0} / {1} -> {2}")
    @CsvSource({
            "not an id, , InvalidResourceId, properties.secretStore.keyVaultId",
            "/subscriptions/sub1/resourceGroups/rg1/providers/Microsoft.Storage/storageAccounts/kv1, , InvalidResourceId, properties.secretStore.keyVaultId",
            "/subscriptions/sub1/resourceGroups/rg1/providers/Microsoft.KeyVault/vaults/kv1/secrets/s, , InvalidResourceId, properties.secretStore.keyVaultId",
            "/subscriptions/sub1/resourceGroups/rg1/providers/Microsoft.KeyVault/vaults/k, , InvalidParameter, properties.secretStore.keyVaultId",
            "/subscriptions/sub1/resourceGroups/rg1/providers/Microsoft.KeyVault/vaults/kv1, bad_name, InvalidParameter, properties.secretStore.keyVaultSecretName",
            "/subscriptions/sub1/resourceGroups/rg1/providers/Microsoft.KeyVault/vaults/kv1, 'a b', InvalidParameter, properties.secretStore.keyVaultSecretName",
    })
    void badSecretStoresAreRefusedNamingTheField(String id, String name, String code, String field) {
        Map<String, Object> store = new LinkedHashMap<>(Map.of("keyVaultId", id));
        if (name != null) store.put("keyVaultSecretName", name);
        TerminalFailure f = refused(props(null, store));
        assertThat(f.code()).isEqualTo(code);
        assertThat(f.target()).isEqualTo(field);
    }

    @Test
    void aSecretNameWithoutAVaultIsRefused() {
        TerminalFailure f = refused(props(null, Map.of("keyVaultSecretName", "x")));
        assertThat(f.target()).isEqualTo("properties.secretStore.keyVaultId");
    }

    @Test
    void aReferenceIsASecretInTheSecretStoresVault() {
        LinkerSpec spec = LinkerSpecReader.read(props(Map.of("secretType", "keyVaultSecretReference", "name", "db-pw", "version", VERSION),
                Map.of("keyVaultId", VAULT)));
        assertThat(spec.auth().secret()).isNull();
        assertThat(spec.auth().vaultSecret().uri()).isEqualTo(new VaultSecretUri("kv-one", "db-pw", VERSION.toLowerCase()));
        LinkerSpec latest = LinkerSpecReader.read(props(Map.of("secretType", "keyVaultSecretReference", "name", "db-pw"),
                Map.of("keyVaultId", VAULT)));
        assertThat(latest.auth().vaultSecret().uri().version()).isNull();
    }

    @Test
    void aReferenceNeedsTheVaultAndAGoodNameAndVersion() {
        assertThat(refused(props(Map.of("secretType", "keyVaultSecretReference", "name", "db-pw"), null)).target())
                .isEqualTo("properties.secretStore.keyVaultId");
        assertThat(refused(props(Map.of("secretType", "keyVaultSecretReference"), Map.of("keyVaultId", VAULT))).target())
                .isEqualTo("properties.authInfo.secretInfo.name");
        assertThat(refused(props(Map.of("secretType", "keyVaultSecretReference", "name", "db_pw"), Map.of("keyVaultId", VAULT))).target())
                .isEqualTo("properties.authInfo.secretInfo.name");
        assertThat(refused(props(Map.of("secretType", "keyVaultSecretReference", "name", "db-pw", "version", "v1"),
                Map.of("keyVaultId", VAULT))).target()).isEqualTo("properties.authInfo.secretInfo.version");
    }

    @Test
    void aUriIsASecretOfASwitchboardVaultWithOrWithoutVersion() {
        LinkerSpec spec = LinkerSpecReader.read(props(Map.of("secretType", "keyVaultSecretUri",
                "value", "https://KV-one.vault.switchboard.local/secrets/db-pw/" + VERSION), null));
        assertThat(spec.auth().vaultSecret().uri()).isEqualTo(new VaultSecretUri("kv-one", "db-pw", VERSION));
        assertThat(spec.auth().vaultSecret().uri().toString())
                .isEqualTo("https://kv-one.vault.switchboard.local/secrets/db-pw/" + VERSION.toLowerCase());
        LinkerSpec latest = LinkerSpecReader.read(props(Map.of("secretType", "keyVaultSecretUri",
                "value", "https://kv-one.vault.switchboard.local/secrets/db-pw"), null));
        assertThat(latest.auth().vaultSecret().uri().version()).isNull();
    }

    @ParameterizedTest
    @CsvSource({
            "https://kv-one.vault.azure.net/secrets/db-pw",
            "https://kv-one.vault.switchboard.local.evil.example/secrets/db-pw",
            "http://kv-one.vault.switchboard.local/secrets/db-pw",
            "https://kv-one.vault.switchboard.local/keys/db-pw",
            "https://kv-one.vault.switchboard.local/secrets/db_pw",
            "https://kv-one.vault.switchboard.local/secrets/db-pw/notaversion",
            "https://kv-one.vault.switchboard.local/secrets/db-pw/0123456789abcdef0123456789abcdef/extra",
            "hunter2",
    })
    void foreignOrMalformedUrisAreRefused(String uri) {
        TerminalFailure f = refused(props(Map.of("secretType", "keyVaultSecretUri", "value", uri), null));
        assertThat(f.code()).isEqualTo("InvalidSecretUri");
        assertThat(f.target()).isEqualTo("properties.authInfo.secretInfo.value");
    }
}
