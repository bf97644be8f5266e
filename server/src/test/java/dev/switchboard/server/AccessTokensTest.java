package dev.switchboard.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.switchboard.server.AccessFixture.TOKENS;
import static dev.switchboard.server.AccessFixture.TV;
import static dev.switchboard.server.AccessFixture.tokenBody;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The token API: only Owners manage tokens, only at or under their scope; values are shown once; bad requests are
 * refused with a precise 4xx and create nothing; a deleted token stops working at once; the bootstrap token stays.
 */
class AccessTokensTest {
    static final String SUFFIX = ApiChecks.suffix();
    static final String SUB = "/subscriptions/" + TestServer.SUB;
    static final String RG_A = SUB + "/resourceGroups/tok-a-" + SUFFIX;
    static final String RG_B = SUB + "/resourceGroups/tok-b-" + SUFFIX;
    static final String RV = "?api-version=2024-03-01";
    @TempDir
    static Path data;
    static AccessFixture f;
    static String ownerA;

    @BeforeAll
    static void start() {
        f = new AccessFixture(data);
        ownerA = f.mint("owner-a", "Owner", RG_A);
        f.mint("reader-a", "Reader", RG_A);
        f.mint("contributor-a", "Contributor", RG_A);
        f.mint("reader-b", "Reader", RG_B);
    }

    @AfterAll
    static void stop() throws Exception {
        if (f == null) return;
        f.finish(() -> {
            for (String name : names(f.admin("GET", TOKENS + TV, null))) {
                if (!name.equals("bootstrap")) f.admin("DELETE", TOKENS + "/" + name + TV, null);
            }
            assertThat(names(f.admin("GET", TOKENS + TV, null))).as("tokens left").containsExactly("bootstrap");
            assertThat(ApiChecks.storeRows(f.sb.server(), "resources")).as("resources left").isZero();
        });
    }

    @Test
    void theCreationAnswerShowsTheTokenOnceAndNothingElseDoes() {
        TestServer.Answer created = f.creating(ownerA, "PUT", TOKENS + "/shown-" + SUFFIX + TV, tokenBody("Reader", RG_A + "/providers"
                + "/Microsoft.App/containerApps/app1"));
        assertThat(created.status()).as(created.raw().body()).isEqualTo(201);
        JsonNode p = created.body().path("properties");
        f.tokens.put("shown-" + SUFFIX, p.path("token").asText());
        assertThat(p.path("token").asText()).matches("sb\\.[a-z0-9]{12}\\.[A-Za-z0-9_-]{43}");
        assertThat(p.path("role").asText()).isEqualTo("Reader");
        assertThat(p.path("createdBy").asText()).isEqualTo("owner-a");
        assertThat(p.path("createdAt").asText()).isNotBlank();
        assertThat(p.path("tokenId").asText()).isEqualTo(p.path("token").asText().substring(3, 15));
        JsonNode shown = f.as(ownerA, "GET", TOKENS + "/shown-" + SUFFIX + TV, null).body();
        assertThat(shown.path("properties").has("token")).isFalse();
        assertThat(shown.at("/properties/scope").asText()).isEqualTo(RG_A + "/providers/Microsoft.App/containerApps/app1");
        for (JsonNode t : f.admin("GET", TOKENS + TV, null).body().path("value")) {
            assertThat(t.path("properties").has("token")).as(t.toString()).isFalse();
        }
    }

    @Test
    void anOwnerMintsOnlyAtOrUnderItsOwnScope() {
        for (String scope : new String[]{RG_B, SUB, null, SUB + "/resourceGroups/tok-a-" + SUFFIX + "x"}) {
            TestServer.Answer a = f.creating(ownerA, "PUT", TOKENS + "/denied-" + SUFFIX + TV, tokenBody("Reader", scope));
            ApiChecks.assertArmError(a, 403, "AuthorizationFailed", "owner-a");
        }
        assertThat(names(f.admin("GET", TOKENS + TV, null))).doesNotContain("denied-" + SUFFIX);
        String value = f.mintAs(ownerA, "under-" + SUFFIX, "Owner", RG_A + "/providers/Microsoft.App/containerApps/app1");
        assertThat(f.as(value, "GET", TOKENS + TV, null).status()).isEqualTo(200);
    }

    @Test
    void onlyOwnersManageTokens() {
        for (String name : List.of("reader-a", "contributor-a")) {
            String token = f.tokens.get(name);
            ApiChecks.assertArmError(f.as(token, "GET", TOKENS + TV, null), 403, "AuthorizationFailed", "Owner");
            ApiChecks.assertArmError(f.creating(token, "PUT", TOKENS + "/by-" + name + TV, tokenBody("Reader", RG_A)), 403,
                    "AuthorizationFailed", "Owner");
            ApiChecks.assertArmError(f.as(token, "DELETE", TOKENS + "/reader-a" + TV, null), 403, "AuthorizationFailed");
        }
        assertThat(names(f.admin("GET", TOKENS + TV, null))).contains("reader-a").doesNotContain("by-reader-a", "by-contributor-a");
    }

    @Test
    void anOwnerSeesOnlyTheTokensWithinItsScope() {
        List<String> seen = names(f.as(ownerA, "GET", TOKENS + TV, null));
        assertThat(seen).contains("owner-a", "reader-a", "contributor-a").doesNotContain("bootstrap", "reader-b");
        ApiChecks.assertArmError(f.as(ownerA, "GET", TOKENS + "/reader-b" + TV, null), 404, "ResourceNotFound");
        ApiChecks.assertArmError(f.as(ownerA, "GET", TOKENS + "/bootstrap" + TV, null), 404, "ResourceNotFound");
        assertThat(f.as(ownerA, "DELETE", TOKENS + "/reader-b" + TV, null).status()).as("not visible: nothing deleted").isEqualTo(204);
        assertThat(f.as(f.tokens.get("reader-b"), "GET", RG_B + RV, null).status()).as("reader-b still works").isEqualTo(404);
        assertThat(names(f.admin("GET", TOKENS + TV, null))).contains("bootstrap", "reader-b", "owner-a");
    }

    @Test
    void badRequestsAreRefusedPreciselyAndCreateNothing() {
        List<String> before = names(f.admin("GET", TOKENS + TV, null));
        record Bad(String name, Object body, int status, String code) { }
        List<Bad> cases = List.of(new Bad("has space", tokenBody("Reader", null), 400, "InvalidResourceName"),
                new Bad("x".repeat(65), tokenBody("Reader", null), 400, "InvalidResourceName"),
                new Bad("ok-" + SUFFIX, null, 400, "InvalidRequestContent"),
                new Bad("ok-" + SUFFIX, Map.of(), 400, "MissingRequiredProperty"),
                new Bad("ok-" + SUFFIX, Map.of("properties", "Reader"), 400, "InvalidRequestContent"),
                new Bad("ok-" + SUFFIX, tokenBody(null, RG_A), 400, "MissingRequiredProperty"),
                new Bad("ok-" + SUFFIX, tokenBody("Admin", RG_A), 400, "InvalidRole"),
                new Bad("ok-" + SUFFIX, Map.of("properties", Map.of("role", 3)), 400, "InvalidRole"),
                new Bad("ok-" + SUFFIX, tokenBody("Reader", "/nope"), 400, "InvalidResourceId"),
                new Bad("ok-" + SUFFIX, tokenBody("Reader", SUB + "/resourceGroups"), 400, "InvalidResourceId"),
                new Bad("ok-" + SUFFIX, Map.of("properties", Map.of("role", "Reader", "scope", 7)), 400, "InvalidRequestContent"),
                new Bad("owner-a", tokenBody("Reader", RG_A), 409, "TokenAlreadyExists"));
        for (Bad bad : cases) {
            TestServer.Answer a = f.creating(f.admin(), "PUT", TOKENS + "/" + bad.name().replace(" ", "%20") + TV, bad.body());
            ApiChecks.assertArmError(a, bad.status(), bad.code());
        }
        ApiChecks.assertArmError(f.admin("PUT", TOKENS + "/v-" + SUFFIX + "?api-version=2021-01-01", tokenBody("Reader", null)), 400,
                "InvalidApiVersionParameter", "2024-04-01");
        ApiChecks.assertArmError(f.admin("PATCH", TOKENS + "/owner-a" + TV, tokenBody("Reader", null)), 405, "MethodNotAllowed");
        assertThat(names(f.admin("GET", TOKENS + TV, null))).isEqualTo(before);
        assertThat(f.as(ownerA, "GET", TOKENS + "/owner-a" + TV, null).status()).as("the existing owner-a still works").isEqualTo(200);
    }

    @Test
    void aDeletedTokenIsRefusedAtOnceAndAnOwnerMayDeleteItself() {
        String gone = f.mint("gone-" + SUFFIX, "Reader", RG_A);
        assertThat(f.as(gone, "GET", RG_A + "/resources" + RV, null).status()).as("works before").isEqualTo(404);
        assertThat(f.admin("DELETE", TOKENS + "/gone-" + SUFFIX + TV, null).status()).isEqualTo(200);
        ApiChecks.assertArmError(f.as(gone, "GET", RG_A + "/resources" + RV, null), 401, "AuthenticationFailed");
        assertThat(f.admin("DELETE", TOKENS + "/gone-" + SUFFIX + TV, null).status()).as("already gone").isEqualTo(204);

        String self = f.mint("self-" + SUFFIX, "Owner", RG_A);
        assertThat(f.as(self, "DELETE", TOKENS + "/self-" + SUFFIX + TV, null).status()).isEqualTo(200);
        ApiChecks.assertArmError(f.as(self, "GET", TOKENS + TV, null), 401, "AuthenticationFailed");
    }

    /**
     * Sent byte for byte on a fresh connection: the JDK's HttpClient, reusing a connection, was seen to send an earlier
     * Authorization value instead of one differing from it only in case.
     */
    @Test
    void malformedOrAlteredTokensAre401() {
        String value = f.tokens.get("reader-a");
        String otherSecret = value.substring(0, value.lastIndexOf('.') + 1) + "A".repeat(43);
        for (String bad : List.of("sb.", value + "x", value.substring(0, value.length() - 1), otherSecret, value.toUpperCase(),
                "sb.bootstrap." + "A".repeat(43), "x".repeat(300), value.replace("sb.", "sb.."))) {
            ApiChecks.RawAnswer a = ApiChecks.raw(f.sb.server(), "GET", RG_A + RV, "Bearer " + bad, null);
            ApiChecks.assertArmError(a, 401, "AuthenticationFailed");
            assertThat(a.body()).doesNotContain(value.substring(16));
        }
        assertThat(ApiChecks.raw(f.sb.server(), "GET", RG_A + RV, "Bearer " + value, null).status()).as("the real one").isEqualTo(404);
    }

    @Test
    void theBootstrapTokenCannotBeDeleted() {
        ApiChecks.assertArmError(f.admin("DELETE", TOKENS + "/bootstrap" + TV, null), 409, "BootstrapTokenNotDeletable");
        JsonNode bootstrap = f.admin("GET", TOKENS + "/bootstrap" + TV, null).body();
        assertThat(bootstrap.at("/properties/role").asText()).isEqualTo("Owner");
        assertThat(bootstrap.path("properties").has("scope")).as("everything").isFalse();
    }

    @Test
    void aScopeNeedNotExistYet() {
        String future = SUB + "/resourceGroups/tok-future-" + SUFFIX;
        String value = f.mint("future-" + SUFFIX, "Contributor", future);
        ApiChecks.assertArmError(f.as(value, "GET", future + RV, null), 404, "ResourceGroupNotFound");
        assertThat(f.admin("PUT", future + RV, Map.of("location", "local")).status()).isEqualTo(201);
        assertThat(f.as(value, "PATCH", future + RV, Map.of("tags", Map.of("k", "v"))).status()).isEqualTo(200);
        assertThat(f.admin("DELETE", future + RV, null).status()).isEqualTo(200);
    }

    @Test
    void aDataDirectoryWithAnOldPlainTokenKeepsWorking(@TempDir Path old) throws Exception {
        // What DataDirectory wrote before tokens had ids: 32 random bytes, URL-safe base64.
        byte[] bytes = new byte[32];
        new java.security.SecureRandom().nextBytes(bytes);
        String plain = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Files.writeString(old.resolve("token"), plain + "\n");
        for (int start = 0; start < 2; start++) {
            try (TestServer legacy = TestServer.start(old)) {
                assertThat(legacy.server().token()).isEqualTo(plain);
                TestServer.Answer tokens = legacy.call("GET", TOKENS + TV, null);
                assertThat(tokens.status()).as(tokens.raw().body()).isEqualTo(200);
                assertThat(tokens.body().at("/value/0/properties/tokenId").asText()).isEqualTo("bootstrap");
                assertThat(tokens.body().path("value")).hasSize(1);
                assertThat(tokens.raw().body()).doesNotContain(plain);
            }
        }
        assertThat(Files.readString(old.resolve("token")).trim()).isEqualTo(plain);
    }

    @Test
    void aNewDataDirectoryGetsAnIdentifiedBootstrapToken() throws Exception {
        assertThat(f.admin()).matches("sb\\.[a-z0-9]{12}\\.[A-Za-z0-9_-]{43}");
        assertThat(Files.readString(data.resolve("token")).trim()).isEqualTo(f.admin());
        assertThat(f.admin("GET", TOKENS + "/bootstrap" + TV, null).body().at("/properties/tokenId").asText())
                .isEqualTo(f.admin().substring(3, 15));
    }

    static List<String> names(TestServer.Answer list) {
        assertThat(list.status()).as(list.raw().body()).isEqualTo(200);
        List<String> out = new ArrayList<>();
        list.body().path("value").forEach(t -> out.add(t.path("name").asText()));
        return out;
    }
}
