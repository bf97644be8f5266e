package dev.switchboard.core.kinds.rabbitmq;

import dev.switchboard.core.failure.TerminalFailure;
import dev.switchboard.core.id.ResourceId;
import dev.switchboard.core.target.AccessScope;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The RabbitMQ kind's pure facts: resource types, names it accepts, the scope it derives from {@code access}. */
class RabbitMqKindTest {
    private static final RabbitMqKind KIND = new RabbitMqKind();
    private static final String SERVER = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/"
            + "Switchboard.Messaging/rabbitMQServers/local";

    @Test
    void resourceTypes() {
        assertThat(KIND.name()).isEqualTo("rabbitmq");
        assertThat(KIND.isServer(ResourceId.parse(SERVER))).isTrue();
        assertThat(KIND.isTarget(ResourceId.parse(SERVER + "/vhosts/orders"))).isTrue();
        assertThat(KIND.isTarget(ResourceId.parse(SERVER))).isFalse();
        assertThat(KIND.isTarget(ResourceId.parse(SERVER + "/databases/orders"))).isFalse();
        assertThat(KIND.hostProperty()).isEqualTo("host");
        assertThat(KIND.defaultPort()).isEqualTo(5672);
        assertThat(KIND.endpointOptions()).containsExactlyInAnyOrder("managementPort", "managementScheme");
        assertThat(KIND.adminPasswordRequired()).isTrue();
    }

    @Test
    void defaultScopeIsEverythingInTheTargetVhost() {
        AccessScope scope = KIND.scope(ResourceId.parse(SERVER + "/vhosts/orders"), Map.of(), "conn1");
        assertThat(scope).isEqualTo(new AccessScope.Vhost("orders", ".*", ".*", ".*"));
        assertThat(KIND.scope(ResourceId.parse(SERVER + "/vhosts/default()"), Map.of(), "c")).isEqualTo(new AccessScope.Vhost("/", ".*", ".*", ".*"));
    }

    @Test
    void accessNarrowsThePatterns() {
        AccessScope scope = KIND.scope(ResourceId.parse(SERVER + "/vhosts/orders"),
                Map.of("configure", "^$", "write", "^orders\\.", "read", ""), "conn1");
        assertThat(scope).isEqualTo(new AccessScope.Vhost("orders", "^$", "^orders\\.", ""));
    }

    @Test
    void badAccessIsA400AtTheField() {
        ResourceId target = ResourceId.parse(SERVER + "/vhosts/orders");
        assertRefused(() -> KIND.scope(target, Map.of("configure", "(unclosed"), "c"), "InvalidAccess", "properties.access.configure");
        assertRefused(() -> KIND.scope(target, Map.of("write", "a\nb"), "c"), "InvalidAccess", "properties.access.write");
        assertRefused(() -> KIND.scope(target, Map.of("read", "x".repeat(257)), "c"), "InvalidAccess", "properties.access.read");
        assertRefused(() -> KIND.scope(target, Map.of("read", 5), "c"), "InvalidAccess", "properties.access.read");
        assertRefused(() -> KIND.scope(target, Map.of("reads", ".*"), "c"), "InvalidAccess", "properties.access.reads");
    }

    @ParameterizedTest
    @ValueSource(strings = {"sb_orders_k3x9", "a", "Ünïcode-ok", "with space", "a:b@c/d%e", "日本"})
    void acceptedLogins(String login) {
        KIND.checkLogin(login);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "guest", "GUEST", " lead", "trail ", "nul\0", "new\nline", "tab\t", "zero\u200Dwidth",
            "nbsp\u00A0", "bidi\u202E", "lone\uD800"})
    void refusedLogins(String login) {
        assertRefused(() -> KIND.checkLogin(login), "InvalidLoginName", "properties.authInfo.name");
    }

    @Test
    void loginLengthIsBounded() {
        KIND.checkLogin("x".repeat(KIND.maxLoginLength()));
        assertRefused(() -> KIND.checkLogin("x".repeat(KIND.maxLoginLength() + 1)), "InvalidLoginName", "properties.authInfo.name");
        assertRefused(() -> KIND.checkLogin("日本語".repeat(30)), "InvalidLoginName", "properties.authInfo.name");
    }

    @ParameterizedTest
    @ValueSource(strings = {".", "..", "a\nb", " x"})
    void refusedVhosts(String vhost) {
        assertRefused(() -> RabbitMqNames.requireVhost(vhost, "name"), "InvalidVhostName", "name");
    }

    @Test
    void theDefaultVhostHasAnAlias() {
        assertThat(RabbitMqNames.vhostOf("default()", "name")).isEqualTo("/");
        assertThat(RabbitMqNames.vhostOf("orders", "name")).isEqualTo("orders");
        assertThat(RabbitMqNames.requireVhost("/", "name")).isEqualTo("/");
    }

    private static void assertRefused(Runnable call, String code, String field) {
        TerminalFailure f = catchThrowableOfType(TerminalFailure.class, call::run);
        assertThat(f).isNotNull();
        assertThat(f.status()).isEqualTo(400);
        assertThat(f.code()).isEqualTo(code);
        assertThat(f.target()).isEqualTo(field);
    }
}
