package dev.switchboard.providers.mqtt;

import dev.switchboard.core.failure.TerminalFailure;
import dev.switchboard.core.failure.TransientFailure;
import dev.switchboard.core.kinds.mqtt.MqttKind;
import dev.switchboard.core.kinds.mqtt.MqttTopicFilters;
import dev.switchboard.core.linker.ValidationItem;
import dev.switchboard.core.secret.Secret;
import dev.switchboard.core.target.AccessScope;
import dev.switchboard.core.target.ApplyResult;
import dev.switchboard.core.target.ObservedLogin;
import dev.switchboard.core.target.TargetEndpoint;
import dev.switchboard.core.target.TargetProvider;
import dev.switchboard.core.target.TargetStep.EnsureLogin;
import dev.switchboard.core.target.TargetStep.GrantAccess;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

import static dev.switchboard.providers.mqtt.DynsecAdmin.command;

/**
 * Eclipse Mosquitto with its dynamic-security plugin as a Switchboard target: per connection a dynamic-security
 * client (username = login) and a role of its own, {@value #ROLE_PREFIX}{@code <login>}, holding exactly the
 * ACLs of its scope ({@link DynsecState#desired}). Every call opens its own short MQTT 5 session as the
 * administrator and closes it; instances hold nothing open and are safe to share.
 *
 * <p>It never takes over a client it did not make: the administrator's own name is refused, and so is an
 * existing client holding any role but its own or any group (409 {@code LoginConflict}) — for example the
 * {@code admin} role of {@code mosquitto_ctrl dynsec init}.
 *
 * <p>Failures: unreachable or silent broker → {@link TransientFailure}; administrator login refused →
 * 400 {@code TargetAuthenticationFailed} at {@code properties.administratorLogin}; administrator without the
 * dynamic-security ACLs → 400 {@code TargetAdminNotAuthorized}; a command the plugin refuses → 400
 * {@code TargetOperationFailed}. Messages name the broker and never hold a password.
 */
public final class MqttProvider implements TargetProvider {
    static final String ROLE_PREFIX = "sb-role-";
    private static final Logger LOG = LoggerFactory.getLogger(MqttProvider.class);
    private static final MqttKind KIND = new MqttKind();
    private final Duration timeout;
    private final MqttValidation validation;

    /** @param connectTimeout bound on connecting, and on each wait for the broker's or plugin's answer */
    public MqttProvider(Duration connectTimeout) {
        this.timeout = connectTimeout;
        this.validation = new MqttValidation(connectTimeout);
    }

    static String roleOf(String login) {
        return ROLE_PREFIX + login;
    }

    @Override
    public void checkAdmin(TargetEndpoint endpoint) {
        withAdmin(endpoint, "checking the administrator", a -> {
            DynsecState.require(a.run(command("listClients", "count", 1, "offset", 0)), where(endpoint) + ": listing clients");
            return null;
        });
    }

    /** Attributes {@code LOGIN} (or {@code DISABLED}), {@code ROLE:<name>}, {@code GROUP:<name>}; grants: its own role's ACL words. */
    @Override
    public ObservedLogin observe(TargetEndpoint endpoint, String login, AccessScope scope) {
        KIND.checkLogin(login);
        subjects(scope);
        return withAdmin(endpoint, "observing client " + login, a -> {
            Optional<DynsecState.Client> client = DynsecState.client(a, login, where(endpoint) + ": reading client " + login);
            if (client.isEmpty()) return ObservedLogin.absent(login);
            Set<String> attributes = new TreeSet<>();
            attributes.add(client.get().disabled() ? "DISABLED" : "LOGIN");
            client.get().roles().forEach(r -> attributes.add("ROLE:" + r));
            client.get().groups().forEach(g -> attributes.add("GROUP:" + g));
            Set<String> grants = new TreeSet<>();
            if (client.get().roles().contains(roleOf(login))) {
                DynsecState.role(a, roleOf(login), where(endpoint) + ": reading role").ifPresent(acls -> grants.addAll(DynsecState.words(acls)));
            }
            return new ObservedLogin(login, true, Collections.unmodifiableSet(attributes), Collections.unmodifiableSet(grants));
        });
    }

    @Override
    public Set<String> requiredGrants(AccessScope scope) {
        return Collections.unmodifiableSet(DynsecState.words(DynsecState.desired(subjects(scope))));
    }

    /** createClient (CREATED), or setClientPassword and re-enable a disabled client (UPDATED). */
    @Override
    public ApplyResult ensureLogin(TargetEndpoint endpoint, EnsureLogin step) {
        String login = requireConnectionLogin(endpoint, step.login());
        String password = requirePassword(step.password());
        String where = where(endpoint) + ": setting up client " + login;
        return withAdmin(endpoint, "setting up client " + login, a -> {
            Optional<DynsecState.Client> client = DynsecState.client(a, login, where);
            if (client.isEmpty()) {
                DynsecState.require(a.run(command("createClient", "username", login, "password", password)), where);
                return ApplyResult.CREATED;
            }
            refuseForeign(client.get());
            List<Map<String, Object>> commands = new ArrayList<>();
            commands.add(command("setClientPassword", "username", login, "password", password));
            if (client.get().disabled()) commands.add(command("enableClient", "username", login));
            DynsecState.requireAll(a.run(commands), where);
            return ApplyResult.UPDATED;
        }, password);
    }

    /** The connection's role holds exactly the scope's ACLs and the client holds the role. */
    @Override
    public ApplyResult grantAccess(TargetEndpoint endpoint, GrantAccess step) {
        String login = requireConnectionLogin(endpoint, step.login());
        Set<DynsecState.Acl> desired = DynsecState.desired(subjects(step.scope()));
        String role = roleOf(login);
        String where = where(endpoint) + ": granting " + login + " " + step.scope().describe();
        return withAdmin(endpoint, "granting " + login, a -> {
            DynsecState.Client client = DynsecState.client(a, login, where).orElseThrow(() ->
                    TerminalFailure.notFound("LoginNotFound", "authInfo.name", "client " + login + " does not exist on " + where(endpoint)));
            refuseForeign(client);
            Optional<List<DynsecState.Acl>> existing = DynsecState.role(a, role, where);
            Set<DynsecState.Acl> have = new LinkedHashSet<>(existing.orElse(List.of()));
            boolean holds = client.roles().contains(role);
            if (holds && have.equals(desired)) return ApplyResult.NOOP;
            DynsecState.requireAll(a.run(grantCommands(login, existing.isPresent(), have, desired, holds)), where);
            Set<String> held = holds ? DynsecState.words(have) : Set.of();
            return held.stream().anyMatch(DynsecState.words(desired)::contains) ? ApplyResult.UPDATED : ApplyResult.CREATED;
        });
    }

    /** Stale ACLs are removed before the wanted ones are added, so a changed allow flag is replaced, not duplicated. */
    private static List<Map<String, Object>> grantCommands(String login, boolean roleExists, Set<DynsecState.Acl> have,
                                                           Set<DynsecState.Acl> desired, boolean holds) {
        String role = roleOf(login);
        List<Map<String, Object>> commands = new ArrayList<>();
        if (!roleExists) commands.add(command("createRole", "rolename", role));
        for (DynsecState.Acl acl : have) {
            if (!desired.contains(acl)) commands.add(command("removeRoleACL", "rolename", role, "acltype", acl.type(), "topic", acl.topic()));
        }
        for (DynsecState.Acl acl : desired) {
            if (!have.contains(acl)) {
                commands.add(command("addRoleACL", "rolename", role, "acltype", acl.type(), "topic", acl.topic(), "allow", true));
            }
        }
        if (!holds) commands.add(command("addClientRole", "username", login, "rolename", role));
        return commands;
    }

    /** deleteRole (which also takes it from the client): DELETED, or NOOP when the role is gone. */
    @Override
    public ApplyResult revokeAccess(TargetEndpoint endpoint, GrantAccess step) {
        String login = requireConnectionLogin(endpoint, step.login());
        subjects(step.scope());
        String where = where(endpoint) + ": revoking " + login + "'s access";
        return withAdmin(endpoint, "revoking " + login + "'s access", a -> {
            Optional<DynsecState.Client> client = DynsecState.client(a, login, where);
            if (client.isPresent()) refuseForeign(client.get());
            if (DynsecState.role(a, roleOf(login), where).isEmpty()) return ApplyResult.NOOP;
            DynsecState.require(a.run(command("deleteRole", "rolename", roleOf(login))), where);
            return ApplyResult.DELETED;
        });
    }

    /** deleteClient (the broker disconnects it); a role of its own left behind (grants never reverted) goes too. */
    @Override
    public ApplyResult dropLogin(TargetEndpoint endpoint, String rawLogin) {
        String login = requireConnectionLogin(endpoint, rawLogin);
        String where = where(endpoint) + ": deleting client " + login;
        return withAdmin(endpoint, "deleting client " + login, a -> {
            Optional<DynsecState.Client> client = DynsecState.client(a, login, where);
            if (client.isEmpty()) return ApplyResult.NOOP;
            refuseForeign(client.get());
            List<Map<String, Object>> commands = new ArrayList<>(List.of(command("deleteClient", "username", login)));
            if (DynsecState.role(a, roleOf(login), where).isPresent()) {
                LOG.warn("client {} still had its role {}; deleting it with the client", login, roleOf(login));
                commands.add(command("deleteRole", "rolename", roleOf(login)));
            }
            DynsecState.requireAll(a.run(commands), where);
            return ApplyResult.DELETED;
        });
    }

    @Override
    public List<ValidationItem> validate(TargetEndpoint endpoint, AccessScope scope, String login, Secret password) {
        return validation.validate(endpoint, subjects(scope), login, password);
    }

    private static AccessScope.Subjects subjects(AccessScope scope) {
        if (!(scope instanceof AccessScope.Subjects s)) {
            throw new IllegalArgumentException("MQTT grants need a publish/subscribe scope, not " + scope);
        }
        for (String f : s.publish()) requireFilter(f);
        for (String f : s.subscribe()) requireFilter(f);
        return s;
    }

    /** The kind checked the filters already; checked again because ACL topics are the broker's security boundary. */
    private static void requireFilter(String filter) {
        MqttTopicFilters.problem(filter).ifPresent(p -> {
            throw TerminalFailure.badRequest("InvalidTopicFilter", "properties.access", "a topic filter " + p);
        });
    }

    private static String requireConnectionLogin(TargetEndpoint endpoint, String login) {
        KIND.checkLogin(login);
        if (login.equals(endpoint.adminLogin())) {
            throw TerminalFailure.conflict("LoginConflict", "authInfo.name",
                    "the login " + login + " is the broker's administrator and cannot be a connection's login");
        }
        return login;
    }

    private static void refuseForeign(DynsecState.Client client) {
        List<String> foreign = new ArrayList<>(client.roles().stream().filter(r -> !r.equals(roleOf(client.username()))).toList());
        client.groups().forEach(g -> foreign.add("group " + g));
        if (!foreign.isEmpty()) {
            throw TerminalFailure.conflict("LoginConflict", "authInfo.name", "a client named " + client.username()
                    + " exists with roles or groups Switchboard did not give it " + foreign
                    + "; it cannot be used or removed as a connection's login");
        }
    }

    private static String requirePassword(Secret secret) {
        String field = "authInfo.secretInfo.value";
        if (secret == null || secret.reveal().isEmpty()) throw TerminalFailure.missingField(field);
        String password = secret.reveal();
        boolean wellFormed = password.codePoints().noneMatch(cp -> cp >= 0xD800 && cp <= 0xDFFF);
        if (password.indexOf('\0') >= 0 || !wellFormed || password.getBytes(StandardCharsets.UTF_8).length > 65535) {
            throw TerminalFailure.badRequest("InvalidPassword", field,
                    "the password must be valid Unicode text without NUL characters, at most 65535 UTF-8 bytes");
        }
        return password;
    }

    static String where(TargetEndpoint endpoint) {
        return "MQTT broker at " + MqttSession.address(endpoint.host(), endpoint.port());
    }

    /** Runs {@code work} in a fresh administrator session; MQTT problems become failures with secrets masked. */
    private <T> T withAdmin(TargetEndpoint endpoint, String what, Function<DynsecAdmin, T> work, String... secrets) {
        List<String> masked = new ArrayList<>(List.of(secrets));
        if (endpoint.adminPassword() != null) masked.add(endpoint.adminPassword().reveal());
        try (DynsecAdmin admin = openAdmin(endpoint)) {
            return work.apply(admin);
        } catch (MqttProblem p) {
            throw MqttErrors.map(p, endpoint, what, masked);
        }
    }

    private DynsecAdmin openAdmin(TargetEndpoint endpoint) {
        byte[] password = endpoint.adminPassword() == null ? new byte[0]
                : endpoint.adminPassword().reveal().getBytes(StandardCharsets.UTF_8);
        MqttSession session = MqttSession.open(endpoint.host(), endpoint.port(), endpoint.adminLogin(), password, timeout, "admin");
        try {
            return new DynsecAdmin(session, timeout, where(endpoint));
        } catch (RuntimeException e) {
            session.close();
            throw e;
        }
    }
}
