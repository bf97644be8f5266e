package dev.switchboard.providers.rabbitmq;

import dev.switchboard.core.json.JsonText;
import com.rabbitmq.client.Connection;
import dev.switchboard.core.failure.TerminalFailure;
import dev.switchboard.core.kinds.rabbitmq.RabbitMqKind;
import dev.switchboard.core.linker.ValidationItem;
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

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static dev.switchboard.providers.rabbitmq.RabbitTestSupport.ADMIN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * User and vhost names and passwords built from pieces that break naive URLs, JSON, AMQP URIs and permission
 * patterns (quotes, backslashes, NUL, newlines, {@code / % * > # + : @ ?}, spaces, unicode, great length) are either
 * refused with a 400 by the kind's rules or stored exactly: RabbitMQ's own user and vhost lists then hold that exact
 * name and nothing else new, and the user really logs in over AMQP. Every name contains this run's prefix.
 */
class RabbitMqHostileNamesTest {
    private static final String PREFIX = RabbitTestSupport.prefix();
    private static final String VHOST = PREFIX + "_hostile";
    private static final String FIXED_LOGIN = PREFIX + "_fixed";
    private static final String FIXED_PASSWORD = "fixed-" + PREFIX;
    private static final RabbitMqProvider provider = new RabbitMqProvider(Duration.ofSeconds(3));
    private static final RabbitMqKind kind = new RabbitMqKind();

    @BeforeContainer
    static void setUp() throws Exception {
        RabbitTestSupport.ensureManagement();
        provider.ensureDatabase(ADMIN, VHOST);
        provider.apply(ADMIN, new EnsureLogin(FIXED_LOGIN, Secret.of(FIXED_PASSWORD)));
    }

    @AfterContainer
    static void deleteEverything() throws Exception {
        RabbitTestSupport.deleteEverything(PREFIX);
        provider.close();
        assertThat(RabbitTestSupport.userNames(PREFIX)).isEmpty();
        assertThat(RabbitTestSupport.vhostNames(PREFIX)).isEmpty();
        assertThat(RabbitTestSupport.permissions(PREFIX)).isEmpty();
    }

    private static List<String> pieces() {
        return List.of("a", "Z", "x1", "\"", "'", ";", " ", "\\", "/", "%", "%2F", "%00", "*", ">", "#", "+", ":", "@", "?",
                "&", "=", "{", "}", "..", ".", "\t", "\n", "\r", "\0", "\u0007", "é", "ß", "日本", "\uD83D\uDE00", "\u00A0",
                "\u200D", "\u2028", "\uFEFF", "\uDC00", "Ω", "\u05D0", "\",\"tags\":\"administrator", "x".repeat(30));
    }

    @Provide
    Arbitrary<String> names() {
        Arbitrary<String> body = Arbitraries.of(pieces()).list().ofMinSize(1).ofMaxSize(6).map(l -> String.join("", l));
        return Arbitraries.frequencyOf(Tuple.of(6, body.map(b -> PREFIX + b)), Tuple.of(3, body.map(b -> b + PREFIX)),
                Tuple.of(1, body.map(b -> b + PREFIX + b)));
    }

    /** The kind's rule restated independently: what must be refused. */
    private static boolean refused(String name) {
        if (name.startsWith(" ") || name.endsWith(" ")) return true;
        if (name.codePointCount(0, name.length()) > 64 || name.getBytes(StandardCharsets.UTF_8).length > 255) return true;
        for (String bad : List.of("\t", "\n", "\r", "\0", "\u0007", "\u00A0", "\u200D", "\u2028", "\uFEFF")) {
            if (name.contains(bad)) return true;
        }
        // An unpaired low surrogate (a high surrogate followed by it would be a pair: the only high one is in the emoji).
        return name.replace("\uD83D\uDE00", "").contains("\uDC00");
    }

    @Property(tries = 40)
    void loginNamesAreRefusedOrStoredExactly(@ForAll("names") String name) throws Exception {
        Set<String> before = RabbitTestSupport.userNames(PREFIX);
        Statistics.collect(refused(name) ? "refused" : "created");
        EnsureLogin ensure = new EnsureLogin(name, Secret.of("pw-" + PREFIX));
        if (refused(name)) {
            assertRefused(() -> kind.checkLogin(name), "InvalidLoginName");
            assertRefused(() -> provider.apply(ADMIN, ensure), "InvalidLoginName");
        } else {
            kind.checkLogin(name);
            AccessScope.Vhost scope = new AccessScope.Vhost(VHOST, ".*", ".*", ".*");
            assertThat(provider.apply(ADMIN, ensure)).isEqualTo(ApplyResult.CREATED);
            assertThat(provider.apply(ADMIN, new GrantAccess(name, scope))).isEqualTo(ApplyResult.CREATED);
            Set<String> expected = new TreeSet<>(before);
            expected.add(name);
            assertThat(RabbitTestSupport.userNames(PREFIX)).isEqualTo(expected);
            assertThat(provider.observe(ADMIN, name, scope).attributes()).isEmpty();
            assertThat(RabbitTestSupport.permissions(PREFIX)).filteredOn(p -> name.equals(p.get("user")))
                    .singleElement().satisfies(p -> assertThat(p.get("vhost")).isEqualTo(VHOST));
            try (Connection c = RabbitTestSupport.amqp(name, "pw-" + PREFIX, VHOST)) {
                assertThat(c.isOpen()).isTrue();
            }
            assertThat(provider.revert(ADMIN, ensure)).isEqualTo(ApplyResult.DELETED);
        }
        assertThat(RabbitTestSupport.userNames(PREFIX)).isEqualTo(before);
    }

    @Property(tries = 25)
    void vhostNamesAreRefusedOrStoredExactly(@ForAll("names") String name) throws Exception {
        Set<String> before = RabbitTestSupport.vhostNames(PREFIX);
        Statistics.collect(refused(name) ? "refused" : "created");
        if (refused(name)) {
            assertRefused(() -> provider.ensureDatabase(ADMIN, name), "InvalidVhostName");
        } else {
            assertThat(provider.ensureDatabase(ADMIN, name)).isEqualTo(ApplyResult.CREATED);
            assertThat(provider.databaseExists(ADMIN, name)).isTrue();
            Set<String> expected = new TreeSet<>(before);
            expected.add(name);
            assertThat(RabbitTestSupport.vhostNames(PREFIX)).isEqualTo(expected);
            AccessScope.Vhost scope = new AccessScope.Vhost(name, ".*", ".*", ".*");
            assertThat(provider.apply(ADMIN, new GrantAccess(FIXED_LOGIN, scope))).isEqualTo(ApplyResult.CREATED);
            List<ValidationItem> items = provider.validate(ADMIN, scope, FIXED_LOGIN, Secret.of(FIXED_PASSWORD));
            assertThat(items).as("validation in vhost %s", name).allSatisfy(i -> assertThat(i.result()).isEqualTo(ValidationItem.Result.SUCCESS));
            assertThat(provider.revert(ADMIN, new GrantAccess(FIXED_LOGIN, scope))).isEqualTo(ApplyResult.DELETED);
            assertThat(provider.dropDatabase(ADMIN, name)).isEqualTo(ApplyResult.DELETED);
        }
        assertThat(RabbitTestSupport.vhostNames(PREFIX)).isEqualTo(before);
        assertThat(RabbitTestSupport.userNames(PREFIX)).containsExactly(FIXED_LOGIN);
    }

    @Provide
    Arbitrary<String> passwords() {
        List<String> pieces = List.of("a", "Z", "9", "'", "\"", "\\", ";", ":", "@", "/", "%", "%2F", "+", " ", "\t", "\n",
                "\u0007", "é", "e\u0301", "\uFB01", "\u00A0", "\u200D", "\uD83D\uDE00", "日本", "ß", "\u2028", "\",\"tags\":\"administrator");
        return Arbitraries.of(pieces).list().ofMinSize(1).ofMaxSize(10).map(l -> String.join("", l));
    }

    /** The stored hash is RabbitMQ-compatible for any text, and the user logs in with exactly that password over AMQP. */
    @Property(tries = 30)
    void anyPasswordIsHashedCompatiblyAndLogsIn(@ForAll("passwords") String password) throws Exception {
        assertThat(provider.apply(ADMIN, new EnsureLogin(FIXED_LOGIN, Secret.of(password)))).isEqualTo(ApplyResult.UPDATED);
        Map<String, Object> user = JsonText.parseObject(RabbitTestSupport.admin("GET", "/api/users/" + FIXED_LOGIN, null).body());
        assertThat(PasswordHash.matches((String) user.get("password_hash"), password)).isTrue();
        assertThat(RabbitMqProvider.tags(user)).isEmpty();
        provider.apply(ADMIN, new GrantAccess(FIXED_LOGIN, new AccessScope.Vhost(VHOST, ".*", ".*", ".*")));
        try (Connection c = RabbitTestSupport.amqp(FIXED_LOGIN, password, VHOST)) {
            assertThat(c.isOpen()).isTrue();
        }
        assertRefused(() -> provider.apply(ADMIN, new EnsureLogin(FIXED_LOGIN, Secret.of(password + "\0"))), "InvalidPassword");
        provider.apply(ADMIN, new EnsureLogin(FIXED_LOGIN, Secret.of(FIXED_PASSWORD)));
    }

    private static void assertRefused(Runnable call, String code) {
        TerminalFailure f = catchThrowableOfType(TerminalFailure.class, call::run);
        assertThat(f).isNotNull();
        assertThat(f.status()).isEqualTo(400);
        assertThat(f.code()).isEqualTo(code);
    }
}
