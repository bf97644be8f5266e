package dev.switchboard.providers.mqtt;

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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static dev.switchboard.providers.mqtt.DynsecAdmin.command;
import static dev.switchboard.providers.mqtt.MqttTestSupport.TIMEOUT;
import static dev.switchboard.providers.mqtt.MqttTestSupport.acls;
import static dev.switchboard.providers.mqtt.MqttTestSupport.as;
import static dev.switchboard.providers.mqtt.MqttTestSupport.clients;
import static dev.switchboard.providers.mqtt.MqttTestSupport.roles;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Against a private Mosquitto with the dynamic-security plugin ({@link MosquittoDynsec}), started for this class. */
class MqttProviderTest {
    private static MosquittoDynsec broker;
    private static TargetEndpoint admin;
    private static final MqttProvider provider = new MqttProvider(TIMEOUT);
    private final List<String> made = new ArrayList<>();

    @BeforeAll
    static void startBroker() {
        broker = MosquittoDynsec.start();
        admin = MqttTestSupport.endpoint(broker);
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) broker.close();
    }

    /** Whatever a test made goes, also when it failed; the broker is back to its administrator alone. */
    @AfterEach
    void cleanUp() {
        for (String login : made) {
            provider.revert(admin, new GrantAccess(login, scope("x/#")));
            provider.revert(admin, new EnsureLogin(login, Secret.of("x")));
        }
        assertThat(clients(broker)).containsExactly(broker.admin());
        assertThat(roles(broker)).containsExactly("admin");
    }

    private String login() {
        String login = MqttTestSupport.unique();
        made.add(login);
        return login;
    }

    private static AccessScope.Subjects scope(String filter) {
        return new AccessScope.Subjects(List.of(filter), List.of(filter));
    }

    @Test
    void roundTripGivesExactlyLeastPrivilegeAndLeavesNothing() throws Exception {
        String login = login();
        String role = MqttProvider.roleOf(login);
        AccessScope.Subjects scope = new AccessScope.Subjects(List.of("app/" + login + "/out/#", "app/shared/+"),
                List.of("app/" + login + "/out/#"));
        assertThat(provider.observe(admin, login, scope).exists()).isFalse();
        assertThat(provider.apply(admin, new EnsureLogin(login, Secret.of("pw-1")))).isEqualTo(ApplyResult.CREATED);
        assertThat(clients(broker)).containsExactlyInAnyOrder(broker.admin(), login);
        ObservedLogin bare = provider.observe(admin, login, scope);
        assertThat(bare.attributes()).containsExactly("LOGIN");
        assertThat(bare.grants()).isEmpty();

        assertThat(provider.apply(admin, new GrantAccess(login, scope))).isEqualTo(ApplyResult.CREATED);
        assertThat(acls(broker, role)).containsExactlyInAnyOrder(
                "publishClientSend true app/" + login + "/out/#", "publishClientSend true app/shared/+",
                "subscribePattern true app/" + login + "/out/#", "publishClientReceive true app/" + login + "/out/#");
        ObservedLogin granted = provider.observe(admin, login, scope);
        assertThat(granted.attributes()).containsExactlyInAnyOrder("LOGIN", "ROLE:" + role);
        assertThat(granted.grants()).isEqualTo(provider.requiredGrants(scope));
        assertThat(provider.apply(admin, new GrantAccess(login, scope))).isEqualTo(ApplyResult.NOOP);

        List<ValidationItem> items = provider.validate(admin, scope, login, Secret.of("pw-1"));
        assertThat(items).extracting(ValidationItem::name).containsExactly("TargetReachable", "CredentialsLogIn", "CanPublishConsume");
        assertThat(items).allMatch(ValidationItem::passed, "all passed: " + items);

        assertThat(provider.revert(admin, new GrantAccess(login, scope))).isEqualTo(ApplyResult.DELETED);
        assertThat(roles(broker)).doesNotContain(role);
        assertThat(provider.observe(admin, login, scope).grants()).isEmpty();
        assertThat(provider.revert(admin, new GrantAccess(login, scope))).isEqualTo(ApplyResult.NOOP);
        assertThat(provider.revert(admin, new EnsureLogin(login, Secret.of("pw-1")))).isEqualTo(ApplyResult.DELETED);
        assertThat(clients(broker)).containsExactly(broker.admin());
        assertThat(provider.revert(admin, new EnsureLogin(login, Secret.of("pw-1")))).isEqualTo(ApplyResult.NOOP);
        assertThat(refusedLogin(login, "pw-1")).isEqualTo(MqttProblem.Kind.LOGIN_REFUSED);
    }

    @Test
    void theLoginCannotStepOutsideItsFilters() throws Exception {
        String login = login();
        grant(login, "pw", scope("app/" + login + "/#"));
        try (MqttSession s = as(broker, login, "pw")) {
            assertThat(refused(() -> s.publish("app/other/x", "no"))).isEqualTo(MqttProblem.Kind.NOT_AUTHORIZED);
            assertThat(refused(() -> s.publish("app", "no"))).isEqualTo(MqttProblem.Kind.NOT_AUTHORIZED);
            assertThat(refused(() -> s.publish(DynsecAdmin.REQUEST_TOPIC, "{\"commands\":[]}"))).isEqualTo(MqttProblem.Kind.NOT_AUTHORIZED);
            assertThat(refused(() -> s.subscribe("#", p -> { }))).isEqualTo(MqttProblem.Kind.NOT_AUTHORIZED);
            assertThat(refused(() -> s.subscribe("app/+/x", p -> { }))).isEqualTo(MqttProblem.Kind.NOT_AUTHORIZED);
            assertThat(refused(() -> s.subscribe(DynsecAdmin.RESPONSE_TOPIC, p -> { }))).isEqualTo(MqttProblem.Kind.NOT_AUTHORIZED);
            assertThat(refused(() -> s.subscribe("$SYS/#", p -> { }))).isEqualTo(MqttProblem.Kind.NOT_AUTHORIZED);
            CompletableFuture<String> got = new CompletableFuture<>();
            s.subscribe("app/" + login + "/in", p -> got.complete(new String(p.getPayloadAsBytes())));
            s.publish("app/" + login + "/in", "yes");
            assertThat(got.get(5, TimeUnit.SECONDS)).isEqualTo("yes");
        }
    }

    @Test
    void passwordChangeAndScopeChangeAreUpdates() {
        String login = login();
        grant(login, "old-pw", scope("a/" + login + "/#"));
        assertThat(provider.apply(admin, new EnsureLogin(login, Secret.of("new-pw")))).isEqualTo(ApplyResult.UPDATED);
        assertThat(refusedLogin(login, "old-pw")).isEqualTo(MqttProblem.Kind.LOGIN_REFUSED);
        as(broker, login, "new-pw").close();

        AccessScope.Subjects wider = new AccessScope.Subjects(List.of("a/" + login + "/#", "b/" + login), List.of());
        assertThat(provider.apply(admin, new GrantAccess(login, wider))).isEqualTo(ApplyResult.UPDATED);
        assertThat(acls(broker, MqttProvider.roleOf(login))).containsExactlyInAnyOrder(
                "publishClientSend true a/" + login + "/#", "publishClientSend true b/" + login);
        assertThat(provider.observe(admin, login, wider).grants()).isEqualTo(provider.requiredGrants(wider));
        assertThat(provider.apply(admin, new GrantAccess(login, scope("c/" + login)))).isEqualTo(ApplyResult.CREATED);
        assertThat(acls(broker, MqttProvider.roleOf(login))).containsExactlyInAnyOrder(
                "publishClientSend true c/" + login, "subscribePattern true c/" + login, "publishClientReceive true c/" + login);
    }

    @Test
    void validateChecksEachDirectionWhenNoTopicIsBoth() {
        String login = login();
        AccessScope.Subjects split = new AccessScope.Subjects(List.of("out/" + login + "/+"), List.of("in/" + login + "/#"));
        grant(login, "pw", split);
        List<ValidationItem> items = provider.validate(admin, split, login, Secret.of("pw"));
        assertThat(items).allMatch(ValidationItem::passed, "all passed: " + items);
        assertThat(items.get(2).description()).contains("no topic is both");
    }

    @Test
    void validateReportsWhatFailsWithoutThePassword() {
        String login = login();
        AccessScope.Subjects scope = scope("v/" + login + "/#");
        grant(login, "right-password", scope);
        List<ValidationItem> wrong = provider.validate(admin, scope, login, Secret.of("wrong-password"));
        assertThat(wrong.get(0).passed()).isTrue();
        assertThat(wrong.get(1).errorCode()).isEqualTo("LoginRefused");
        assertThat(wrong.get(2).errorCode()).isEqualTo("Skipped");
        assertThat(wrong.toString()).doesNotContain("wrong-password").doesNotContain("right-password");

        AccessScope.Subjects elsewhere = scope("w/" + login + "/#");
        List<ValidationItem> outside = provider.validate(admin, elsewhere, login, Secret.of("right-password"));
        assertThat(outside.get(2).errorCode()).isEqualTo("NotAuthorized");

        TargetEndpoint closed = new TargetEndpoint("127.0.0.1", closedPort(), broker.admin(), Secret.of(broker.password()), null);
        List<ValidationItem> down = provider.validate(closed, scope, login, Secret.of("right-password"));
        assertThat(down).extracting(ValidationItem::errorCode).containsExactly("TargetUnreachable", "Skipped", "Skipped");
    }

    @Test
    void refusesTheAdministratorAndClientsItDidNotMake() {
        TerminalFailure self = catchThrowableOfType(TerminalFailure.class,
                () -> provider.apply(admin, new EnsureLogin(broker.admin(), Secret.of("taken"))));
        assertThat(self.status()).isEqualTo(409);
        assertThat(self.code()).isEqualTo("LoginConflict");

        String other = login();
        MqttTestSupport.run(broker, List.of(command("createClient", "username", other, "password", "theirs"),
                command("addClientRole", "username", other, "rolename", "admin")));
        try {
            for (Runnable r : List.<Runnable>of(
                    () -> provider.apply(admin, new EnsureLogin(other, Secret.of("mine"))),
                    () -> provider.apply(admin, new GrantAccess(other, scope("x/#"))),
                    () -> provider.revert(admin, new GrantAccess(other, scope("x/#"))),
                    () -> provider.revert(admin, new EnsureLogin(other, Secret.of("mine"))))) {
                TerminalFailure f = catchThrowableOfType(TerminalFailure.class, r::run);
                assertThat(f.status()).isEqualTo(409);
            }
            as(broker, other, "theirs").close(); // untouched: its password still works
        } finally {
            MqttTestSupport.run(broker, List.of(command("deleteClient", "username", other)));
        }
    }

    @Test
    void wrongAdminPasswordIsTerminalAndNamesTheBroker() {
        String secret = "not-the-" + broker.password();
        TargetEndpoint bad = new TargetEndpoint(broker.host(), broker.port(), broker.admin(), Secret.of(secret), null);
        TerminalFailure f = catchThrowableOfType(TerminalFailure.class, () -> provider.checkAdmin(bad));
        assertThat(f.status()).isEqualTo(400);
        assertThat(f.code()).isEqualTo("TargetAuthenticationFailed");
        assertThat(f.target()).isEqualTo("properties.administratorLogin");
        assertThat(f.getMessage()).contains("MQTT broker at 127.0.0.1:" + broker.port()).contains(broker.admin())
                .containsAnyOf("(NOT_AUTHORIZED)", "(BAD_USER_NAME_OR_PASSWORD)").doesNotContain(secret).doesNotContain(broker.password());
        TerminalFailure alsoOnApply = catchThrowableOfType(TerminalFailure.class,
                () -> provider.apply(bad, new EnsureLogin("sbt_never", Secret.of("pw-never"))));
        assertThat(alsoOnApply.getMessage()).doesNotContain("pw-never").doesNotContain(secret);
        provider.checkAdmin(admin);
    }

    @Test
    void anAdministratorWithoutThePluginsAclsIsTerminal() {
        String login = login();
        grant(login, "plain-pw", scope("p/" + login + "/#"));
        TargetEndpoint notAdmin = new TargetEndpoint(broker.host(), broker.port(), login, Secret.of("plain-pw"), null);
        TerminalFailure f = catchThrowableOfType(TerminalFailure.class, () -> provider.checkAdmin(notAdmin));
        assertThat(f.code()).isEqualTo("TargetAdminNotAuthorized");
        assertThat(f.getMessage()).contains("MQTT broker at").doesNotContain("plain-pw");
    }

    @Test
    void unreachableBrokerIsTransientWithoutThePassword() {
        TargetEndpoint closed = new TargetEndpoint("127.0.0.1", closedPort(), "sb-admin", Secret.of("hidden-admin-pw"), null);
        TransientFailure f = catchThrowableOfType(TransientFailure.class, () -> provider.checkAdmin(closed));
        assertThat(f.getMessage()).contains("MQTT broker at 127.0.0.1:").doesNotContain("hidden-admin-pw");
        TransientFailure g = catchThrowableOfType(TransientFailure.class,
                () -> provider.apply(closed, new EnsureLogin("sbt_x", Secret.of("hidden-login-pw"))));
        assertThat(g.getMessage()).doesNotContain("hidden-login-pw").doesNotContain("hidden-admin-pw");
    }

    @Test
    void grantingAMissingLoginIsNotFound() {
        TerminalFailure f = catchThrowableOfType(TerminalFailure.class,
                () -> provider.apply(admin, new GrantAccess("sbt_absent", scope("x/#"))));
        assertThat(f.status()).isEqualTo(404);
        assertThat(f.code()).isEqualTo("LoginNotFound");
    }

    @Test
    void aBrokerInitialisedWithoutMosquittoCtrlWorksToo() {
        try (MosquittoDynsec own = MosquittoDynsec.start(false)) {
            TargetEndpoint e = MqttTestSupport.endpoint(own);
            provider.checkAdmin(e);
            assertThat(provider.apply(e, new EnsureLogin("sbt_json", Secret.of("pw")))).isEqualTo(ApplyResult.CREATED);
            assertThat(clients(own)).containsExactlyInAnyOrder(own.admin(), "sbt_json");
        }
    }

    private void grant(String login, String password, AccessScope.Subjects scope) {
        assertThat(provider.apply(admin, new EnsureLogin(login, Secret.of(password)))).isEqualTo(ApplyResult.CREATED);
        assertThat(provider.apply(admin, new GrantAccess(login, scope))).isEqualTo(ApplyResult.CREATED);
    }

    private static MqttProblem.Kind refusedLogin(String login, String password) {
        return refused(() -> as(broker, login, password).close());
    }

    static MqttProblem.Kind refused(Runnable r) {
        MqttProblem p = catchThrowableOfType(MqttProblem.class, r::run);
        assertThat(p).as("refused").isNotNull();
        return p.kind();
    }

    private static int closedPort() {
        try (var s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

}
