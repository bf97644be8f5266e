package dev.switchboard.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.core.compute.AppObservation;
import dev.switchboard.core.id.ResourceId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Connections whose password lives in a vault, end to end through the HTTP API on the machine's PostgreSQL: a
 * password Switchboard generates is written to the vault and the app gets a reference that the app host resolves
 * when it starts the process; a password the user keeps in the vault (by reference or by URI) is used as it is and
 * never deleted; bad references change nothing.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class VaultConnectionsTest {
    static final String SUFFIX = UUID.randomUUID().toString().substring(0, 6);
    static final String RG = "/subscriptions/" + TestServer.SUB + "/resourceGroups/kv-" + SUFFIX;
    static final String SERVER = RG + "/providers/Microsoft.DBforPostgreSQL/flexibleServers/pg";
    static final String DBNAME = "sbkv_" + SUFFIX;
    static final String DB = SERVER + "/databases/" + DBNAME;
    static final String APP = RG + "/providers/Microsoft.App/containerApps/health";
    static final String VAULT_NAME = "sbkv" + SUFFIX;
    static final String VAULT = RG + "/providers/Microsoft.KeyVault/vaults/" + VAULT_NAME;
    static final String LINKERS = APP + "/providers/Microsoft.ServiceLinker/linkers/";
    static final String GEN = LINKERS + "gen" + SUFFIX;
    static final String REF = LINKERS + "ref" + SUFFIX;
    static final String URI_LINKER = LINKERS + "uri" + SUFFIX;
    static final String USER_PASSWORD = "User-Ref-" + SUFFIX + "-pw";
    static final String URI_PASSWORD = "User-Uri-" + SUFFIX + "-pw";
    static final String V = "?api-version=2024-04-01";
    static final String RV = "?api-version=2024-03-01";

    @TempDir
    static Path data;
    static TestServer sb;
    static String generatedPassword;

    @BeforeAll
    static void start() {
        sb = TestServer.start(data);
        assertThat(sb.call("PUT", RG + RV, Map.of("location", "local")).status()).isEqualTo(201);
        assertThat(sb.call("PUT", SERVER + RV, Map.of("location", "local", "properties", Map.of())).status()).isEqualTo(201);
        assertThat(sb.call("PUT", DB + RV, Map.of("properties", Map.of())).status()).isEqualTo(201);
        assertThat(sb.call("PUT", VAULT + RV, Map.of("location", "local", "properties", Map.of())).status()).isEqualTo(201);
        String jar = System.getProperty("switchboard.repoRoot") + "/examples/health-app/target/health-app.jar";
        Map<String, Object> container = Map.of("name", "health", "command", List.of(ProcessHandle.current().info().command().orElseThrow(),
                "-jar", jar));
        assertThat(sb.call("PUT", APP + RV, Map.of("location", "local", "properties",
                Map.of("template", Map.of("containers", List.of(container))))).status()).isEqualTo(201);
    }

    @AfterAll
    static void stop() throws Exception {
        if (sb == null) return;
        for (String linker : List.of(GEN, REF, URI_LINKER)) {
            TestServer.Answer a = sb.call("DELETE", linker + V, null);
            if (a.status() == 202) sb.await(a);
        }
        sb.call("DELETE", RG + RV, null);
        sb.close();
        assertThat(LocalPostgres.rolesLike("sb_gen" + SUFFIX)).isEmpty();
        assertThat(LocalPostgres.rolesLike("sb_ref" + SUFFIX)).isEmpty();
        assertThat(LocalPostgres.rolesLike("sb_uri" + SUFFIX)).isEmpty();
        assertThat(LocalPostgres.rolesLike("sb_bad" + SUFFIX)).isEmpty();
        assertThat(LocalPostgres.databasesLike(DBNAME)).isEmpty();
    }

    @Test
    @Order(1)
    void aGeneratedPasswordIsWrittenToTheVaultAndTheAppGetsItFromThere() throws Exception {
        Map<String, Object> store = Map.of("keyVaultId", VAULT);
        assertThat(sb.await(sb.call("PUT", GEN + V, body(Map.of("authType", "secret"), store))).path("status").asText()).isEqualTo("Succeeded");

        JsonNode password = setting(GEN, "AZURE_POSTGRESQL_PASSWORD");
        assertThat(password.path("configType").asText()).isEqualTo("KeyVaultSecret");
        String reference = password.path("value").asText();
        assertThat(reference).matches("https://" + VAULT_NAME + "\\.vault\\.switchboard\\.local/secrets/sb-gen" + SUFFIX + "-[a-z0-9]{8}/[0-9a-f]{32}");
        assertThat(setting(GEN, "AZURE_POSTGRESQL_HOST").path("configType").asText()).isEqualTo("Default");
        assertThat(setting(GEN, "AZURE_POSTGRESQL_HOST").path("value").asText()).isEqualTo("127.0.0.1");

        String secretName = reference.split("/")[4];
        JsonNode secret = sb.call("GET", VAULT + "/secrets/" + secretName + RV, null).body();
        assertThat(secret.at("/properties/secretUriWithVersion").asText()).isEqualTo(reference);
        assertThat(secret.at("/tags/switchboard-connection").asText()).isEqualTo(GEN);
        generatedPassword = sb.server().store().secret(VAULT_NAME, secretName).orElseThrow().value().reveal();

        assertThat(liveEnvironment()).containsEntry("AZURE_POSTGRESQL_PASSWORD", generatedPassword);
        String role = role(GEN);
        assertThat(passwordIs(role, generatedPassword)).isTrue();
        assertThat(passwordIs(role, generatedPassword + "x")).as("the check can fail").isFalse();
        assertThat(ConnectionLifecycleTest.health(sb, APP).path("status").asText()).isEqualTo("connected");
    }

    @Test
    @Order(2)
    void thePasswordIsNowhereButTheVaultAndTheRunningApp() throws Exception {
        assertThat(sb.call("GET", GEN + V, null).raw().body()).doesNotContain(generatedPassword);
        assertThat(sb.call("POST", GEN + "/listConfigurations" + V, null).raw().body()).doesNotContain(generatedPassword);
        assertThat(sb.call("POST", GEN + "/generateConfigurations" + V, Map.of()).raw().body()).doesNotContain(generatedPassword);
        assertThat(sb.call("GET", "/providers/Switchboard.Audit/entries" + V, null).raw().body()).doesNotContain(generatedPassword);
        assertThat(sb.server().store().footprint(ResourceId.parse(GEN)).orElseThrow().toString()).doesNotContain(generatedPassword);
        Path db = sb.server().dataDirectory().storeFile();
        for (Path f : List.of(db, db.resolveSibling(db.getFileName() + "-wal"))) {
            assertThat(fileContains(f, generatedPassword)).as("%s holds the password", f.getFileName()).isFalse();
        }
    }

    @Test
    @Order(2)
    void validationComparesTheResolvedValuesWithTheLiveEnvironment() {
        JsonNode report = sb.result(sb.call("POST", GEN + "/validateLinker" + V, null)).body();
        assertThat(report.at("/properties/isConnectionAvailable").asBoolean()).as(report.toString()).isTrue();
        assertThat(report.at("/properties/validationDetail").findValuesAsText("name")).contains("CredentialsLogIn", "SourceConfiguration");
    }

    @Test
    @Order(3)
    void aNewPasswordIsANewVersionOfTheSameSecret() throws Exception {
        String before = setting(GEN, "AZURE_POSTGRESQL_PASSWORD").path("value").asText();
        String fresh = "Patched-" + SUFFIX + "-pw";
        TestServer.Answer patch = sb.call("PATCH", GEN + V, Map.of("properties", Map.of("authInfo",
                Map.of("authType", "secret", "secretInfo", Map.of("secretType", "rawValue", "value", fresh)))));
        assertThat(sb.await(patch).path("status").asText()).isEqualTo("Succeeded");
        String after = setting(GEN, "AZURE_POSTGRESQL_PASSWORD").path("value").asText();
        assertThat(after).isNotEqualTo(before);
        assertThat(after.substring(0, after.lastIndexOf('/'))).isEqualTo(before.substring(0, before.lastIndexOf('/')));
        assertThat(passwordIs(role(GEN), fresh)).isTrue();
        assertThat(passwordIs(role(GEN), generatedPassword)).isFalse();
        assertThat(liveEnvironment()).containsEntry("AZURE_POSTGRESQL_PASSWORD", fresh);
        var versions = sb.server().store().versions(VAULT_NAME, after.split("/")[4]);
        assertThat(versions).hasSize(2);
        assertThat(versions.get(0).enabled()).as("the replaced version is disabled").isFalse();
        assertThat(versions.get(1).enabled()).isTrue();
        generatedPassword = fresh;
    }

    @Test
    @Order(4)
    void aKeyVaultSecretReferenceIsTheUsersSecretExactly() throws Exception {
        String version = userSecret("user-ref", USER_PASSWORD);
        Map<String, Object> auth = Map.of("authType", "secret", "secretInfo", Map.of("secretType", "keyVaultSecretReference", "name", "user-ref"));
        assertThat(sb.await(sb.call("PUT", REF + V, body(auth, Map.of("keyVaultId", VAULT)))).path("status").asText()).isEqualTo("Succeeded");
        String prefix = "AZURE_POSTGRESQL_REF" + SUFFIX.toUpperCase().replaceAll("[^A-Z0-9]", "_") + "_";
        JsonNode password = setting(REF, prefix + "PASSWORD");
        assertThat(password.path("configType").asText()).isEqualTo("KeyVaultSecret");
        assertThat(password.path("value").asText()).isEqualTo("https://" + VAULT_NAME + ".vault.switchboard.local/secrets/user-ref/" + version);
        assertThat(passwordIs(role(REF), USER_PASSWORD)).isTrue();
        assertThat(liveEnvironment()).containsEntry(prefix + "PASSWORD", USER_PASSWORD);
        JsonNode stored = sb.call("GET", REF + V, null).body().at("/properties/authInfo/secretInfo");
        assertThat(stored.path("name").asText()).as("the reference is kept, it is no secret").isEqualTo("user-ref");
    }

    @Test
    @Order(5)
    void aKeyVaultSecretUriIsTheUsersSecretExactly() throws Exception {
        userSecret("user-uri", URI_PASSWORD);
        String uri = "https://" + VAULT_NAME + ".vault.switchboard.local/secrets/user-uri";
        Map<String, Object> auth = Map.of("authType", "secret", "secretInfo", Map.of("secretType", "keyVaultSecretUri", "value", uri));
        assertThat(sb.await(sb.call("PUT", URI_LINKER + V, body(auth, null))).path("status").asText()).isEqualTo("Succeeded");
        assertThat(passwordIs(role(URI_LINKER), URI_PASSWORD)).isTrue();
        assertThat(ConnectionLifecycleTest.health(sb, APP).path("status").asText()).isEqualTo("connected");
    }

    @Test
    @Order(6)
    void badReferencesAreRefusedNamingTheFieldAndChangeNothing() throws Exception {
        String bad = LINKERS + "bad" + SUFFIX;
        String missingVault = RG + "/providers/Microsoft.KeyVault/vaults/nokv" + SUFFIX;
        refused(sb.call("PUT", bad + V, body(Map.of("authType", "secret"), Map.of("keyVaultId", missingVault))), 404,
                "properties.secretStore.keyVaultId");
        refused(sb.call("PUT", bad + V, body(Map.of("authType", "secret", "secretInfo", Map.of("secretType", "keyVaultSecretReference",
                "name", "no-such-secret")), Map.of("keyVaultId", VAULT))), 404, "properties.authInfo.secretInfo.name");
        refused(sb.call("PUT", bad + V, body(Map.of("authType", "secret", "secretInfo", Map.of("secretType", "keyVaultSecretReference",
                "name", "user-ref", "version", "0".repeat(32))), Map.of("keyVaultId", VAULT))), 404, "properties.authInfo.secretInfo.name");
        refused(sb.call("PUT", bad + V, body(Map.of("authType", "secret", "secretInfo", Map.of("secretType", "keyVaultSecretUri",
                "value", "https://" + VAULT_NAME + ".vault.azure.net/secrets/user-uri")), null)), 400, "properties.authInfo.secretInfo.value");
        refused(sb.call("PUT", bad + V, body(Map.of("authType", "secret", "secretInfo", Map.of("secretType", "keyVaultSecretUri",
                "value", "https://nokv" + SUFFIX + ".vault.switchboard.local/secrets/user-uri")), null)), 404, "properties.authInfo.secretInfo.value");
        refused(sb.call("PUT", bad + V, body(Map.of("authType", "secret"), Map.of("keyVaultId", VAULT, "keyVaultSecretName", "user-ref"))),
                409, "properties.secretStore.keyVaultSecretName");
        assertThat(sb.call("GET", bad + V, null).status()).isEqualTo(404);
        assertThat(LocalPostgres.rolesLike("sb_bad" + SUFFIX)).isEmpty();
        assertThat(sb.server().store().versions(VAULT_NAME, "user-ref")).hasSize(1);
    }

    @Test
    @Order(7)
    void aVaultOrSecretInUseCannotBeDeleted() {
        TestServer.Answer vault = sb.call("DELETE", VAULT + RV, null);
        assertThat(vault.status()).isEqualTo(409);
        assertThat(vault.raw().body()).contains("VaultInUse").contains("gen" + SUFFIX);
        TestServer.Answer secret = sb.call("DELETE", VAULT + "/secrets/user-ref" + RV, null);
        assertThat(secret.status()).isEqualTo(409);
        assertThat(secret.raw().body()).contains("SecretInUse").contains(REF);
        assertThat(sb.call("DELETE", RG + RV, null).status()).isEqualTo(409);
        assertThat(sb.server().store().secret(VAULT_NAME, "user-ref")).isPresent();
    }

    @Test
    @Order(8)
    void deletingTheConnectionsDeletesOnlyTheSecretSwitchboardWrote() throws Exception {
        String secretName = setting(GEN, "AZURE_POSTGRESQL_PASSWORD").path("value").asText().split("/")[4];
        for (String linker : List.of(GEN, REF, URI_LINKER)) {
            assertThat(sb.await(sb.call("DELETE", linker + V, null)).path("status").asText()).isEqualTo("Succeeded");
        }
        assertThat(sb.call("GET", VAULT + "/secrets/" + secretName + RV, null).status()).isEqualTo(404);
        assertThat(sb.server().store().deletedSecret(VAULT_NAME, secretName)).as("soft-deleted").isPresent();
        assertThat(sb.server().store().secret(VAULT_NAME, "user-ref").orElseThrow().value().reveal()).isEqualTo(USER_PASSWORD);
        assertThat(sb.server().store().secret(VAULT_NAME, "user-uri").orElseThrow().value().reveal()).isEqualTo(URI_PASSWORD);
        assertThat(sb.call("GET", VAULT + "/secrets/user-ref" + RV, null).status()).isEqualTo(200);
        assertThat(LocalPostgres.rolesLike("sb_gen" + SUFFIX)).isEmpty();
        assertThat(sb.call("DELETE", VAULT + RV, null).status()).isIn(200, 204);
    }

    private static Map<String, Object> body(Map<String, Object> auth, Map<String, Object> secretStore) {
        Map<String, Object> p = new LinkedHashMap<>(Map.of("targetService", Map.of("type", "AzureResource", "id", DB),
                "authInfo", auth, "clientType", "none"));
        if (secretStore != null) p.put("secretStore", secretStore);
        return Map.of("properties", p);
    }

    private static String userSecret(String name, String value) {
        JsonNode s = sb.call("PUT", VAULT + "/secrets/" + name + RV, Map.of("properties", Map.of("value", value))).body();
        String withVersion = s.at("/properties/secretUriWithVersion").asText();
        return withVersion.substring(withVersion.lastIndexOf('/') + 1);
    }

    private static JsonNode setting(String linker, String name) {
        for (JsonNode c : sb.call("POST", linker + "/listConfigurations" + V, null).body().path("configurations")) {
            if (c.path("name").asText().equals(name)) return c;
        }
        throw new AssertionError("no setting " + name + " on " + linker);
    }

    private static void refused(TestServer.Answer a, int status, String field) {
        assertThat(a.status()).as(a.raw().body()).isEqualTo(status);
        assertThat(a.body().at("/error/target").asText()).as(a.raw().body()).isEqualTo(field);
    }

    private static String role(String linker) {
        return sb.call("GET", linker + V, null).body().at("/properties/authInfo/name").asText();
    }

    /**
     * The machine's PostgreSQL trusts local logins, so a login proves nothing: the role's SCRAM verifier in
     * pg_authid is checked against the password instead (ASCII passwords need no SASLprep).
     */
    private static boolean passwordIs(String role, String password) throws Exception {
        String verifier = LocalPostgres.strings("postgres", "SELECT rolpassword FROM pg_authid WHERE rolname = ?", role).get(0);
        String[] parts = verifier.split("[$:]");
        int iterations = Integer.parseInt(parts[1]);
        byte[] salt = Base64.getDecoder().decode(parts[2]);
        byte[] salted = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                .generateSecret(new PBEKeySpec(password.toCharArray(), salt, iterations, 256)).getEncoded();
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(salted, "HmacSHA256"));
        byte[] storedKey = MessageDigest.getInstance("SHA-256").digest(mac.doFinal("Client Key".getBytes(StandardCharsets.UTF_8)));
        return Base64.getEncoder().encodeToString(storedKey).equals(parts[3]);
    }

    private static Map<String, String> liveEnvironment() {
        return sb.server().apps().observe(ResourceId.parse(APP)).map(AppObservation::primary).orElseThrow().liveEnvironment();
    }

    private static boolean fileContains(Path file, String needle) throws Exception {
        if (!Files.exists(file)) return false;
        return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).contains(needle);
    }
}
