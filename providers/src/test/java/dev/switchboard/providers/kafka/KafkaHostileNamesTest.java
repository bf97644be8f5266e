package dev.switchboard.providers.kafka;

import dev.switchboard.core.failure.TerminalFailure;
import dev.switchboard.core.kinds.kafka.KafkaKind;
import dev.switchboard.core.linker.ValidationItem;
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
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;
import org.apache.kafka.clients.admin.Admin;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Logins, topic and group names and passwords built from pieces that break naive ACL strings, JAAS text or
 * Kafka's own parsers are refused with a 400 (by the kind, and again by the provider when handed a scope directly)
 * or handled exactly; afterwards the broker's user list and ACLs hold nothing unexpected.
 */
class KafkaHostileNamesTest {
    private static final String RUN = "sbt_" + UUID.randomUUID().toString().substring(0, 8);
    private static final String HOLDER = RUN + "_holder";
    private static final KafkaKind KIND = new KafkaKind();
    private static final KafkaProvider provider = new KafkaProvider(Duration.ofSeconds(2));
    private static KafkaTestBroker broker;
    private static TargetEndpoint admin;

    @BeforeContainer
    static void start() {
        broker = KafkaTestBroker.start();
        admin = broker.endpoint();
        provider.apply(admin, new EnsureLogin(HOLDER, Secret.of("holder-pw")));
    }

    @AfterContainer
    static void stop() throws Exception {
        if (broker == null) return;
        try {
            provider.revert(admin, new EnsureLogin(HOLDER, Secret.of("x")));
            try (Admin a = broker.admin()) {
                assertThat(KafkaProviderTest.users(a)).containsExactly(KafkaTestBroker.ADMIN);
                assertThat(a.describeAcls(org.apache.kafka.common.acl.AclBindingFilter.ANY).values().get()).isEmpty();
            }
        } finally {
            broker.close();
        }
    }

    private static List<String> pieces() {
        return List.of("a", "z", "0", "_", "-", ".", "*", "\"", "'", "\\", ";", " ", "\0", "\n", "\r", "\t", "%", ">", "#", "+",
                ":", "=", ",", "/", "User:", "é", "ß", "日本", "\uD83D\uDE00", "\u00A0", "\u200D", "A", "__", "..",
                "x".repeat(60), "y".repeat(250));
    }

    @Provide
    Arbitrary<String> names() {
        return Arbitraries.of(pieces()).list().ofMinSize(1).ofMaxSize(6).map(l -> String.join("", l));
    }

    @Property(tries = 40)
    void loginsAreRefusedOrCreatedExactly(@ForAll("names") String raw) throws Exception {
        String name = raw.startsWith("a") ? RUN + raw : raw;
        Set<String> before = users();
        boolean valid = name.matches("[a-z0-9_]{1,64}");
        Statistics.collect(valid ? "created" : "refused");
        if (!valid) {
            assertThat(refusal(() -> KIND.checkLogin(name)).code()).isEqualTo("InvalidLoginName");
            TerminalFailure f = refusal(() -> provider.apply(admin, new EnsureLogin(name, Secret.of("pw"))));
            assertThat(f.status()).isEqualTo(400);
            assertThat(f.code()).isEqualTo("InvalidLoginName");
            assertThat(refusal(() -> provider.observe(admin, name, scope(List.of("t"), List.of()))).code()).isEqualTo("InvalidLoginName");
        } else {
            assertThat(provider.apply(admin, new EnsureLogin(name, Secret.of("pw")))).isEqualTo(ApplyResult.CREATED);
            Set<String> expected = new TreeSet<>(before);
            expected.add(name);
            assertThat(users()).isEqualTo(expected);
            assertThat(provider.revert(admin, new EnsureLogin(name, Secret.of("pw")))).isEqualTo(ApplyResult.DELETED);
        }
        assertThat(users()).isEqualTo(before);
    }

    @Property(tries = 40)
    void topicAndGroupNamesAreRefusedOrGrantedExactly(@ForAll("names") String raw) throws Exception {
        String pattern = raw.length() > 1 && !raw.startsWith("_") ? RUN + "." + raw : raw;
        boolean valid = KafkaKind.isPattern(pattern);
        Statistics.collect(valid ? "granted" : "refused");
        if (!valid) {
            assertThat(refusal(() -> KIND.scope(null, Map.of("topics", List.of(pattern)), "app")).code()).isEqualTo("InvalidAccess");
            assertThat(refusal(() -> KIND.scope(null, Map.of("groups", List.of(pattern)), "app")).code()).isEqualTo("InvalidAccess");
            // Handed to the provider without the kind's check, it is still refused before reaching the broker.
            AccessScope.Topics direct = scope(List.of(RUN + ".ok"), List.of(pattern));
            assertThat(refusal(() -> provider.apply(admin, new GrantAccess(HOLDER, direct))).code()).isEqualTo("InvalidAccess");
            assertThat(refusal(() -> provider.requiredGrants(direct)).status()).isEqualTo(400);
        } else {
            AccessScope.Topics scope = (AccessScope.Topics) KIND.scope(null, Map.of("topics", List.of(pattern),
                    "groups", List.of(pattern)), "app");
            assertThat(provider.apply(admin, new GrantAccess(HOLDER, scope))).isEqualTo(ApplyResult.CREATED);
            Set<String> words = provider.observe(admin, HOLDER, scope).grants();
            assertThat(words).isEqualTo(provider.requiredGrants(scope)).hasSize(4);
            String kind = KafkaKind.isPrefix(pattern) ? "PREFIXED" : "LITERAL";
            assertThat(words).contains("TOPIC:" + kind + ":" + KafkaKind.stem(pattern) + ":WRITE",
                    "GROUP:" + kind + ":" + KafkaKind.stem(pattern) + ":READ");
            assertThat(provider.revert(admin, new GrantAccess(HOLDER, scope))).isEqualTo(ApplyResult.DELETED);
        }
        assertThat(provider.observe(admin, HOLDER, scope(List.of("t"), List.of())).grants()).isEmpty();
        assertThat(users()).containsExactlyInAnyOrder(KafkaTestBroker.ADMIN, HOLDER);
    }

    @Provide
    Arbitrary<String> passwords() {
        List<String> pieces = List.of("a", "Z", "9", "\"", "'", "\\", ";", "=", ",", " ", "\n", "\r", "\t", "%", "$", "//", "/*",
                "é", "日本", "\uD83D\uDE00", "\u00A0", "\\n", "\\0", "\\\"", "required", "username=\"x\"", "password=");
        return Arbitraries.of(pieces).list().ofMinSize(1).ofMaxSize(10).map(l -> String.join("", l));
    }

    /** The JAAS text the provider (and the app's configuration) builds carries any password to a working SCRAM login. */
    @Property(tries = 12)
    void anyPasswordLogsIn(@ForAll("passwords") String password) {
        String login = RUN + "_pw";
        try {
            provider.apply(admin, new EnsureLogin(login, Secret.of(password)));
            List<ValidationItem> items = provider.validate(admin, scope(List.of(RUN + ".none"), List.of()), login, Secret.of(password));
            assertThat(items.get(1).result()).as("%s", items.get(1)).isEqualTo(ValidationItem.Result.SUCCESS);
            List<ValidationItem> wrong = provider.validate(admin, scope(List.of(RUN + ".none"), List.of()), login, Secret.of(password + "x"));
            assertThat(wrong.get(1).errorCode()).isEqualTo("AuthenticationFailed");
            if (password.length() > 8) assertThat(wrong.get(1).errorMessage()).doesNotContain(password);
        } finally {
            provider.revert(admin, new EnsureLogin(login, Secret.of(password)));
        }
    }

    private static AccessScope.Topics scope(List<String> topics, List<String> groups) {
        return new AccessScope.Topics(topics, groups);
    }

    private static TerminalFailure refusal(Runnable call) {
        TerminalFailure f = catchThrowableOfType(TerminalFailure.class, call::run);
        assertThat(f).as("refused").isNotNull();
        assertThat(f.status()).isEqualTo(400);
        return f;
    }

    private static Set<String> users() throws Exception {
        try (Admin a = broker.admin()) {
            return new TreeSet<>(KafkaProviderTest.users(a));
        }
    }
}
