package dev.switchboard.providers.mqtt;

import dev.switchboard.core.failure.TerminalFailure;
import dev.switchboard.core.id.ResourceId;
import dev.switchboard.core.kinds.mqtt.MqttKind;
import dev.switchboard.core.secret.Secret;
import dev.switchboard.core.target.AccessScope;
import dev.switchboard.core.target.ApplyResult;
import dev.switchboard.core.target.TargetEndpoint;
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

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static dev.switchboard.providers.mqtt.MqttTestSupport.acls;
import static dev.switchboard.providers.mqtt.MqttTestSupport.clients;
import static dev.switchboard.providers.mqtt.MqttTestSupport.roles;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Logins, topic filters and passwords built from the pieces that break naive JSON, ACLs and MQTT (quotes,
 * backslashes, NUL, newlines, {@code % * > # + $ ,}, spaces, unicode, very long) are either refused with a 400 by
 * the kind or reach the broker exactly (the broker reports the same name, ACL topic; the password logs in), and
 * the broker's client and role lists hold nothing else afterwards. Injection pieces try to smuggle extra JSON
 * commands ({@code createClient} of a name with this run's prefix): a successful one would show in the lists.
 */
class MqttHostileNamesTest {
    private static final MqttKind KIND = new MqttKind();
    private static final ResourceId BROKER_ID = ResourceId.parse(
            "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Switchboard.Messaging/mqttBrokers/b");
    private static final String PREFIX = MqttTestSupport.unique();
    private static final MqttProvider provider = new MqttProvider(MqttTestSupport.TIMEOUT);
    private static MosquittoDynsec broker;
    private static TargetEndpoint admin;
    private static Set<String> baseClients;
    private static Set<String> baseRoles;

    @BeforeContainer
    static void start() {
        broker = MosquittoDynsec.start();
        admin = MqttTestSupport.endpoint(broker);
        baseClients = clients(broker);
        baseRoles = roles(broker);
    }

    @AfterContainer
    static void stop() {
        try {
            assertThat(clients(broker)).isEqualTo(baseClients);
            assertThat(roles(broker)).isEqualTo(baseRoles);
        } finally {
            broker.close();
        }
    }

    private static List<String> pieces() {
        return List.of("a", "Z", "9", "_", ".", "-", "\"", "'", "\\", "\0", "\n", "\r", "\t", " ", "%", "%u", "*", ">",
                "#", "+", "/", "$", ",", "{", "}", "é", "日本", "\uD83D\uDE00", "\u200D", "\u2028", "\uD800",
                "\",\"command\":\"createClient\",\"username\":\"" + PREFIX + "_inj",
                "\"}]}{\"commands\":[{\"command\":\"createClient\",\"username\":\"" + PREFIX + "_inj2\"}]}", "x".repeat(40));
    }

    @Provide
    Arbitrary<String> names() {
        Arbitrary<String> body = Arbitraries.of(pieces()).list().ofMinSize(1).ofMaxSize(6).map(l -> String.join("", l));
        return Arbitraries.frequencyOf(Tuple.of(6, body.map(b -> PREFIX + b)), Tuple.of(2, body),
                Tuple.of(1, Arbitraries.just(PREFIX + "x".repeat(60))));
    }

    @Property(tries = 40)
    void loginsAreRefusedOrStoredExactly(@ForAll("names") String name) {
        EnsureLogin step = new EnsureLogin(name, Secret.of("pw"));
        boolean valid = isValidLogin(name);
        Statistics.collect(valid ? "created" : "refused");
        if (!valid) {
            TerminalFailure f = catchThrowableOfType(TerminalFailure.class, () -> provider.apply(admin, step));
            assertThat(f).as("refused: %s", name).isNotNull();
            assertThat(f.status()).isEqualTo(400);
            assertThat(f.code()).isEqualTo("InvalidLoginName");
        } else {
            assertThat(provider.apply(admin, step)).isEqualTo(ApplyResult.CREATED);
            Set<String> expected = new TreeSet<>(baseClients);
            expected.add(name);
            assertThat(clients(broker)).isEqualTo(expected);
            assertThat(provider.revert(admin, step)).isEqualTo(ApplyResult.DELETED);
        }
        assertThat(clients(broker)).isEqualTo(baseClients);
    }

    @Property(tries = 40)
    void topicFiltersAreRefusedOrStoredExactly(@ForAll("names") String filter) {
        TerminalFailure refused = catchThrowableOfType(TerminalFailure.class,
                () -> KIND.scope(BROKER_ID, Map.of("publish", List.of(filter), "subscribe", List.of(filter)), "l"));
        Statistics.collect(refused == null ? "granted" : "refused");
        if (refused != null) {
            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.target()).isEqualTo("properties.access.publish");
            return;
        }
        String login = PREFIX + "_f";
        AccessScope.Subjects scope = new AccessScope.Subjects(List.of(filter), List.of(filter));
        try {
            provider.apply(admin, new EnsureLogin(login, Secret.of("pw")));
            assertThat(provider.apply(admin, new GrantAccess(login, scope))).isEqualTo(ApplyResult.CREATED);
            assertThat(acls(broker, MqttProvider.roleOf(login))).containsExactlyInAnyOrder("publishClientSend true " + filter,
                    "subscribePattern true " + filter, "publishClientReceive true " + filter);
            assertThat(provider.observe(admin, login, scope).grants()).isEqualTo(provider.requiredGrants(scope));
        } finally {
            provider.revert(admin, new GrantAccess(login, scope));
            provider.revert(admin, new EnsureLogin(login, Secret.of("pw")));
        }
        assertThat(roles(broker)).isEqualTo(baseRoles);
    }

    @Provide
    Arbitrary<String> passwords() {
        return Arbitraries.of("a", "\"", "'", "\\", "\\u0000", "\n", " ", "%", "#", "+", "é", "日本", "\uD83D\uDE00", "\u2028",
                "\",\"password\":\"", "}]}").list().ofMinSize(1).ofMaxSize(10).map(l -> String.join("", l));
    }

    /** A password survives JSON escaping exactly: the broker accepts it for login and refuses a near miss. */
    @Property(tries = 25)
    void passwordsLogInExactly(@ForAll("passwords") String password) {
        String login = PREFIX + "_pw";
        EnsureLogin step = new EnsureLogin(login, Secret.of(password));
        try {
            provider.apply(admin, step);
            MqttTestSupport.as(broker, login, password).close();
            assertThat(MqttProviderTest.refused(() -> MqttTestSupport.as(broker, login, password + "x").close()))
                    .isEqualTo(MqttProblem.Kind.LOGIN_REFUSED);
        } finally {
            provider.revert(admin, step);
        }
    }

    @Property(tries = 10)
    void passwordsWithNulOrLoneSurrogatesAreRefused(@ForAll("passwords") String password) {
        for (String bad : List.of(password + "\0", "\uDC00" + password)) {
            TerminalFailure f = catchThrowableOfType(TerminalFailure.class,
                    () -> provider.apply(admin, new EnsureLogin(PREFIX + "_bad", Secret.of(bad))));
            assertThat(f.code()).isEqualTo("InvalidPassword");
            assertThat(f.getMessage()).doesNotContain(bad);
        }
        assertThat(clients(broker)).isEqualTo(baseClients);
    }

    private static boolean isValidLogin(String name) {
        return name.matches("[A-Za-z0-9_][A-Za-z0-9_.\\-]{0,63}");
    }
}
