package dev.switchboard.providers.redis;

import dev.switchboard.core.failure.TerminalFailure;
import dev.switchboard.core.id.ResourceId;
import dev.switchboard.core.kinds.redis.RedisKind;
import dev.switchboard.core.secret.Secret;
import dev.switchboard.core.target.AccessScope;
import dev.switchboard.core.target.ApplyResult;
import dev.switchboard.core.target.TargetStep.EnsureLogin;
import dev.switchboard.core.target.TargetStep.GrantAccess;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Protocol.Command;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import static dev.switchboard.providers.redis.RedisTestSupport.ADMIN;
import static dev.switchboard.providers.redis.RedisTestSupport.field;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Names, patterns, rules and passwords built from the pieces that could break an ACL rule (spaces, newlines, NUL,
 * quotes, backslashes, rule prefixes {@code > < # ! % ~ & + - @}, keywords such as {@code on}, {@code nopass},
 * {@code allkeys}, unicode, great lengths) are either refused with a 400 by the kind, or reach Redis as exactly one
 * ACL token; afterwards the server's user list holds nothing this run did not expect, and the test login holds no
 * more than it was given. Injection attempts name users with this run's prefix, so a success would show up.
 */
class RedisHostileNamesTest {
    private static final String PREFIX = RedisTestSupport.prefix();
    private static final String LOGIN = PREFIX + "_target";
    private static final RedisProvider provider = new RedisProvider(Duration.ofSeconds(3));
    private static final RedisKind kind = new RedisKind();
    private static final ResourceId TARGET = ResourceId.parse(
            "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Cache/redis/cache");
    /** The specification the kind implements, written out independently here. */
    private static final Pattern USER_SPEC = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}");
    private static final Set<String> KEYWORDS = Set.of("default", "on", "off", "nopass", "reset", "resetpass", "resetkeys",
            "resetchannels", "allkeys", "allchannels", "allcommands", "nocommands", "sanitize-payload", "skip-sanitize-payload",
            "clearselectors");
    private static Set<String> usersBefore;

    @BeforeContainer
    static void createTarget() {
        usersBefore = RedisTestSupport.users();
        provider.apply(ADMIN, new EnsureLogin(LOGIN, Secret.of("pw")));
    }

    @AfterContainer
    static void dropEverything() {
        RedisTestSupport.dropEverything(PREFIX);
        assertThat(RedisTestSupport.users()).isEqualTo(usersBefore);
    }

    private static List<String> pieces() {
        return List.of("a", "Z", "9", "_", ".", "-", ":", "*", "?", " ", "\t", "\n", "\r\n", "\0", "'", "\"", "\\", ">", "<",
                "#", "!", "%", "%R~", "~", "&", "+", "@", "|", "{", "}", "[", "]", "/", "=", ",", ";", "é", "日本", "\uD83D\uDE00",
                "\u00A0", "\u200D", "on", "off", "nopass", "allkeys", "reset", "+@all", " ~* +@all",
                " on >pw ~* +@all", "\n" + "ACL SETUSER " + PREFIX + "_inj on nopass +@all", "x".repeat(70));
    }

    private static Arbitrary<String> body() {
        return Arbitraries.of(pieces()).list().ofMinSize(1).ofMaxSize(6).map(l -> String.join("", l));
    }

    @Provide
    Arbitrary<String> names() {
        Arbitrary<String> prefixed = body().map(b -> PREFIX + b);
        Arbitrary<String> leading = Arbitraries.of(">", "<", "#", "!", "%", "~", "&", "+", "-", "@", ".", " ", "\n").flatMap(m -> body().map(b -> m + PREFIX + b));
        Arbitrary<String> keyword = Arbitraries.of(KEYWORDS).map(k -> Math.random() < 0.5 ? k : k.toUpperCase());
        return Arbitraries.frequencyOf(Tuple.of(7, prefixed), Tuple.of(2, leading), Tuple.of(1, keyword));
    }

    @Property(tries = 60)
    void loginNamesAreRefusedOrStoredExactly(@ForAll("names") String name) {
        Set<String> before = RedisTestSupport.users();
        EnsureLogin step = new EnsureLogin(name, Secret.of("pw"));
        boolean refuse = !USER_SPEC.matcher(name).matches() || KEYWORDS.contains(name.toLowerCase(java.util.Locale.ROOT));
        Statistics.collect(refuse ? "refused" : "created");
        if (refuse) {
            TerminalFailure f = catchThrowableOfType(TerminalFailure.class, () -> provider.apply(ADMIN, step));
            assertThat(f).as("refused: %s", name).isNotNull();
            assertThat(f.status()).isEqualTo(400);
            assertThat(f.code()).isEqualTo("InvalidLoginName");
            assertThat(catchThrowableOfType(TerminalFailure.class, () -> kind.checkLogin(name)).code()).isEqualTo("InvalidLoginName");
        } else {
            assertThat(provider.apply(ADMIN, step)).isEqualTo(ApplyResult.CREATED);
            Set<String> expected = new TreeSet<>(before);
            expected.add(name);
            assertThat(RedisTestSupport.users()).isEqualTo(expected);
            assertThat(field(name, "flags")).isEqualTo("on");
            assertThat(field(name, "commands")).isEqualTo("-@all");
            assertThat(provider.revert(ADMIN, step)).isEqualTo(ApplyResult.DELETED);
        }
        assertThat(RedisTestSupport.users()).isEqualTo(before);
    }

    @Provide
    Arbitrary<String> patterns() {
        Arbitrary<String> prefixed = body().map(b -> PREFIX + ":" + b);
        Arbitrary<String> bare = body();
        return Arbitraries.frequencyOf(Tuple.of(3, prefixed), Tuple.of(1, bare));
    }

    @Property(tries = 60)
    void patternsAreRefusedOrBecomeExactlyOneToken(@ForAll("patterns") String pattern) {
        Map<String, Object> access = Map.of("keyPattern", pattern, "channelPattern", pattern);
        AccessScope scope;
        try {
            scope = kind.scope(TARGET, access, "conn");
        } catch (TerminalFailure f) {
            Statistics.collect("refused");
            assertThat(f.status()).isEqualTo(400);
            assertThat(f.code()).isEqualTo("InvalidAccess");
            assertThat(f.target()).isEqualTo("properties.access.keyPattern");
            assertThat(pattern).matches(p -> !p.matches("[A-Za-z0-9_:{*?][A-Za-z0-9_:.\\-/{}*?]{0,199}"), "outside the allowed glob");
            return;
        }
        Statistics.collect("granted");
        assertThat(provider.apply(ADMIN, new GrantAccess(LOGIN, scope))).isIn(ApplyResult.CREATED, ApplyResult.UPDATED);
        assertThat(field(LOGIN, "keys")).isEqualTo("~" + pattern);
        assertThat(field(LOGIN, "channels")).isEqualTo("&" + pattern);
        assertThat(field(LOGIN, "commands")).isEqualTo("+@all -@dangerous");
        assertThat(field(LOGIN, "passwords")).isEqualTo(RedisProvider.sha256Hex("pw"));
        assertThat(provider.observe(ADMIN, LOGIN, scope).grants()).containsExactlyInAnyOrderElementsOf(provider.requiredGrants(scope));
        assertThat(RedisTestSupport.users(PREFIX)).containsExactly(LOGIN);
        assertThat(provider.revert(ADMIN, new GrantAccess(LOGIN, scope))).isEqualTo(ApplyResult.DELETED);
    }

    @Provide
    Arbitrary<List<String>> rules() {
        List<String> pieces = List.of("+@all", "-@admin", "-@dangerous", "+@read", "+@write", "-@all", "+get", "+set", "-flushall",
                "+config|get", "+client|list", "+@admin", "+@dangerous", "+acl", "+config", "+acl|setuser", "+GET", "+get\n",
                "+@all ~*", "allkeys", "~*", ">pw", "nopass", "on", "reset", "", " ", "+", "-@", "+@", "+a|b|c", "+bgsave",
                "#" + RedisProvider.sha256Hex("x"), "&*", "%R~*", "+@read\0");
        return Arbitraries.of(pieces).list().ofMinSize(1).ofMaxSize(5);
    }

    @Property(tries = 60)
    void ruleListsAreRefusedOrGrantNoAdministration(@ForAll("rules") List<String> rules) {
        AccessScope scope;
        try {
            scope = kind.scope(TARGET, Map.of("keyPattern", PREFIX + ":*", "commands", rules), "conn");
        } catch (TerminalFailure f) {
            Statistics.collect("refused by the kind");
            assertThat(f.status()).isEqualTo(400);
            assertThat(f.target()).isEqualTo("properties.access.commands");
            return;
        }
        try {
            provider.apply(ADMIN, new GrantAccess(LOGIN, scope));
            Statistics.collect("granted");
        } catch (TerminalFailure f) {
            Statistics.collect("refused by the server check");
            assertThat(f.code()).isEqualTo("InvalidAccess");
        }
        assertThat(field(LOGIN, "keys")).isIn("", "~" + PREFIX + ":*");
        assertThat(field(LOGIN, "passwords")).isEqualTo(RedisProvider.sha256Hex("pw"));
        assertThat(field(LOGIN, "flags")).isEqualTo("on");
        try (Jedis j = RedisTestSupport.admin()) {
            for (List<String> probe : RedisAclSnapshot.ADMIN_PROBES) {
                List<String> args = new java.util.ArrayList<>(List.of("DRYRUN", LOGIN));
                args.addAll(probe);
                Object reply = catchOrReply(() -> j.sendCommand(Command.ACL, args.toArray(String[]::new)));
                assertThat(RedisUser.text(reply)).as("%s may run %s", rules, probe).isNotEqualTo("OK");
            }
        }
        assertThat(RedisTestSupport.users(PREFIX)).containsExactly(LOGIN);
        provider.revert(ADMIN, new GrantAccess(LOGIN, scope));
    }

    private static Object catchOrReply(java.util.function.Supplier<Object> call) {
        try {
            return call.get();
        } catch (RuntimeException e) {
            return e.getMessage();
        }
    }

    @Provide
    Arbitrary<String> passwords() {
        List<String> pieces = List.of("a", "Z", "9", "'", "\"", "\\", ";", ",", " ", "\t", "\n", ">", "<", "#", "~", "&", "%",
                "nopass", "resetpass", "é", "e\u0301", "\uFB01", "\u00A0", "\u200D", "\uD83D\uDE00", "日本", "\u0085", "\uE000",
                "\u2028", "\0", "\uD800", "x".repeat(300));
        return Arbitraries.of(pieces).list().ofMinSize(1).ofMaxSize(8).map(l -> String.join("", l));
    }

    /**
     * The provider's {@code #hash} must equal what Redis computes for {@code >password} itself, and the password
     * must then log in; NUL and unpaired surrogates are refused (they would not survive every client).
     */
    @Property(tries = 50)
    void passwordsHashLikeRedisAndLogIn(@ForAll("passwords") String password) {
        boolean refuse = password.indexOf('\0') >= 0 || password.contains("\uD800");   // the only unpaired surrogate piece
        Statistics.collect(refuse ? "refused" : "set");
        if (refuse) {
            TerminalFailure f = catchThrowableOfType(TerminalFailure.class,
                    () -> provider.apply(ADMIN, new EnsureLogin(LOGIN, Secret.of(password))));
            assertThat(f.code()).isEqualTo("InvalidPassword");
            assertThat(f.getMessage()).doesNotContain(password);
            return;
        }
        try (Jedis j = RedisTestSupport.admin()) {
            j.aclSetUser(LOGIN, "resetpass", ">" + password);
        }
        String byRedis = field(LOGIN, "passwords");
        assertThat(provider.apply(ADMIN, new EnsureLogin(LOGIN, Secret.of(password)))).isIn(ApplyResult.NOOP, ApplyResult.UPDATED);
        assertThat(field(LOGIN, "passwords")).isEqualTo(byRedis).isEqualTo(RedisProvider.sha256Hex(password));
        try (Jedis j = RedisTestSupport.as(LOGIN, password)) {
            assertThat(RedisUser.text(j.sendCommand(Command.ACL, "WHOAMI"))).isEqualTo(LOGIN);
        } catch (RuntimeException e) {
            // a login without commands cannot run ACL WHOAMI; being authenticated is what counts
            assertThat(e.getMessage()).startsWith("NOPERM");
        }
        provider.apply(ADMIN, new EnsureLogin(LOGIN, Secret.of("pw")));
    }
}
