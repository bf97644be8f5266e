package dev.switchboard.providers.redis;

import dev.switchboard.core.failure.TerminalFailure;
import dev.switchboard.core.failure.TransientFailure;
import dev.switchboard.core.kinds.redis.RedisKind;
import dev.switchboard.core.linker.ValidationItem;
import dev.switchboard.core.secret.Secret;
import dev.switchboard.core.target.AccessScope;
import dev.switchboard.core.target.ApplyResult;
import dev.switchboard.core.target.ObservedLogin;
import dev.switchboard.core.target.TargetEndpoint;
import dev.switchboard.core.target.TargetStep.EnsureLogin;
import dev.switchboard.core.target.TargetStep.GrantAccess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import static dev.switchboard.providers.redis.RedisTestSupport.ADMIN;
import static dev.switchboard.providers.redis.RedisTestSupport.as;
import static dev.switchboard.providers.redis.RedisTestSupport.field;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The provider against the machine's Redis: what the server itself reports after each step, and what the login can and cannot do. */
class RedisProviderTest {
    private static final String PREFIX = RedisTestSupport.prefix();
    private static final RedisProvider provider = new RedisProvider(Duration.ofSeconds(3));
    private static Set<String> usersBefore;

    private final String login = PREFIX + "_app";
    private final AccessScope.Keys scope = new AccessScope.Keys(PREFIX + ":app:*", PREFIX + ":chan:*", RedisKind.DEFAULT_COMMANDS);

    @BeforeAll
    static void remember() {
        usersBefore = RedisTestSupport.users();
    }

    @AfterEach
    void clean() {
        RedisTestSupport.dropEverything(PREFIX);
        assertThat(RedisTestSupport.users(PREFIX)).isEmpty();
    }

    @AfterAll
    static void leftAsFound() {
        assertThat(RedisTestSupport.users()).isEqualTo(usersBefore);
    }

    @Test
    void roundTripAsTheServerReportsIt() {
        assertThat(provider.observe(ADMIN, login, scope)).isEqualTo(ObservedLogin.absent(login));

        assertThat(provider.apply(ADMIN, new EnsureLogin(login, Secret.of("first pw")))).isEqualTo(ApplyResult.CREATED);
        assertThat(RedisTestSupport.users(PREFIX)).containsExactly(login);
        ObservedLogin created = provider.observe(ADMIN, login, scope);
        assertThat(created.attributes()).containsExactly("ON");
        assertThat(created.grants()).isEmpty();
        assertThat(field(login, "passwords")).isEqualTo(RedisProvider.sha256Hex("first pw"));
        assertThat(provider.apply(ADMIN, new EnsureLogin(login, Secret.of("first pw")))).isEqualTo(ApplyResult.NOOP);

        assertThat(provider.apply(ADMIN, new GrantAccess(login, scope))).isEqualTo(ApplyResult.CREATED);
        assertThat(field(login, "keys")).isEqualTo("~" + PREFIX + ":app:*");
        assertThat(field(login, "channels")).isEqualTo("&" + PREFIX + ":chan:*");
        assertThat(field(login, "commands")).isEqualTo("+@all -@dangerous");   // Redis's own normal form of the rules
        ObservedLogin granted = provider.observe(ADMIN, login, scope);
        assertThat(granted.grants()).containsExactlyInAnyOrderElementsOf(provider.requiredGrants(scope));
        assertThat(provider.apply(ADMIN, new GrantAccess(login, scope))).isEqualTo(ApplyResult.NOOP);

        assertThat(provider.validate(ADMIN, scope, login, Secret.of("first pw"))).extracting(ValidationItem::name, ValidationItem::result)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("TargetReachable", ValidationItem.Result.SUCCESS),
                        org.assertj.core.groups.Tuple.tuple("CredentialsLogIn", ValidationItem.Result.SUCCESS),
                        org.assertj.core.groups.Tuple.tuple("CanReadWrite", ValidationItem.Result.SUCCESS));

        assertThat(provider.apply(ADMIN, new EnsureLogin(login, Secret.of("second pw")))).isEqualTo(ApplyResult.UPDATED);
        assertThatThrownBy(() -> as(login, "first pw").close()).isInstanceOf(JedisException.class);
        try (Jedis j = as(login, "second pw")) {
            assertThat(j.aclWhoAmI()).isEqualTo(login);
        }
        assertThat(provider.observe(ADMIN, login, scope).grants()).containsAll(provider.requiredGrants(scope));

        assertThat(provider.revert(ADMIN, new GrantAccess(login, scope))).isEqualTo(ApplyResult.DELETED);
        assertThat(field(login, "keys")).isEmpty();
        assertThat(field(login, "channels")).isEmpty();
        assertThat(field(login, "commands")).isEqualTo("-@all");
        assertThat(provider.observe(ADMIN, login, scope).grants()).isEmpty();
        try (Jedis j = as(login, "second pw")) {
            assertThatThrownBy(() -> j.get(PREFIX + ":app:x")).isInstanceOf(JedisDataException.class).hasMessageContaining("NOPERM");
        }
        assertThat(provider.revert(ADMIN, new GrantAccess(login, scope))).isEqualTo(ApplyResult.NOOP);

        assertThat(provider.revert(ADMIN, new EnsureLogin(login, Secret.of("second pw")))).isEqualTo(ApplyResult.DELETED);
        assertThat(RedisTestSupport.users(PREFIX)).isEmpty();
        assertThat(provider.revert(ADMIN, new EnsureLogin(login, Secret.of("second pw")))).isEqualTo(ApplyResult.NOOP);
        assertThat(provider.revert(ADMIN, new GrantAccess(login, scope))).isEqualTo(ApplyResult.NOOP);
    }

    @Test
    void theLoginCanUseItsKeysAndNothingElse() {
        provider.apply(ADMIN, new EnsureLogin(login, Secret.of("pw")));
        provider.apply(ADMIN, new GrantAccess(login, scope));
        try (Jedis j = as(login, "pw")) {
            j.set(PREFIX + ":app:k", "v");
            assertThat(j.get(PREFIX + ":app:k")).isEqualTo("v");
            assertThat(j.del(PREFIX + ":app:k")).isEqualTo(1);
            j.publish(PREFIX + ":chan:news", "hello");
            assertNoPerm(() -> j.set(PREFIX + ":other:k", "v"));
            assertNoPerm(() -> j.get("some-app-key"));
            assertNoPerm(() -> j.publish("elsewhere", "x"));
            assertNoPerm(() -> j.configGet("maxmemory"));
            assertNoPerm(() -> j.flushAll());
            assertNoPerm(() -> j.aclSetUser(PREFIX + "_evil", "on", "nopass", "+@all", "~*"));
            assertNoPerm(() -> j.keys("*"));
        }
        assertThat(RedisTestSupport.users(PREFIX)).containsExactly(login);
    }

    private static void assertNoPerm(Runnable r) {
        assertThatThrownBy(r::run).isInstanceOf(JedisDataException.class).hasMessageStartingWith("NOPERM");
    }

    @Test
    void aChangedScopeOrDriftIsPutBackExactly() {
        provider.apply(ADMIN, new EnsureLogin(login, Secret.of("pw")));
        provider.apply(ADMIN, new GrantAccess(login, scope));
        try (Jedis j = RedisTestSupport.admin()) {
            j.aclSetUser(login, "~" + PREFIX + ":extra:*", "+flushall");   // someone widened it by hand
        }
        ObservedLogin drifted = provider.observe(ADMIN, login, scope);
        assertThat(drifted.grants()).contains("KEYS:" + PREFIX + ":extra:*").doesNotContain("COMMANDS:+@all -@admin -@dangerous");
        assertThat(provider.apply(ADMIN, new GrantAccess(login, scope))).isEqualTo(ApplyResult.UPDATED);
        assertThat(provider.observe(ADMIN, login, scope).grants()).containsExactlyInAnyOrderElementsOf(provider.requiredGrants(scope));

        AccessScope.Keys narrower = new AccessScope.Keys(PREFIX + ":v2:*", PREFIX + ":v2:*", List.of("+@read"));
        assertThat(provider.apply(ADMIN, new GrantAccess(login, narrower))).isEqualTo(ApplyResult.UPDATED);
        assertThat(provider.observe(ADMIN, login, narrower).grants())
                .containsExactlyInAnyOrder("KEYS:" + PREFIX + ":v2:*", "CHANNELS:" + PREFIX + ":v2:*", "COMMANDS:+@read");
        try (Jedis j = as(login, "pw")) {
            assertThat(j.get(PREFIX + ":v2:k")).isNull();
            assertNoPerm(() -> j.set(PREFIX + ":v2:k", "v"));
        }
    }

    @Test
    void theClearPasswordNeverReachesTheServerOrItsAclList() {
        String password = "clear-text-" + PREFIX;
        provider.apply(ADMIN, new EnsureLogin(login, Secret.of(password)));
        assertThat(RedisTestSupport.aclLines(login)).singleElement().asString()
                .contains("#" + RedisProvider.sha256Hex(password)).doesNotContain(password);
    }

    @Test
    void validateReportsAWrongPasswordWithoutLeakingIt() {
        provider.apply(ADMIN, new EnsureLogin(login, Secret.of("right")));
        provider.apply(ADMIN, new GrantAccess(login, scope));
        List<ValidationItem> items = provider.validate(ADMIN, scope, login, Secret.of("wrong-secret-value"));
        assertThat(items).extracting(ValidationItem::name).containsExactly("TargetReachable", "CredentialsLogIn", "CanReadWrite");
        assertThat(items.get(1).errorCode()).isEqualTo("AuthenticationFailed");
        assertThat(items.get(2).errorCode()).isEqualTo("Skipped");
        assertThat(items.toString()).doesNotContain("wrong-secret-value", "right");
    }

    @Test
    void validateWithoutAWildcardOnlyReads() {
        AccessScope.Keys literal = new AccessScope.Keys(PREFIX + ":counter", "*", RedisKind.DEFAULT_COMMANDS);
        provider.apply(ADMIN, new EnsureLogin(login, Secret.of("pw")));
        provider.apply(ADMIN, new GrantAccess(login, literal));
        List<ValidationItem> items = provider.validate(ADMIN, literal, login, Secret.of("pw"));
        assertThat(items.get(2).result()).isEqualTo(ValidationItem.Result.WARNING);
        assertThat(items.get(2).errorCode()).isEqualTo("WriteNotChecked");
        assertThat(RedisValidation.keyFor("app:*")).matches("app:switchboard-validate:[0-9a-f]{16}");
        assertThat(RedisValidation.keyFor("*")).matches("switchboard-validate:[0-9a-f]{16}");
        assertThat(RedisValidation.keyFor("a?b*c*")).matches("axbswitchboard-validate:[0-9a-f]{16}c");
    }

    @Test
    void validateAsALoginWithoutKeysReportsPermissionDenied() {
        provider.apply(ADMIN, new EnsureLogin(login, Secret.of("pw")));
        try (Jedis j = RedisTestSupport.admin()) {
            j.aclSetUser(login, "+@all", "-@dangerous");    // commands, but no key pattern
        }
        List<ValidationItem> items = provider.validate(ADMIN, scope, login, Secret.of("pw"));
        assertThat(items.get(1).passed()).isTrue();
        assertThat(items.get(2).errorCode()).isEqualTo("PermissionDenied");
    }

    @Test
    void aWrongAdminPasswordIsATerminalFailureNamingTheTarget() {
        String admin = PREFIX + "_admin";
        try (Jedis j = RedisTestSupport.admin()) {
            j.aclSetUser(admin, "on", ">admin-secret", "~*", "&*", "+@all");
        }
        TargetEndpoint right = RedisTestSupport.endpoint(admin, "admin-secret");
        provider.checkAdmin(right);
        assertThat(provider.apply(right, new EnsureLogin(login, Secret.of("pw")))).isEqualTo(ApplyResult.CREATED);

        TargetEndpoint wrong = RedisTestSupport.endpoint(admin, "wrong-admin-secret");
        TerminalFailure f = catchThrowableOfType(TerminalFailure.class, () -> provider.checkAdmin(wrong));
        assertThat(f).isNotNull();
        assertThat(f.status()).isEqualTo(400);
        assertThat(f.code()).isEqualTo("TargetAuthenticationFailed");
        assertThat(f.target()).isEqualTo("properties.administratorLogin");
        assertThat(f.getMessage()).contains("Redis at 127.0.0.1:6379", admin).doesNotContain("wrong-admin-secret", "admin-secret");
        TerminalFailure g = catchThrowableOfType(TerminalFailure.class, () -> provider.apply(wrong, new EnsureLogin(login, Secret.of("pw"))));
        assertThat(g.code()).isEqualTo("TargetAuthenticationFailed");

        String weak = PREFIX + "_weak";
        try (Jedis j = RedisTestSupport.admin()) {
            j.aclSetUser(weak, "on", ">weak-secret", "~*", "+@read");
        }
        TerminalFailure h = catchThrowableOfType(TerminalFailure.class, () -> provider.checkAdmin(RedisTestSupport.endpoint(weak, "weak-secret")));
        assertThat(h.code()).isEqualTo("TargetAdminNotAuthorized");
        assertThat(h.getMessage()).doesNotContain("weak-secret");

        TerminalFailure own = catchThrowableOfType(TerminalFailure.class, () -> provider.apply(right, new EnsureLogin(admin, Secret.of("x"))));
        assertThat(own.code()).isEqualTo("LoginConflict");
        assertThat(own.status()).isEqualTo(409);
    }

    @Test
    void anUnreachablePortIsATransientFailure() throws Exception {
        int port = RedisTestSupport.freePort();
        TargetEndpoint nowhere = new TargetEndpoint("127.0.0.1", port, "default", Secret.of("unreachable-secret"), null);
        TransientFailure f = catchThrowableOfType(TransientFailure.class, () -> provider.checkAdmin(nowhere));
        assertThat(f).isNotNull();
        assertThat(f.getMessage()).contains("Redis at 127.0.0.1:" + port).doesNotContain("unreachable-secret");
        assertThatThrownBy(() -> provider.apply(nowhere, new EnsureLogin(login, Secret.of("pw")))).isInstanceOf(TransientFailure.class);
        List<ValidationItem> items = provider.validate(nowhere, scope, login, Secret.of("pw"));
        assertThat(items).extracting(ValidationItem::errorCode).containsExactly("TargetUnreachable", "Skipped", "Skipped");
    }

    @Test
    void builtInAndAdministrativeUsersAreNeverTouched() {
        TerminalFailure d = catchThrowableOfType(TerminalFailure.class, () -> provider.apply(ADMIN, new EnsureLogin("default", Secret.of("x"))));
        assertThat(d.status()).isEqualTo(400);
        assertThat(d.code()).isEqualTo("InvalidLoginName");
        assertThatThrownBy(() -> provider.revert(ADMIN, new EnsureLogin("default", Secret.of("x")))).isInstanceOf(TerminalFailure.class);

        String other = PREFIX + "_ops";
        try (Jedis j = RedisTestSupport.admin()) {
            j.aclSetUser(other, "on", ">ops", "~*", "+@all");
        }
        for (Runnable r : List.<Runnable>of(() -> provider.apply(ADMIN, new EnsureLogin(other, Secret.of("x"))),
                () -> provider.revert(ADMIN, new EnsureLogin(other, Secret.of("x"))),
                () -> provider.apply(ADMIN, new GrantAccess(other, scope)),
                () -> provider.revert(ADMIN, new GrantAccess(other, scope)))) {
            TerminalFailure f = catchThrowableOfType(TerminalFailure.class, r::run);
            assertThat(f.code()).isEqualTo("LoginConflict");
        }
        assertThat(field(other, "passwords")).isEqualTo(RedisProvider.sha256Hex("ops"));
        assertThat(field(other, "commands")).isEqualTo("+@all");
        assertThat(field("default", "flags")).contains("on");
    }

    @Test
    void theServerIsAskedWhetherRulesWouldAdministerIt() {
        try (Jedis j = RedisTestSupport.admin()) {
            assertThat(RedisAclSnapshot.read(j, "nobody-" + PREFIX, List.of("+@all")).rulesAreAdmin()).isTrue();
            assertThat(RedisAclSnapshot.read(j, "nobody-" + PREFIX, List.of("+@all", "-@admin")).rulesAreAdmin()).isFalse();
            assertThat(RedisAclSnapshot.read(j, "nobody-" + PREFIX, List.of("+@read", "+acl|setuser")).rulesAreAdmin()).isTrue();
        }
        assertThat(RedisTestSupport.users().stream().filter(u -> u.startsWith("sb-scratch-"))).isEmpty();
    }

    @Test
    void grantingAnAbsentLoginIsNotFound() {
        TerminalFailure f = catchThrowableOfType(TerminalFailure.class, () -> provider.apply(ADMIN, new GrantAccess(login, scope)));
        assertThat(f.status()).isEqualTo(404);
        assertThat(RedisTestSupport.users(PREFIX)).isEmpty();
    }
}
