package dev.switchboard.providers.kafka;

import dev.switchboard.core.failure.TerminalFailure;
import dev.switchboard.core.failure.TransientFailure;
import dev.switchboard.core.linker.ValidationItem;
import dev.switchboard.core.secret.Secret;
import dev.switchboard.core.target.AccessScope;
import dev.switchboard.core.target.ApplyResult;
import dev.switchboard.core.target.ObservedLogin;
import dev.switchboard.core.target.TargetEndpoint;
import dev.switchboard.core.target.TargetStep.EnsureLogin;
import dev.switchboard.core.target.TargetStep.GrantAccess;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Against an in-process KRaft broker with SCRAM and the StandardAuthorizer (see {@link KafkaTestBroker}). */
class KafkaProviderTest {
    private static final String RUN = "sbt_" + UUID.randomUUID().toString().substring(0, 8);
    private static final KafkaProvider provider = new KafkaProvider(Duration.ofSeconds(2));
    private static KafkaTestBroker broker;
    private static TargetEndpoint admin;
    private final List<String> logins = new ArrayList<>();

    @BeforeAll
    static void startBroker() {
        long t0 = System.nanoTime();
        broker = KafkaTestBroker.start();
        System.out.println("Kafka test broker started in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
        admin = broker.endpoint();
        broker.createTopics(RUN + ".orders", RUN + ".app.events", RUN + ".other", RUN + ".appx");
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) broker.close();
    }

    /** Every login a test made is gone, with every ACL of its principal, even when the test failed half-way. */
    @AfterEach
    void dropLogins() throws Exception {
        for (String login : logins) provider.revert(admin, new EnsureLogin(login, Secret.of("x")));
        if (logins.isEmpty()) return;
        try (Admin a = broker.admin()) {
            assertThat(users(a)).doesNotContainAnyElementsOf(logins);
            for (String login : logins) assertThat(acls(a, login)).isEmpty();
        }
    }

    private String login(String suffix) {
        String login = RUN + "_" + suffix;
        logins.add(login);
        return login;
    }

    private static AccessScope.Topics scope() {
        return new AccessScope.Topics(List.of(RUN + ".orders", RUN + ".app.*"), List.of(RUN + ".workers"));
    }

    @Test
    void roundTripGivesExactlyLeastPrivilegeAndRevertLeavesNothing() throws Exception {
        String login = login("least");
        Secret password = Secret.of("Pw-" + UUID.randomUUID());
        assertThat(provider.observe(admin, login, scope())).isEqualTo(ObservedLogin.absent(login));
        assertThat(provider.apply(admin, new EnsureLogin(login, password))).isEqualTo(ApplyResult.CREATED);
        ObservedLogin fresh = provider.observe(admin, login, scope());
        assertThat(fresh.exists()).isTrue();
        assertThat(fresh.attributes()).containsExactly("SCRAM-SHA-256");
        assertThat(fresh.grants()).isEmpty();

        assertThat(provider.apply(admin, new GrantAccess(login, scope()))).isEqualTo(ApplyResult.CREATED);
        assertThat(provider.apply(admin, new GrantAccess(login, scope()))).isEqualTo(ApplyResult.NOOP);
        Set<String> expected = Set.of(
                "TOPIC:LITERAL:" + RUN + ".orders:WRITE", "TOPIC:LITERAL:" + RUN + ".orders:READ", "TOPIC:LITERAL:" + RUN + ".orders:DESCRIBE",
                "TOPIC:PREFIXED:" + RUN + ".app.:WRITE", "TOPIC:PREFIXED:" + RUN + ".app.:READ", "TOPIC:PREFIXED:" + RUN + ".app.:DESCRIBE",
                "GROUP:LITERAL:" + RUN + ".workers:READ");
        assertThat(provider.requiredGrants(scope())).isEqualTo(expected);
        assertThat(provider.observe(admin, login, scope()).grants()).isEqualTo(expected);
        try (Admin a = broker.admin()) {
            assertThat(KafkaAcls.words(acls(a, login))).isEqualTo(expected);
            assertThat(a.describeUserScramCredentials(List.of(login)).description(login).get().credentialInfos())
                    .singleElement().satisfies(i -> assertThat(i.iterations()).isEqualTo(4096));
        }

        List<ValidationItem> items = provider.validate(admin, scope(), login, password);
        assertThat(items).extracting(ValidationItem::name)
                .containsExactly("TargetReachable", "CredentialsLogIn", "CanProduceConsume", "CanUseConsumerGroup");
        assertThat(items).allSatisfy(i -> assertThat(i.result()).as(i.toString()).isEqualTo(ValidationItem.Result.SUCCESS));

        // What it may do: produce to its literal and prefixed topics, consume with its group.
        produce(login, password, RUN + ".orders");
        produce(login, password, RUN + ".app.events");
        consumeWithGroup(login, password, RUN + ".orders", RUN + ".workers");
        // What it may not: another topic, a name that only looks like its prefix, another group, creating topics.
        assertThat(cause(() -> produce(login, password, RUN + ".other"))).isInstanceOf(TopicAuthorizationException.class);
        assertThat(cause(() -> produce(login, password, RUN + ".appx"))).isInstanceOf(TopicAuthorizationException.class);
        assertThat(cause(() -> consumeWithGroup(login, password, RUN + ".orders", RUN + ".others")))
                .isInstanceOf(GroupAuthorizationException.class);
        try (Admin as = Admin.create(broker.clientProperties(login, password.reveal(), "SCRAM-SHA-256"))) {
            assertThat(cause(() -> as.createTopics(List.of(new NewTopic(RUN + ".app.new", 1, (short) 1))).all().get()))
                    .isInstanceOf(TopicAuthorizationException.class);
            assertThat(as.listTopics().names().get()).allMatch(t -> t.equals(RUN + ".orders") || t.startsWith(RUN + ".app."));
        }

        assertThat(provider.revert(admin, new GrantAccess(login, scope()))).isEqualTo(ApplyResult.DELETED);
        assertThat(provider.revert(admin, new GrantAccess(login, scope()))).isEqualTo(ApplyResult.NOOP);
        try (Admin a = broker.admin()) {
            assertThat(acls(a, login)).isEmpty();
        }
        assertThat(cause(() -> produce(login, password, RUN + ".orders"))).isInstanceOf(TopicAuthorizationException.class);
        assertThat(provider.revert(admin, new EnsureLogin(login, password))).isEqualTo(ApplyResult.DELETED);
        assertThat(provider.revert(admin, new EnsureLogin(login, password))).isEqualTo(ApplyResult.NOOP);
        assertThat(provider.observe(admin, login, scope())).isEqualTo(ObservedLogin.absent(login));
        try (Admin a = broker.admin()) {
            assertThat(users(a)).doesNotContain(login);
        }
        assertThat(provider.validate(admin, scope(), login, password).get(1).errorCode()).isEqualTo("AuthenticationFailed");
    }

    @Test
    void passwordChangeIsAnUpdateAndTheOldPasswordStopsWorking() {
        String login = login("pwchange");
        Secret first = Secret.of("first-" + UUID.randomUUID());
        Secret second = Secret.of("second-" + UUID.randomUUID());
        assertThat(provider.apply(admin, new EnsureLogin(login, first))).isEqualTo(ApplyResult.CREATED);
        assertThat(provider.apply(admin, new EnsureLogin(login, second))).isEqualTo(ApplyResult.UPDATED);
        List<ValidationItem> old = provider.validate(admin, scope(), login, first);
        assertThat(old.get(1).errorCode()).isEqualTo("AuthenticationFailed");
        assertThat(old.get(1).errorMessage()).doesNotContain(first.reveal(), second.reveal(), broker.adminPassword());
        assertThat(old.subList(2, 4)).extracting(ValidationItem::errorCode).containsOnly("Skipped");
        assertThat(provider.validate(admin, scope(), login, second).get(1).passed()).isTrue();
    }

    @Test
    void aWiderScopeIsAPartialUpdateAndRevertingTheNarrowOneLeavesTheRest() throws Exception {
        String login = login("partial");
        AccessScope.Topics narrow = new AccessScope.Topics(List.of(RUN + ".orders"), List.of());
        AccessScope.Topics wide = new AccessScope.Topics(List.of(RUN + ".orders", RUN + ".other"), List.of(RUN + ".g*"));
        provider.apply(admin, new EnsureLogin(login, Secret.of("pw")));
        assertThat(provider.apply(admin, new GrantAccess(login, narrow))).isEqualTo(ApplyResult.CREATED);
        assertThat(provider.observe(admin, login, wide).grants()).doesNotContainAnyElementsOf(
                provider.requiredGrants(new AccessScope.Topics(List.of(RUN + ".other"), List.of(RUN + ".g*"))));
        assertThat(provider.apply(admin, new GrantAccess(login, wide))).isEqualTo(ApplyResult.UPDATED);
        assertThat(provider.observe(admin, login, wide).grants()).isEqualTo(provider.requiredGrants(wide));
        assertThat(provider.revert(admin, new GrantAccess(login, narrow))).isEqualTo(ApplyResult.DELETED);
        assertThat(provider.observe(admin, login, wide).grants()).isEqualTo(
                provider.requiredGrants(new AccessScope.Topics(List.of(RUN + ".other"), List.of(RUN + ".g*"))));
        // Dropping the login also drops the ACLs still held (checked by dropLogins).
    }

    @Test
    void validationWarnsWhenNoTopicOfTheScopeExistsYet() {
        String login = login("notopic");
        Secret password = Secret.of("pw-" + UUID.randomUUID());
        AccessScope.Topics scope = new AccessScope.Topics(List.of(RUN + ".missing", RUN + ".none.*"), List.of(RUN + ".g.*"));
        provider.apply(admin, new EnsureLogin(login, password));
        provider.apply(admin, new GrantAccess(login, scope));
        List<ValidationItem> items = provider.validate(admin, scope, login, password);
        assertThat(items.get(2).result()).isEqualTo(ValidationItem.Result.WARNING);
        assertThat(items.get(2).errorCode()).isEqualTo("NoTopicToValidate");
        assertThat(items).allMatch(ValidationItem::passed);
    }

    @Test
    void validationWithoutTheGrantReportsPermissionDenied() {
        String login = login("nogrant");
        Secret password = Secret.of("pw-" + UUID.randomUUID());
        provider.apply(admin, new EnsureLogin(login, password));
        List<ValidationItem> items = provider.validate(admin, scope(), login, password);
        assertThat(items.get(1).passed()).isTrue();
        // Without DESCRIBE it sees no topic at all; the group check is refused.
        assertThat(items.get(2).errorCode()).isEqualTo("NoTopicToValidate");
        assertThat(items.get(3).errorCode()).isEqualTo("PermissionDenied");
    }

    @Test
    void scramSha512EndpointSwitchesTheCredential() throws Exception {
        String login = login("sha512");
        Secret password = Secret.of("pw-" + UUID.randomUUID());
        Map<String, String> options = new HashMap<>(admin.options());
        options.put("saslMechanism", "SCRAM-SHA-512");
        TargetEndpoint sha512 = new TargetEndpoint(admin.host(), admin.port(), admin.adminLogin(), admin.adminPassword(), null, options);
        provider.apply(admin, new EnsureLogin(login, password));
        assertThat(provider.apply(sha512, new EnsureLogin(login, password))).isEqualTo(ApplyResult.UPDATED);
        assertThat(provider.observe(admin, login, scope()).attributes()).containsExactly("SCRAM-SHA-512");
        assertThat(provider.validate(sha512, scope(), login, password).get(1).passed()).isTrue();
        assertThat(provider.validate(admin, scope(), login, password).get(1).errorCode()).isEqualTo("AuthenticationFailed");
    }

    @Test
    void theAdministratorAndSuperUsersAreNeverAConnectionsLogin() throws Exception {
        for (var step : List.of(new EnsureLogin(KafkaTestBroker.ADMIN, Secret.of("x")), new GrantAccess(KafkaTestBroker.ADMIN, scope()))) {
            TerminalFailure f = catchThrowableOfType(TerminalFailure.class, () -> provider.apply(admin, step));
            assertThat(f.code()).isEqualTo("LoginConflict");
            f = catchThrowableOfType(TerminalFailure.class, () -> provider.revert(admin, step));
            assertThat(f.code()).isEqualTo("LoginConflict");
        }
        // A super user that is not the endpoint's administrator (the broker lists it, see KafkaTestBroker).
        TerminalFailure f = catchThrowableOfType(TerminalFailure.class,
                () -> provider.apply(admin, new EnsureLogin(KafkaTestBroker.OTHER_SUPER_USER, Secret.of("x"))));
        assertThat(f.code()).isEqualTo("LoginConflict");
        try (Admin a = broker.admin()) {
            assertThat(users(a)).containsExactly(KafkaTestBroker.ADMIN);
        }
    }

    @Test
    void grantingAnAbsentLoginIs404() {
        TerminalFailure f = catchThrowableOfType(TerminalFailure.class,
                () -> provider.apply(admin, new GrantAccess(login("absent"), scope())));
        assertThat(f.status()).isEqualTo(404);
        assertThat(f.code()).isEqualTo("LoginNotFound");
    }

    @Test
    void checkAdminPassesForTheSuperUser() {
        provider.checkAdmin(admin);
    }

    @Test
    void aWrongAdminPasswordIsATerminalFailureNamingTheClusterWithoutThePassword() {
        String wrong = "wrong-" + UUID.randomUUID();
        TargetEndpoint bad = new TargetEndpoint(admin.host(), admin.port(), admin.adminLogin(), Secret.of(wrong), null, admin.options());
        for (Runnable call : List.<Runnable>of(() -> provider.checkAdmin(bad),
                () -> provider.apply(bad, new EnsureLogin(RUN + "_x", Secret.of("pw"))))) {
            TerminalFailure f = catchThrowableOfType(TerminalFailure.class, call::run);
            assertThat(f.status()).isEqualTo(400);
            assertThat(f.code()).isEqualTo("TargetAuthenticationFailed");
            assertThat(f.target()).isEqualTo("properties.administratorLogin");
            assertThat(f.getMessage()).contains("Kafka at 127.0.0.1:" + admin.port()).contains("SaslAuthenticationException")
                    .doesNotContain(wrong, broker.adminPassword());
        }
    }

    @Test
    void anAdminThatIsNotASuperUserIsRefused() throws Exception {
        String login = login("notsuper");
        provider.apply(admin, new EnsureLogin(login, Secret.of("pw-notsuper")));
        TargetEndpoint weak = new TargetEndpoint(admin.host(), admin.port(), login, Secret.of("pw-notsuper"), null, admin.options());
        TerminalFailure f = catchThrowableOfType(TerminalFailure.class, () -> provider.checkAdmin(weak));
        assertThat(f.code()).isEqualTo("TargetAdminNotAuthorized");
        assertThat(f.getMessage()).doesNotContain("pw-notsuper");
    }

    @Test
    void anUnreachablePortIsTransientAndLeaksNoPassword() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        TargetEndpoint down = new TargetEndpoint("127.0.0.1", port, "sbadmin", Secret.of("secret-admin-pw"), null, Map.of());
        long t0 = System.nanoTime();
        TransientFailure f = catchThrowableOfType(TransientFailure.class, () -> provider.checkAdmin(down));
        assertThat(f.getMessage()).contains("Kafka at 127.0.0.1:" + port).doesNotContain("secret-admin-pw");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(20));
        List<ValidationItem> items = provider.validate(down, scope(), RUN + "_y", Secret.of("secret-user-pw"));
        assertThat(items.get(0).errorCode()).isEqualTo("TargetUnreachable");
        assertThat(items).extracting(ValidationItem::errorCode).containsExactly("TargetUnreachable", "Skipped", "Skipped", "Skipped");
    }

    @Test
    void badEndpointOptionsAreRefused() {
        TargetEndpoint odd = new TargetEndpoint(admin.host(), admin.port(), admin.adminLogin(), admin.adminPassword(), null,
                Map.of("saslMechanism", "PLAIN"));
        TerminalFailure f = catchThrowableOfType(TerminalFailure.class, () -> provider.checkAdmin(odd));
        assertThat(f.code()).isEqualTo("InvalidEndpointOption");
        assertThat(f.target()).isEqualTo("properties.saslMechanism");
    }

    // ---------------------------------------------------------------- helpers acting as the connection

    private static void produce(String login, Secret password, String topic) throws Exception {
        Properties p = broker.clientProperties(login, password.reveal(), "SCRAM-SHA-256");
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "20000");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, "k", "v")).get(15, TimeUnit.SECONDS);
        }
    }

    private static void consumeWithGroup(String login, Secret password, String topic, String group) {
        Properties p = broker.clientProperties(login, password.reveal(), "SCRAM-SHA-256");
        p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (System.nanoTime() < deadline) {
                if (!consumer.poll(Duration.ofMillis(200)).isEmpty()) {
                    consumer.commitSync();
                    return;
                }
            }
            throw new AssertionError("nothing consumed from " + topic);
        }
    }

    interface Call {
        void run() throws Exception;
    }

    private static Throwable cause(Call call) {
        Throwable t = catchThrowable(call::run);
        assertThat(t).as("expected a failure").isNotNull();
        while ((t instanceof ExecutionException || t instanceof org.apache.kafka.common.KafkaException && !(t instanceof
                org.apache.kafka.common.errors.ApiException)) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    static Set<String> users(Admin a) throws Exception {
        return new HashMap<>(a.describeUserScramCredentials().all().get(15, TimeUnit.SECONDS)).keySet();
    }

    static Set<org.apache.kafka.common.acl.AclBinding> acls(Admin a, String login) throws Exception {
        AclBindingFilter filter = KafkaAcls.allOf(login);
        return Set.copyOf(a.describeAcls(filter).values().get(15, TimeUnit.SECONDS));
    }
}
