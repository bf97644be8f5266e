package dev.switchboard.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every endpoint family × role (Reader, Contributor, Owner, each scoped to resource group A) × where the target is
 * (inside A, or in B outside the scope): the expected answer is ALLOW, 403 or the 404 of a missing resource. An
 * allowed write is checked to have happened; a refused one to have changed nothing.
 */
class AccessControlTest {
    static final String SUFFIX = ApiChecks.suffix();
    static final List<String> ROLES = List.of("Reader", "Contributor", "Owner");
    @TempDir
    static Path data;
    static AccessFixture f;
    static AccessWorld world;

    enum Side { INSIDE, OUTSIDE }

    enum Kind { READ, WRITE, SECRETS, TENANT }

    enum Expect { ALLOW, FORBIDDEN, NOT_FOUND }

    /** The table under test, written out rather than computed from the policy. */
    static Expect expected(Kind kind, String role, Side side) {
        if (kind == Kind.TENANT) return Expect.ALLOW;
        if (side == Side.OUTSIDE) return Expect.NOT_FOUND;
        return kind == Kind.READ || !role.equals("Reader") ? Expect.ALLOW : Expect.FORBIDDEN;
    }

    @BeforeAll
    static void start() {
        f = new AccessFixture(data);
        world = new AccessWorld(SUFFIX);
        world.build(f);
        for (String role : ROLES) f.mint(role.toLowerCase() + "-a", role, world.a.id());
    }

    @AfterAll
    static void stop() throws Exception {
        if (f != null) f.finish(() -> world.tearDown(f));
    }

    /** One case: a role's token, a side, what is expected; helpers pick the side's resources and check answers. */
    record Case(String role, Side side, Expect expect) {
        AccessWorld.Group group() {
            return side == Side.INSIDE ? world.a : world.b;
        }

        String token() {
            return f.tokens.get(role.toLowerCase() + "-a");
        }

        TestServer.Answer call(String method, String path, Object body) {
            return f.as(token(), method, path, body);
        }

        boolean allowed() {
            return expect == Expect.ALLOW;
        }

        /** The answer is {@code okStatus}, or the 403 naming the role needed, or the 404 with {@code notFoundCode}. */
        void check(TestServer.Answer a, int okStatus, String notFoundCode) {
            switch (expect) {
                case ALLOW -> assertThat(a.status()).as("%s: %s", this, a.raw().body()).isEqualTo(okStatus);
                case FORBIDDEN -> ApiChecks.assertArmError(a, 403, "AuthorizationFailed", "Contributor");
                case NOT_FOUND -> ApiChecks.assertArmError(a, 404, notFoundCode);
            }
        }
    }

    record Probe(String name, Kind kind, java.util.function.Consumer<Case> run) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (Probe p : AccessProbes.ALL) {
            for (String role : ROLES) {
                for (Side side : Side.values()) out.add(Arguments.of(p, role, side));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} as {1} {2}")
    @MethodSource("cases")
    void familyByRoleByScope(Probe probe, String role, Side side) {
        probe.run().accept(new Case(role, side, expected(probe.kind(), role, side)));
    }

    // ---- helpers the probes share

    static String etag(String id, String version) {
        return f.admin("GET", id + version, null).body().path("etag").asText();
    }

    static void assertGone(String id, String version) {
        assertThat(f.admin("GET", id + version, null).status()).as("%s exists", id).isEqualTo(404);
    }

    static List<String> ids(TestServer.Answer list) {
        List<String> out = new ArrayList<>();
        list.body().path("value").forEach(item -> out.add(item.path("id").asText()));
        return out;
    }

    static JsonNode awaitAs(Case c, TestServer.Answer accepted) {
        return f.await(c.token(), accepted);
    }

    static String fresh(Case c, String what) {
        return what + c.role().substring(0, 1).toLowerCase() + SUFFIX;
    }
}
