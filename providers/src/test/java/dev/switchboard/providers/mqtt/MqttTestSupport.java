package dev.switchboard.providers.mqtt;

import dev.switchboard.core.secret.Secret;
import dev.switchboard.core.target.TargetEndpoint;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

import static dev.switchboard.providers.mqtt.DynsecAdmin.command;

/** Reading the broker's own state (its client and role lists, a role's ACLs) as its administrator, for assertions. */
public final class MqttTestSupport {
    static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final SecureRandom RANDOM = new SecureRandom();

    private MqttTestSupport() { }

    static String unique() {
        return "sbt_" + Long.toString(RANDOM.nextLong() & Long.MAX_VALUE, 36);
    }

    static TargetEndpoint endpoint(MosquittoDynsec broker) {
        return new TargetEndpoint(broker.host(), broker.port(), broker.admin(), Secret.of(broker.password()), null);
    }

    static <T> T asAdmin(MosquittoDynsec broker, Function<DynsecAdmin, T> work) {
        MqttSession session = MqttSession.open(broker.host(), broker.port(), broker.admin(),
                broker.password().getBytes(StandardCharsets.UTF_8), TIMEOUT, "test");
        try (DynsecAdmin admin = new DynsecAdmin(session, TIMEOUT, "test broker")) {
            return work.apply(admin);
        }
    }

    public static Set<String> clients(MosquittoDynsec broker) {
        return names(broker, "listClients", "clients");
    }

    public static Set<String> roles(MosquittoDynsec broker) {
        return names(broker, "listRoles", "roles");
    }

    /** The role's ACLs as the broker reports them ({@code type allow topic}), or null when the role is absent. */
    public static Set<String> acls(MosquittoDynsec broker, String role) {
        return asAdmin(broker, a -> DynsecState.role(a, role, "test").map(list -> {
            Set<String> out = new TreeSet<>();
            list.forEach(acl -> out.add(acl.type() + " " + acl.allow() + " " + acl.topic()));
            return out;
        }).orElse(null));
    }

    static void run(MosquittoDynsec broker, List<Map<String, Object>> commands) {
        asAdmin(broker, a -> {
            DynsecState.requireAll(a.run(commands), "test");
            return null;
        });
    }

    private static Set<String> names(MosquittoDynsec broker, String command, String field) {
        return asAdmin(broker, a -> {
            DynsecAdmin.Reply r = a.run(command(command));
            DynsecState.require(r, "test");
            Set<String> out = new TreeSet<>();
            if (r.data().get(field) instanceof List<?> l) l.forEach(o -> out.add(String.valueOf(o)));
            return out;
        });
    }

    /** A session as {@code login}, or the problem that refused it. */
    static MqttSession as(MosquittoDynsec broker, String login, String password) {
        return MqttSession.open(broker.host(), broker.port(), login, password.getBytes(StandardCharsets.UTF_8), TIMEOUT, "test");
    }
}
