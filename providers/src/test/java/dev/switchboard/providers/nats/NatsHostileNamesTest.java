package dev.switchboard.providers.nats;

import dev.switchboard.core.failure.TerminalFailure;
import dev.switchboard.core.id.ResourceId;
import dev.switchboard.core.kinds.nats.NatsKind;
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
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Logins, subjects and passwords built from pieces that break naive configuration files (quotes, backslashes, NUL,
 * newlines, braces, {@code %}, {@code *}, {@code >}, {@code #}, {@code +}, {@code $}, spaces, unicode, long runs) are
 * refused with a 400 by the kind or stored exactly, and afterwards the server's file holds exactly the users it should.
 */
class NatsHostileNamesTest {
    private static final NatsKind kind = new NatsKind();
    private static final NatsProvider provider = new NatsProvider(Duration.ofSeconds(10), Duration.ofSeconds(20));
    private static final ResourceId SERVER = ResourceId.parse(
            "/subscriptions/s/resourceGroups/g/providers/Switchboard.Messaging/natsServers/local");
    private static NatsTestServer server;
    private static Set<String> baseline;

    @BeforeContainer
    static void start() throws Exception {
        server = NatsTestServer.start();
        provider.checkAdmin(server.endpoint());
        baseline = NatsTestSupport.users(server);
    }

    @AfterContainer
    static void stop() throws Exception {
        try {
            assertThat(NatsTestSupport.users(server)).isEqualTo(baseline);
        } finally {
            server.close();
        }
    }

    private static List<String> pieces() {
        return List.of("a", "z", "9", "_", "A", "-", ".", "*", ">", "#", "+", " ", "\"", "'", "\\", "\0", "\n", "%", "$",
                "{", "}", "[", "]", ",", ":", "=", "é", "日本", "\uD83D\uDE00", "\u200D", "x".repeat(40),
                "\"}, {user: \"evil\", password: \"x\"}", "\n  ]\n}\nauthorization { users = [");
    }

    @Provide
    Arbitrary<String> names() {
        return Arbitraries.of(pieces()).list().ofMinSize(1).ofMaxSize(6).map(l -> "sbt_" + String.join("", l));
    }

    @Property(tries = 30)
    void loginsAreRefusedOrStoredExactly(@ForAll("names") String login) throws Exception {
        Set<String> before = NatsTestSupport.users(server);
        boolean valid = login.matches("[a-z][a-z0-9_]{0,63}");
        Statistics.collect(valid ? "created" : "refused");
        EnsureLogin step = new EnsureLogin(login, Secret.of("pw"));
        if (!valid) {
            TerminalFailure byKind = catchThrowableOfType(TerminalFailure.class, () -> kind.checkLogin(login));
            TerminalFailure byProvider = catchThrowableOfType(TerminalFailure.class, () -> provider.apply(server.endpoint(), step));
            assertThat(byKind.status()).isEqualTo(400);
            assertThat(byProvider.status()).isEqualTo(400);
            assertThat(byProvider.code()).isEqualTo("InvalidLoginName");
        } else {
            try {
                assertThat(provider.apply(server.endpoint(), step)).isEqualTo(ApplyResult.CREATED);
                Set<String> expected = new TreeSet<>(before);
                expected.add(login);
                assertThat(NatsTestSupport.users(server)).isEqualTo(expected);
                assertThat(NatsTestSupport.canLogIn(server, login, "pw")).isTrue();
            } finally {
                provider.revert(server.endpoint(), step);
            }
        }
        assertThat(NatsTestSupport.users(server)).isEqualTo(before);
    }

    @Provide
    Arbitrary<String> subjects() {
        return Arbitraries.of(pieces()).list().ofMinSize(1).ofMaxSize(5).map(l -> String.join("", l));
    }

    @Property(tries = 25)
    void subjectsAreRefusedOrGrantedExactly(@ForAll("subjects") String subject) throws Exception {
        Map<String, Object> access = Map.of("publish", subject, "subscribe", subject, "inbox", false);
        AccessScope.Subjects scope;
        try {
            scope = (AccessScope.Subjects) kind.scope(SERVER, access, "x");
        } catch (TerminalFailure f) {
            Statistics.collect("refused");
            assertThat(f.status()).isEqualTo(400);
            TerminalFailure byProvider = catchThrowableOfType(TerminalFailure.class, () -> provider.apply(server.endpoint(),
                    new GrantAccess("sbt_nobody", new AccessScope.Subjects(List.of(subject), List.of()))));
            assertThat(byProvider.status()).isEqualTo(400);
            return;
        }
        Statistics.collect("granted");
        String login = NatsTestSupport.name();
        EnsureLogin user = new EnsureLogin(login, Secret.of("pw"));
        try {
            provider.apply(server.endpoint(), user);
            assertThat(provider.apply(server.endpoint(), new GrantAccess(login, scope))).isEqualTo(ApplyResult.CREATED);
            assertThat(provider.observe(server.endpoint(), login, scope).grants())
                    .containsExactlyInAnyOrder("PUBLISH:" + subject, "SUBSCRIBE:" + subject);
            String literal = NatsValidation.literal(subject);
            assertThat(NatsTestSupport.noErrorsExpected(server, login, "pw", literal, subject)).isEmpty();
            String outside = "zz_outside." + literal;
            // A subject such as '>' or '*.>' covers the outside subject too: then publishing there is allowed.
            assertThat(NatsTestSupport.errorsFor(server, login, "pw", outside, null)).hasSize(covers(subject, outside) ? 0 : 1);
        } finally {
            provider.revert(server.endpoint(), user);
        }
        assertThat(NatsTestSupport.users(server)).isEqualTo(baseline);
    }

    /** NATS subject matching: '*' is one token, '>' the rest (one token or more). */
    static boolean covers(String pattern, String subject) {
        String[] p = pattern.split("\\.", -1);
        String[] t = subject.split("\\.", -1);
        for (int i = 0; i < p.length; i++) {
            if (p[i].equals(">")) return t.length > i;
            if (i >= t.length || !(p[i].equals("*") || p[i].equals(t[i]))) return false;
        }
        return p.length == t.length;
    }

    @Provide
    Arbitrary<String> passwords() {
        return Arbitraries.of(pieces()).list().ofMinSize(1).ofMaxSize(6).map(l -> String.join("", l));
    }

    @Property(tries = 20)
    void passwordsAreRefusedOrWorkExactly(@ForAll("passwords") String password) throws Exception {
        boolean valid = password.chars().noneMatch(Character::isISOControl)
                && password.getBytes(StandardCharsets.UTF_8).length <= 72;
        Statistics.collect(valid ? "stored" : "refused");
        String login = NatsTestSupport.name();
        EnsureLogin step = new EnsureLogin(login, Secret.of(password));
        try {
            if (!valid) {
                TerminalFailure f = catchThrowableOfType(TerminalFailure.class, () -> provider.apply(server.endpoint(), step));
                assertThat(f.status()).isEqualTo(400);
                assertThat(f.getMessage()).doesNotContain(password);
                return;
            }
            provider.apply(server.endpoint(), step);
            assertThat(server.authorizationText()).doesNotContain(password.length() > 3 ? password : "\u0000");
            assertThat(NatsTestSupport.canLogIn(server, login, password)).isTrue();
            assertThat(NatsTestSupport.canLogIn(server, login, password + "x")).isFalse();
        } finally {
            provider.revert(server.endpoint(), step);
        }
        assertThat(NatsTestSupport.users(server)).isEqualTo(baseline);
    }
}
