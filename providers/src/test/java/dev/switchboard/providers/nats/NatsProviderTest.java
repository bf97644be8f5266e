package dev.switchboard.providers.nats;

import dev.switchboard.core.failure.TerminalFailure;
import dev.switchboard.core.failure.TransientFailure;
import dev.switchboard.core.id.ResourceId;
import dev.switchboard.core.kinds.nats.NatsKind;
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

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static dev.switchboard.providers.nats.NatsTestSupport.canLogIn;
import static dev.switchboard.providers.nats.NatsTestSupport.errorsFor;
import static dev.switchboard.providers.nats.NatsTestSupport.noErrorsExpected;
import static dev.switchboard.providers.nats.NatsTestSupport.users;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The provider against a nats-server of the test's own: the file the server loads, the logins it accepts and refuses,
 * and the permission violations it reports are what the assertions look at.
 */
class NatsProviderTest {
    private static final NatsProvider provider = new NatsProvider(Duration.ofSeconds(10), Duration.ofSeconds(20));
    private static final NatsKind kind = new NatsKind();
    private static NatsTestServer server;
    private static Set<String> baseline;
    private final List<String> created = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        server = NatsTestServer.start();
        provider.checkAdmin(server.endpoint());
        baseline = users(server);
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    @AfterEach
    void dropCreated() throws Exception {
        for (String login : created) provider.revert(server.endpoint(), new EnsureLogin(login, Secret.of("x")));
        assertThat(users(server)).isEqualTo(baseline);
    }

    private String login() {
        String login = NatsTestSupport.name();
        created.add(login);
        return login;
    }

    private static AccessScope.Subjects scope(String linker, Map<String, Object> access) {
        return (AccessScope.Subjects) kind.scope(ResourceId.parse(
                "/subscriptions/s/resourceGroups/g/providers/Switchboard.Messaging/natsServers/local"), access, linker);
    }

    @Test
    void checkAdminTakesTheEmptyFileOverAndKeepsOnlyTheAdministratorAndTheProbe() throws Exception {
        assertThat(baseline).containsExactlyInAnyOrder(NatsTestServer.ADMIN, NatsServerFiles.PROBE);
        assertThat(server.authorizationText()).doesNotContain(server.adminPassword().reveal()).startsWith(NatsAuthFile.HEADER);
        assertThat(canLogIn(server, NatsTestServer.ADMIN, server.adminPassword().reveal())).isTrue();
        assertThat(canLogIn(server, "nobody", "x")).as("no anonymous access once taken over").isFalse();
        provider.checkAdmin(server.endpoint());
        assertThat(users(server)).isEqualTo(baseline);
    }

    @Test
    void roundTrip() throws Exception {
        TargetEndpoint ep = server.endpoint();
        String login = login();
        String pw1 = NatsTestSupport.password();
        AccessScope.Subjects scope = scope("orders_app", Map.of());
        assertThat(scope.publish()).containsExactly("orders_app.>");
        assertThat(scope.subscribe()).containsExactly("orders_app.>", "_INBOX.>");

        assertThat(provider.observe(ep, login, scope)).isEqualTo(ObservedLogin.absent(login));
        assertThat(provider.apply(ep, new EnsureLogin(login, Secret.of(pw1)))).isEqualTo(ApplyResult.CREATED);
        assertThat(server.authorizationText()).doesNotContain(pw1);
        ObservedLogin bare = provider.observe(ep, login, scope);
        assertThat(bare.exists()).isTrue();
        assertThat(bare.attributes()).containsExactly("LOGIN");
        assertThat(bare.grants()).isEmpty();
        assertThat(canLogIn(server, login, pw1)).isTrue();
        assertThat(errorsFor(server, login, pw1, "orders_app.x", "orders_app.>"))
                .as("a login without grants may do nothing").hasSize(2);

        assertThat(provider.apply(ep, new GrantAccess(login, scope))).isEqualTo(ApplyResult.CREATED);
        assertThat(provider.apply(ep, new GrantAccess(login, scope))).isEqualTo(ApplyResult.NOOP);
        ObservedLogin granted = provider.observe(ep, login, scope);
        assertThat(granted.grants()).containsAll(provider.requiredGrants(scope))
                .containsExactlyInAnyOrder("PUBLISH:orders_app.>", "SUBSCRIBE:orders_app.>", "SUBSCRIBE:_INBOX.>");

        List<ValidationItem> items = provider.validate(ep, scope, login, Secret.of(pw1));
        assertThat(items).extracting(ValidationItem::name).containsExactly("TargetReachable", "CredentialsLogIn", "CanPublishConsume");
        assertThat(items).allSatisfy(i -> assertThat(i.result()).as(i.toString()).isEqualTo(ValidationItem.Result.SUCCESS));
        assertThat(items.get(2).description()).contains("orders_app.switchboard_check");

        assertThat(noErrorsExpected(server, login, pw1, "orders_app.a.b", "orders_app.c")).isEmpty();
        assertThat(errorsFor(server, login, pw1, "billing.x", null)).singleElement().asString()
                .contains("Permissions Violation for Publish to \"billing.x\"");
        assertThat(errorsFor(server, login, pw1, null, "billing.>")).singleElement().asString()
                .contains("Permissions Violation for Subscription to \"billing.>\"");
        assertThat(errorsFor(server, login, pw1, "_INBOX.abc", null)).as("inbox is subscribe-only").hasSize(1);

        String pw2 = NatsTestSupport.password();
        assertThat(provider.apply(ep, new EnsureLogin(login, Secret.of(pw2)))).isEqualTo(ApplyResult.UPDATED);
        assertThat(canLogIn(server, login, pw1)).as("old password").isFalse();
        assertThat(canLogIn(server, login, pw2)).isTrue();
        assertThat(provider.observe(ep, login, scope).grants()).as("password change keeps grants").isEqualTo(granted.grants());
        assertThat(provider.validate(ep, scope, login, Secret.of(pw1)).get(1).errorCode()).isEqualTo("AuthenticationFailed");

        assertThat(provider.revert(ep, new GrantAccess(login, scope))).isEqualTo(ApplyResult.DELETED);
        assertThat(provider.revert(ep, new GrantAccess(login, scope))).isEqualTo(ApplyResult.NOOP);
        assertThat(provider.observe(ep, login, scope).grants()).isEmpty();
        assertThat(errorsFor(server, login, pw2, "orders_app.x", null)).hasSize(1);
        assertThat(provider.revert(ep, new EnsureLogin(login, Secret.of(pw2)))).isEqualTo(ApplyResult.DELETED);
        assertThat(provider.revert(ep, new EnsureLogin(login, Secret.of(pw2)))).isEqualTo(ApplyResult.NOOP);
        assertThat(provider.revert(ep, new GrantAccess(login, scope))).isEqualTo(ApplyResult.NOOP);
        assertThat(provider.observe(ep, login, scope).exists()).isFalse();
        assertThat(canLogIn(server, login, pw2)).isFalse();
        assertThat(users(server)).isEqualTo(baseline);
    }

    @Test
    void grantChangesToExactlyTheNewScope() throws Exception {
        TargetEndpoint ep = server.endpoint();
        String login = login();
        String pw = NatsTestSupport.password();
        provider.apply(ep, new EnsureLogin(login, Secret.of(pw)));
        AccessScope.Subjects first = scope("x", Map.of("publish", List.of("a.*", "b.c"), "subscribe", "a.>", "inbox", false));
        AccessScope.Subjects second = scope("x", Map.of("publish", "a.*", "subscribe", List.of("d.>"), "inbox", false));
        assertThat(provider.apply(ep, new GrantAccess(login, first))).isEqualTo(ApplyResult.CREATED);
        assertThat(provider.apply(ep, new GrantAccess(login, second))).isEqualTo(ApplyResult.UPDATED);
        assertThat(provider.observe(ep, login, second).grants()).containsExactlyInAnyOrder("PUBLISH:a.*", "SUBSCRIBE:d.>");
        assertThat(errorsFor(server, login, pw, "b.c", "a.>")).hasSize(2);
        assertThat(errorsFor(server, login, pw, null, "_INBOX.>")).as("inbox: false").hasSize(1);
        ValidationItem pubsub = provider.validate(ep, second, login, Secret.of(pw)).get(2);
        assertThat(pubsub.result()).isEqualTo(ValidationItem.Result.WARNING);
        assertThat(pubsub.errorCode()).isEqualTo("NoSharedSubject");
    }

    @Test
    void validationReportsAScopeTheLoginDoesNotHold() throws Exception {
        TargetEndpoint ep = server.endpoint();
        String login = login();
        String pw = NatsTestSupport.password();
        provider.apply(ep, new EnsureLogin(login, Secret.of(pw)));
        provider.apply(ep, new GrantAccess(login, scope("mine", Map.of())));
        List<ValidationItem> items = provider.validate(ep, scope("other", Map.of()), login, Secret.of(pw));
        assertThat(items.get(1).passed()).isTrue();
        assertThat(items.get(2).errorCode()).isEqualTo("PermissionDenied");
        assertThat(items.get(2).errorMessage()).contains("Permissions Violation").doesNotContain(pw);
    }

    @Test
    void wrongAdministratorPasswordIsTerminalAndNamesTheServer() {
        String wrong = "wrong-" + NatsTestSupport.password();
        TerminalFailure f = catchThrowableOfType(TerminalFailure.class, () -> provider.checkAdmin(server.endpoint(Secret.of(wrong))));
        assertThat(f).isNotNull();
        assertThat(f.status()).isEqualTo(400);
        assertThat(f.code()).isEqualTo("TargetAuthenticationFailed");
        assertThat(f.getMessage()).contains("NATS at 127.0.0.1:" + server.port()).contains(NatsTestServer.ADMIN)
                .doesNotContain(wrong).doesNotContain(server.adminPassword().reveal());
    }

    @Test
    void unreachableServerIsTransientWithoutPasswords() throws Exception {
        int closed;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        TargetEndpoint ep = new TargetEndpoint("127.0.0.1", closed, NatsTestServer.ADMIN, server.adminPassword(), null,
                server.endpoint().options());
        TransientFailure f = catchThrowableOfType(TransientFailure.class, () -> provider.checkAdmin(ep));
        assertThat(f).isNotNull();
        assertThat(f.getMessage()).contains("NATS at 127.0.0.1:" + closed).doesNotContain(server.adminPassword().reveal());
        List<ValidationItem> items = provider.validate(ep, scope("a", Map.of()), "sbt_x", Secret.of("secret-pw"));
        assertThat(items.get(0).errorCode()).isEqualTo("TargetUnreachable");
        assertThat(items.get(1).errorCode()).isEqualTo("Skipped");
    }

    @Test
    void aStoppedServerIsTransientAndTheFileIsUnchanged() throws Exception {
        try (NatsTestServer other = NatsTestServer.start()) {
            provider.checkAdmin(other.endpoint());
            String before = other.authorizationText();
            Files.writeString(other.pidFile(), "999999999");
            TransientFailure f = catchThrowableOfType(TransientFailure.class,
                    () -> provider.apply(other.endpoint(), new EnsureLogin(NatsTestSupport.name(), Secret.of("pw"))));
            assertThat(f).isNotNull();
            assertThat(f.getMessage()).contains("is not running");
            assertThat(other.authorizationText()).isEqualTo(before);
        }
    }

    @Test
    void aFileNotWrittenBySwitchboardIsLeftAlone() throws Exception {
        Path dir = Files.createTempDirectory("sbt-nats-foreign-");
        try {
            Path file = dir.resolve("auth.conf");
            String foreign = "authorization { user: a, password: b }\n";
            Files.writeString(file, foreign);
            TargetEndpoint ep = new TargetEndpoint("127.0.0.1", server.port(), "admin", Secret.of("pw"), null,
                    Map.of("authorizationFile", file.toString(), "pidFile", server.pidFile().toString()));
            TerminalFailure f = catchThrowableOfType(TerminalFailure.class, () -> provider.checkAdmin(ep));
            assertThat(f.code()).isEqualTo("AuthorizationFileNotManaged");
            f = catchThrowableOfType(TerminalFailure.class, () -> provider.apply(ep, new EnsureLogin("sbt_x", Secret.of("pw"))));
            assertThat(f.code()).isEqualTo("AuthorizationFileNotManaged");
            assertThat(Files.readString(file)).isEqualTo(foreign);
        } finally {
            try (var files = Files.list(dir)) {
                files.forEach(p -> p.toFile().delete());
            }
            Files.delete(dir);
        }
    }

    @Test
    void aServerThatDoesNotIncludeTheFileIsRefused() throws Exception {
        try (NatsTestServer other = NatsTestServer.start()) {
            // The file of one server, the address of another that has no authorization at all.
            TargetEndpoint ep = new TargetEndpoint("127.0.0.1", other.port(), NatsTestServer.ADMIN, server.adminPassword(), null,
                    server.endpoint().options());
            TerminalFailure f = catchThrowableOfType(TerminalFailure.class, () -> provider.checkAdmin(ep));
            assertThat(f.code()).isEqualTo("AuthorizationNotEnforced");
        }
    }

    @Test
    void takingAnEmptyFileOverReportsOnlyOnceTheServerRefusesWrongPasswords() throws Exception {
        // Right after SIGHUP the server may still run without authorization and accept the probe's new password too.
        for (int i = 0; i < 5; i++) {
            try (NatsTestServer fresh = NatsTestServer.start()) {
                provider.checkAdmin(fresh.endpoint());
                assertThat(canLogIn(fresh, "nobody", "x")).as("take-over %d enforced when reported", i).isFalse();
            }
        }
    }

    @Test
    void anEmptyFileThatTheServerAtTheAddressDoesNotIncludeIsNotEnforcedAndIsPutBack() throws Exception {
        NatsProvider quick = new NatsProvider(Duration.ofSeconds(5), Duration.ofSeconds(2));
        try (NatsTestServer owner = NatsTestServer.start(); NatsTestServer other = NatsTestServer.start()) {
            TargetEndpoint ep = new TargetEndpoint("127.0.0.1", other.port(), NatsTestServer.ADMIN, owner.adminPassword(), null,
                    owner.endpoint().options());
            TerminalFailure f = catchThrowableOfType(TerminalFailure.class, () -> quick.checkAdmin(ep));
            assertThat(f.code()).isEqualTo("AuthorizationNotEnforced");
            assertThat(owner.authorizationText()).isEmpty();
        }
    }

    @Test
    void theAdministratorAndTheProbeAreNeverAConnectionsLogin() {
        for (String name : List.of(NatsTestServer.ADMIN)) {
            TerminalFailure f = catchThrowableOfType(TerminalFailure.class,
                    () -> provider.apply(server.endpoint(), new EnsureLogin(name, Secret.of("pw"))));
            assertThat(f.code()).isEqualTo("LoginConflict");
            f = catchThrowableOfType(TerminalFailure.class,
                    () -> provider.revert(server.endpoint(), new EnsureLogin(name, Secret.of("pw"))));
            assertThat(f.code()).isEqualTo("LoginConflict");
        }
        TerminalFailure f = catchThrowableOfType(TerminalFailure.class,
                () -> provider.revert(server.endpoint(), new EnsureLogin(NatsServerFiles.PROBE, Secret.of("pw"))));
        assertThat(f.code()).isEqualTo("InvalidLoginName");
    }

    @Test
    void passwordsBcryptCannotHoldAreRefused() {
        for (String bad : List.of("", "x".repeat(73), "é".repeat(37), "a\u0000b", "line\nbreak")) {
            TerminalFailure f = catchThrowableOfType(TerminalFailure.class,
                    () -> provider.apply(server.endpoint(), new EnsureLogin(NatsTestSupport.name(), Secret.of(bad))));
            assertThat(f).as("%s", bad.length()).isNotNull();
            assertThat(f.status()).isEqualTo(400);
        }
    }

    @Test
    void concurrentChangesAreAllKept() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<ApplyResult>> results = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                String login = login();
                results.add(pool.submit(() -> provider.apply(server.endpoint(), new EnsureLogin(login, Secret.of("pw-" + login)))));
            }
            for (Future<ApplyResult> r : results) assertThat(r.get()).isEqualTo(ApplyResult.CREATED);
        } finally {
            pool.shutdown();
        }
        assertThat(users(server)).containsAll(created);
        for (String login : created) assertThat(canLogIn(server, login, "pw-" + login)).isTrue();
    }
}
