package dev.switchboard.providers.rabbitmq;

import dev.switchboard.core.json.JsonText;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ShutdownSignalException;
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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.switchboard.providers.rabbitmq.RabbitTestSupport.ADMIN;
import static dev.switchboard.providers.rabbitmq.RabbitTestSupport.admin;
import static dev.switchboard.providers.rabbitmq.RabbitTestSupport.amqp;
import static dev.switchboard.providers.rabbitmq.RabbitTestSupport.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Against the machine's RabbitMQ (127.0.0.1:5672, management API on 15672, guest/guest). */
class RabbitMqProviderTest {
    private static final String PREFIX = RabbitTestSupport.prefix();
    private static final String VHOST = PREFIX + "_app";
    private static final String OTHER_VHOST = PREFIX + "_other";
    private static final RabbitMqProvider provider = new RabbitMqProvider(Duration.ofSeconds(3));

    @BeforeAll
    static void createVhosts() throws Exception {
        RabbitTestSupport.ensureManagement();
        assertThat(provider.ensureDatabase(ADMIN, VHOST)).isEqualTo(ApplyResult.CREATED);
        assertThat(provider.ensureDatabase(ADMIN, VHOST)).isEqualTo(ApplyResult.NOOP);
        assertThat(provider.ensureDatabase(ADMIN, OTHER_VHOST)).isEqualTo(ApplyResult.CREATED);
        assertThat(provider.databaseExists(ADMIN, VHOST)).isTrue();
        assertThat(RabbitTestSupport.vhostNames(PREFIX)).containsExactlyInAnyOrder(VHOST, OTHER_VHOST);
    }

    @AfterAll
    static void deleteEverything() throws Exception {
        try {
            assertThat(provider.dropDatabase(ADMIN, OTHER_VHOST)).isEqualTo(ApplyResult.DELETED);
            assertThat(provider.dropDatabase(ADMIN, VHOST)).isEqualTo(ApplyResult.DELETED);
            assertThat(provider.dropDatabase(ADMIN, VHOST)).isEqualTo(ApplyResult.NOOP);
            assertThat(provider.databaseExists(ADMIN, VHOST)).isFalse();
        } finally {
            RabbitTestSupport.deleteEverything(PREFIX);
            provider.close();
        }
        assertThat(RabbitTestSupport.userNames(PREFIX)).isEmpty();
        assertThat(RabbitTestSupport.vhostNames(PREFIX)).isEmpty();
        assertThat(RabbitTestSupport.permissions(PREFIX)).isEmpty();
    }

    private static AccessScope.Vhost scope(String configure, String write, String read) {
        return new AccessScope.Vhost(VHOST, configure, write, read);
    }

    @Test
    void roundTripGivesExactlyLeastPrivilegeAndLeavesNothingBehind() throws Exception {
        String login = PREFIX + "_least";
        String password = "Pw-" + PREFIX + " :@/%é";
        AccessScope.Vhost all = scope(".*", ".*", ".*");
        EnsureLogin ensure = new EnsureLogin(login, Secret.of(password));
        GrantAccess grant = new GrantAccess(login, all);

        assertThat(provider.observe(ADMIN, login, all)).isEqualTo(ObservedLogin.absent(login));
        assertThat(provider.apply(ADMIN, ensure)).isEqualTo(ApplyResult.CREATED);
        assertThat(provider.observe(ADMIN, login, all)).isEqualTo(new ObservedLogin(login, true, java.util.Set.of(), java.util.Set.of()));
        assertThat(provider.apply(ADMIN, grant)).isEqualTo(ApplyResult.CREATED);
        assertThat(provider.apply(ADMIN, grant)).isEqualTo(ApplyResult.NOOP);
        ObservedLogin observed = provider.observe(ADMIN, login, all);
        assertThat(observed.grants()).containsExactlyInAnyOrder("CONFIGURE:.*", "WRITE:.*", "READ:.*");
        assertThat(observed.grants()).containsAll(provider.requiredGrants(all));

        // What RabbitMQ itself reports: no tags, a locally computed SHA-256 hash of this password, one permission.
        Map<String, Object> user = JsonText.parseObject(admin("GET", "/api/users/" + login, null).body());
        assertThat(RabbitMqProvider.tags(user)).isEmpty();
        assertThat(user.get("hashing_algorithm")).isEqualTo("rabbit_password_hashing_sha256");
        assertThat(PasswordHash.matches((String) user.get("password_hash"), password)).isTrue();
        assertThat(RabbitTestSupport.permissions(login)).singleElement().satisfies(p -> {
            assertThat(p.get("vhost")).isEqualTo(VHOST);
            assertThat(p).containsEntry("configure", ".*").containsEntry("write", ".*").containsEntry("read", ".*");
        });

        assertThat(provider.validate(ADMIN, all, login, Secret.of(password))).extracting(ValidationItem::name, ValidationItem::result)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("TargetReachable", ValidationItem.Result.SUCCESS),
                        org.assertj.core.groups.Tuple.tuple("CredentialsLogIn", ValidationItem.Result.SUCCESS),
                        org.assertj.core.groups.Tuple.tuple("CanPublishConsume", ValidationItem.Result.SUCCESS));
        provesLeastPrivilege(login, password);

        // Password change: the old one stops working, the new one works.
        String newPassword = "new-" + password;
        assertThat(provider.apply(ADMIN, new EnsureLogin(login, Secret.of(newPassword)))).isEqualTo(ApplyResult.UPDATED);
        assertThat(catchThrowable(() -> amqp(login, password, VHOST).close())).isInstanceOf(com.rabbitmq.client.AuthenticationFailureException.class);
        try (Connection c = amqp(login, newPassword, VHOST)) {
            assertThat(c.isOpen()).isTrue();
        }
        assertThat(provider.observe(ADMIN, login, all).grants()).containsExactlyInAnyOrderElementsOf(provider.requiredGrants(all));

        // Narrowing the grant replaces the one permission.
        AccessScope.Vhost narrow = scope("^$", ".*", ".*");
        assertThat(provider.apply(ADMIN, new GrantAccess(login, narrow))).isEqualTo(ApplyResult.UPDATED);
        assertThat(RabbitTestSupport.permissions(login)).singleElement().satisfies(p -> assertThat(p).containsEntry("configure", "^$"));

        assertThat(provider.revert(ADMIN, new GrantAccess(login, narrow))).isEqualTo(ApplyResult.DELETED);
        assertThat(provider.revert(ADMIN, new GrantAccess(login, narrow))).isEqualTo(ApplyResult.NOOP);
        assertThat(RabbitTestSupport.permissions(login)).isEmpty();
        assertThat(provider.observe(ADMIN, login, narrow).grants()).isEmpty();
        assertThat(provider.revert(ADMIN, ensure)).isEqualTo(ApplyResult.DELETED);
        assertThat(provider.revert(ADMIN, ensure)).isEqualTo(ApplyResult.NOOP);
        assertThat(provider.revert(ADMIN, grant)).isEqualTo(ApplyResult.NOOP);
        assertThat(RabbitTestSupport.userNames(login)).isEmpty();
        assertThat(provider.observe(ADMIN, login, all).exists()).isFalse();
    }

    /** The user cannot open another vhost, cannot use the management API, and cannot declare outside its pattern. */
    private static void provesLeastPrivilege(String login, String password) throws Exception {
        Throwable otherVhost = catchThrowable(() -> amqp(login, password, OTHER_VHOST).close());
        assertThat(replyCode(otherVhost)).as("opening %s: %s", OTHER_VHOST, otherVhost).isEqualTo(AMQP.NOT_ALLOWED);
        Throwable defaultVhost = catchThrowable(() -> amqp(login, password, "/").close());
        assertThat(replyCode(defaultVhost)).isEqualTo(AMQP.NOT_ALLOWED);
        assertThat(call("GET", "/api/whoami", login, password, null).status()).isEqualTo(401);
        assertThat(call("GET", "/api/users", login, password, null).status()).isEqualTo(401);
        try (Connection c = amqp(login, password, VHOST); Channel ch = c.createChannel()) {
            String q = ch.queueDeclare(PREFIX + "_q", false, true, true, null).getQueue();
            ch.basicPublish("", q, null, "hello".getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void narrowPermissionsAreEnforcedAndStillValidated() throws Exception {
        String login = PREFIX + "_narrow";
        String password = "pw-" + PREFIX;
        AccessScope.Vhost noConfigure = scope("^$", ".*", ".*");
        provider.apply(ADMIN, new EnsureLogin(login, Secret.of(password)));
        provider.apply(ADMIN, new GrantAccess(login, noConfigure));
        try (Connection c = amqp(login, password, VHOST)) {
            Channel ch = c.createChannel(); // closed by the refusal itself
            Throwable refused = catchThrowable(() -> ch.queueDeclare(PREFIX + "_forbidden", false, false, true, null));
            assertThat(replyCode(refused)).as("declaring a queue: %s", refused).isEqualTo(AMQP.ACCESS_REFUSED);
        }
        List<ValidationItem> items = provider.validate(ADMIN, noConfigure, login, Secret.of(password));
        assertThat(items.get(2)).as("direct reply-to round trip: %s", items.get(2)).satisfies(i -> assertThat(i.passed()).isTrue());
        assertThat(items.get(2).result()).isEqualTo(ValidationItem.Result.SUCCESS);

        AccessScope.Vhost appOnly = scope("^app\\.", "^app\\.", "^app\\.");
        provider.apply(ADMIN, new GrantAccess(login, appOnly));
        List<ValidationItem> warned = provider.validate(ADMIN, appOnly, login, Secret.of(password));
        assertThat(warned.get(1).result()).isEqualTo(ValidationItem.Result.SUCCESS);
        assertThat(warned.get(2).result()).isEqualTo(ValidationItem.Result.WARNING);
        assertThat(warned.get(2).errorCode()).isEqualTo("NotAttempted");
        provider.revert(ADMIN, new EnsureLogin(login, Secret.of(password)));
        assertThat(RabbitTestSupport.permissions(login)).isEmpty();
    }

    @Test
    void wrongPasswordAndMissingVhostAreValidationFailuresWithoutThePassword() throws Exception {
        String login = PREFIX + "_wrong";
        String password = "right-" + PREFIX;
        AccessScope.Vhost all = scope(".*", ".*", ".*");
        provider.apply(ADMIN, new EnsureLogin(login, Secret.of(password)));
        provider.apply(ADMIN, new GrantAccess(login, all));
        try {
            List<ValidationItem> items = provider.validate(ADMIN, all, login, Secret.of("wrong-secret-" + PREFIX));
            assertThat(items.get(0).passed()).isTrue();
            assertThat(items.get(1).errorCode()).isEqualTo("AuthenticationFailed");
            assertThat(items.get(2).errorCode()).isEqualTo("Skipped");
            assertThat(items.toString()).doesNotContain("wrong-secret-").doesNotContain(password);

            List<ValidationItem> other = provider.validate(ADMIN, new AccessScope.Vhost(OTHER_VHOST, ".*", ".*", ".*"), login, Secret.of(password));
            assertThat(other.get(1).errorCode()).isEqualTo("VhostAccessRefused");
        } finally {
            provider.revert(ADMIN, new EnsureLogin(login, Secret.of(password)));
        }
    }

    @Test
    void wrongAdminPasswordIsTerminalAndNamesTheTarget() {
        String secret = "not-the-guest-password-" + PREFIX;
        TargetEndpoint wrong = new TargetEndpoint(RabbitTestSupport.HOST, RabbitTestSupport.PORT, "guest", Secret.of(secret), "/",
                Map.of("managementPort", "15672"));
        provider.checkAdmin(ADMIN);
        TerminalFailure f = catchThrowableOfType(TerminalFailure.class, () -> provider.checkAdmin(wrong));
        assertThat(f).isNotNull();
        assertThat(f.code()).isEqualTo("TargetAuthenticationFailed");
        assertThat(f.target()).isEqualTo("properties.administratorLogin");
        assertThat(f.getMessage()).contains("RabbitMQ at 127.0.0.1:5672").contains("http://127.0.0.1:15672").contains("401")
                .doesNotContain(secret);
        TerminalFailure g = catchThrowableOfType(TerminalFailure.class,
                () -> provider.apply(wrong, new EnsureLogin(PREFIX + "_x", Secret.of("pw"))));
        assertThat(g.code()).isEqualTo("TargetAuthenticationFailed");
        assertThat(g.getMessage()).doesNotContain(secret).doesNotContain("pw\"");
    }

    @Test
    void unreachableTargetIsTransientAndValidationSaysSo() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String secret = "admin-secret-" + PREFIX;
        TargetEndpoint down = new TargetEndpoint("127.0.0.1", port, "guest", Secret.of(secret), "/",
                Map.of("managementPort", String.valueOf(port)));
        TransientFailure f = catchThrowableOfType(TransientFailure.class, () -> provider.checkAdmin(down));
        assertThat(f).isNotNull();
        assertThat(f.getMessage()).contains("RabbitMQ at 127.0.0.1:" + port).doesNotContain(secret);
        assertThat(catchThrowable(() -> provider.observe(down, PREFIX + "_x", scope(".*", ".*", ".*")))).isInstanceOf(TransientFailure.class);
        List<ValidationItem> items = provider.validate(down, scope(".*", ".*", ".*"), PREFIX + "_x", Secret.of(secret));
        assertThat(items).extracting(ValidationItem::errorCode).containsExactly("TargetUnreachable", "Skipped", "Skipped");
        assertThat(items.toString()).doesNotContain(secret);
    }

    @Test
    void refusesToTouchUsersThatAreNotAConnections() throws Exception {
        TerminalFailure guest = catchThrowableOfType(TerminalFailure.class, () -> provider.revert(ADMIN, new EnsureLogin("guest", Secret.of("x"))));
        assertThat(guest.status()).isEqualTo(400);
        assertThat(guest.code()).isEqualTo("InvalidLoginName");
        TargetEndpoint otherAdmin = new TargetEndpoint(ADMIN.host(), ADMIN.port(), PREFIX + "_admin", ADMIN.adminPassword(), "/", ADMIN.options());
        TerminalFailure self = catchThrowableOfType(TerminalFailure.class,
                () -> provider.apply(otherAdmin, new EnsureLogin(PREFIX + "_admin", Secret.of("x"))));
        assertThat(self.code()).isEqualTo("LoginConflict");

        String operator = PREFIX + "_operator";
        assertThat(admin("PUT", "/api/users/" + operator, "{\"password\":\"op-pw\",\"tags\":\"management\"}").status()).isEqualTo(201);
        String before = admin("GET", "/api/users/" + operator, null).body();
        for (Runnable attempt : List.<Runnable>of(
                () -> provider.apply(ADMIN, new EnsureLogin(operator, Secret.of("taken-over"))),
                () -> provider.apply(ADMIN, new GrantAccess(operator, scope(".*", ".*", ".*"))),
                () -> provider.revert(ADMIN, new GrantAccess(operator, scope(".*", ".*", ".*"))),
                () -> provider.revert(ADMIN, new EnsureLogin(operator, Secret.of("x"))))) {
            TerminalFailure f = catchThrowableOfType(TerminalFailure.class, attempt::run);
            assertThat(f.code()).isEqualTo("LoginConflict");
        }
        assertThat(admin("GET", "/api/users/" + operator, null).body()).isEqualTo(before);
        admin("DELETE", "/api/users/" + operator, null);

        TerminalFailure root = catchThrowableOfType(TerminalFailure.class, () -> provider.dropDatabase(ADMIN, "default()"));
        assertThat(root.code()).isEqualTo("ReservedVhostName");
        assertThat(provider.databaseExists(ADMIN, "default()")).isTrue();
        assertThat(provider.ensureDatabase(ADMIN, "default()")).isEqualTo(ApplyResult.NOOP);
        TerminalFailure missing = catchThrowableOfType(TerminalFailure.class, () -> {
            provider.apply(ADMIN, new EnsureLogin(PREFIX + "_novhost", Secret.of("pw")));
            provider.apply(ADMIN, new GrantAccess(PREFIX + "_novhost", new AccessScope.Vhost(PREFIX + "_missing", ".*", ".*", ".*")));
        });
        assertThat(missing.code()).isEqualTo("VhostNotFound");
        provider.revert(ADMIN, new EnsureLogin(PREFIX + "_novhost", Secret.of("pw")));
    }

    private static int replyCode(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ShutdownSignalException s && s.getReason() instanceof AMQP.Connection.Close c) return c.getReplyCode();
            if (t instanceof ShutdownSignalException s && s.getReason() instanceof AMQP.Channel.Close c) return c.getReplyCode();
        }
        return -1;
    }
}
