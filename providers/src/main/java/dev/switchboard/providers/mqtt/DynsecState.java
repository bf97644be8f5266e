package dev.switchboard.providers.mqtt;

import dev.switchboard.core.failure.TerminalFailure;
import dev.switchboard.core.target.AccessScope;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static dev.switchboard.providers.mqtt.DynsecAdmin.command;

/**
 * Reading the plugin's clients and roles, and the ACLs and grant words of a connection's scope. The words:
 * {@code PUBLISH:<filter>} (an allowing {@code publishClientSend} ACL), {@code SUBSCRIBE:<filter>}
 * ({@code subscribePattern}), {@code RECEIVE:<filter>} ({@code publishClientReceive}); any other ACL type is
 * reported as its type in upper case, and a denying ACL with a {@code DENY:} prefix.
 */
final class DynsecState {
    private DynsecState() { }

    record Client(String username, boolean disabled, List<String> roles, List<String> groups) { }

    record Acl(String type, String topic, boolean allow) {
        String word() {
            String kind = switch (type) {
                case "publishClientSend" -> "PUBLISH";
                case "subscribePattern" -> "SUBSCRIBE";
                case "publishClientReceive" -> "RECEIVE";
                default -> type.toUpperCase(Locale.ROOT);
            };
            return (allow ? "" : "DENY:") + kind + ":" + topic;
        }
    }

    /** The ACLs a connection's role holds for {@code scope}: least privilege, nothing else. */
    static Set<Acl> desired(AccessScope.Subjects scope) {
        Set<Acl> out = new LinkedHashSet<>();
        for (String f : scope.publish()) out.add(new Acl("publishClientSend", f, true));
        for (String f : scope.subscribe()) {
            out.add(new Acl("subscribePattern", f, true));
            out.add(new Acl("publishClientReceive", f, true));
        }
        return out;
    }

    static Set<String> words(Iterable<Acl> acls) {
        Set<String> out = new LinkedHashSet<>();
        for (Acl a : acls) out.add(a.word());
        return out;
    }

    static Optional<Client> client(DynsecAdmin admin, String username, String where) {
        DynsecAdmin.Reply r = admin.run(command("getClient", "username", username));
        if ("Client not found".equals(r.error())) return Optional.empty();
        require(r, where);
        Map<?, ?> c = map(r.data().get("client"));
        return Optional.of(new Client(username, Boolean.TRUE.equals(c.get("disabled")),
                names(c.get("roles"), "rolename"), names(c.get("groups"), "groupname")));
    }

    static Optional<List<Acl>> role(DynsecAdmin admin, String rolename, String where) {
        DynsecAdmin.Reply r = admin.run(command("getRole", "rolename", rolename));
        if ("Role not found".equals(r.error())) return Optional.empty();
        require(r, where);
        List<Acl> acls = new ArrayList<>();
        if (map(r.data().get("role")).get("acls") instanceof List<?> list) {
            for (Object o : list) {
                Map<?, ?> a = map(o);
                acls.add(new Acl(String.valueOf(a.get("acltype")), String.valueOf(a.get("topic")), Boolean.TRUE.equals(a.get("allow"))));
            }
        }
        return Optional.of(acls);
    }

    /** Every answer must be a success; the first error becomes a failure naming the command. */
    static void requireAll(List<DynsecAdmin.Reply> replies, String where) {
        for (DynsecAdmin.Reply r : replies) require(r, where);
    }

    static void require(DynsecAdmin.Reply r, String where) {
        if (r == null) throw TerminalFailure.badRequest("TargetOperationFailed", null, where + ": the plugin did not answer a command");
        if (!r.ok()) {
            throw TerminalFailure.badRequest("TargetOperationFailed", null, where + ": " + r.command() + " failed: " + r.error());
        }
    }

    private static Map<?, ?> map(Object o) {
        return o instanceof Map<?, ?> m ? m : Map.of();
    }

    private static List<String> names(Object list, String key) {
        List<String> out = new ArrayList<>();
        if (list instanceof List<?> l) for (Object o : l) out.add(String.valueOf(map(o).get(key)));
        return out;
    }
}
