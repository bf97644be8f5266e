package dev.switchboard.providers.nats;

import dev.switchboard.core.failure.TerminalFailure;
import dev.switchboard.core.failure.TransientFailure;
import dev.switchboard.core.kinds.nats.NatsKind;
import dev.switchboard.core.kinds.nats.NatsSubjects;
import dev.switchboard.core.linker.ValidationItem;
import dev.switchboard.core.secret.Secret;
import dev.switchboard.core.target.AccessScope;
import dev.switchboard.core.target.ApplyResult;
import dev.switchboard.core.target.ObservedLogin;
import dev.switchboard.core.target.TargetEndpoint;
import dev.switchboard.core.target.TargetProvider;
import dev.switchboard.core.target.TargetStep.EnsureLogin;
import dev.switchboard.core.target.TargetStep.GrantAccess;
import dev.switchboard.providers.nats.NatsAuthFile.User;
import dev.switchboard.providers.nats.NatsStore.Change;

import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * NATS as a Switchboard target: one NATS user per connection, with publish/subscribe allow lists, kept in the
 * authorization file Switchboard owns ({@link NatsAuthFile}, changed through {@link NatsStore}: locked, atomic,
 * reloaded, confirmed). Passwords reach the file only as bcrypt hashes. The provider must run on the NATS server's
 * machine (it writes the file and signals the process). Instances hold nothing open and are safe to share.
 *
 * <p>Grant words: {@code PUBLISH:<subject>} and {@code SUBSCRIBE:<subject>} for each allowed subject; attributes
 * {@code LOGIN}, plus {@code UNRESTRICTED} for a user without permissions (only the administrator).
 */
public final class NatsProvider implements TargetProvider {
    static final Duration DEFAULT_RELOAD_TIMEOUT = Duration.ofSeconds(10);
    private final NatsKind kind = new NatsKind();
    private final NatsConnector connector;
    private final NatsStore store;
    private final NatsValidation validation;

    /** @param connectTimeout bound on opening a connection to the server (and on each wait of a validation) */
    public NatsProvider(Duration connectTimeout) {
        this(connectTimeout, DEFAULT_RELOAD_TIMEOUT);
    }

    /** @param reloadTimeout how long a change waits for the server to load the rewritten file before it is undone */
    public NatsProvider(Duration connectTimeout, Duration reloadTimeout) {
        SecureRandom random = new SecureRandom();
        this.connector = new NatsConnector(connectTimeout);
        this.store = new NatsStore(connector, new NatsBcrypt(random), random, reloadTimeout);
        this.validation = new NatsValidation(connector);
    }

    /**
     * Takes an empty authorization file over (writing the administrator into it and reloading), then logs in as the
     * administrator, and once with a wrong password, which must be refused: a server that accepts anything does not
     * include the file.
     */
    @Override
    public void checkAdmin(TargetEndpoint endpoint) {
        NatsServerFiles server = NatsServerFiles.of(endpoint);
        if (store.read(server).isEmpty()) store.update(server, c -> new Change<>(c, null));
        requireAdminLogin(server);
        String wrong = "not-" + java.util.UUID.randomUUID();
        if (!wrong.equals(server.adminPassword()) && loginAccepted(server, server.adminLogin(), wrong)) {
            throw TerminalFailure.conflict("AuthorizationNotEnforced", "properties.authorizationFile", server.where()
                    + " accepts any password: its configuration does not include " + server.authorizationFile());
        }
    }

    /** The administrator logs in: refused is terminal (its password changed on the server), unreachable transient. */
    private void requireAdminLogin(NatsServerFiles server) {
        if (!loginAccepted(server, server.adminLogin(), server.adminPassword())) {
            throw new TerminalFailure(400, "TargetAuthenticationFailed", "properties.administratorLogin", server.where()
                    + ": the administrator " + server.adminLogin() + " was refused (Authorization Violation): wrong password,"
                    + " or not the administrator in " + server.authorizationFile());
        }
    }

    private boolean loginAccepted(NatsServerFiles server, String user, String password) {
        try {
            return NatsHandshake.accepts(server.host(), server.port(), user, password, connector.connectTimeout());
        } catch (IOException e) {
            throw new TransientFailure(server.where() + ": unreachable: " + e.getClass().getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    /**
     * From the file (the server enforces what it holds: every change waits until it is loaded), after one login as
     * the administrator: the file alone would not notice a server that is down or a registered credential that no
     * longer matches, and then a connection would be accepted only to fail at its first reload.
     */
    @Override
    public ObservedLogin observe(TargetEndpoint endpoint, String login, AccessScope scope) {
        kind.checkLogin(login);
        subjects(scope);
        NatsServerFiles server = NatsServerFiles.of(endpoint);
        requireAdminLogin(server);
        Optional<User> user = store.read(server).flatMap(c -> c.find(login));
        if (user.isEmpty()) return ObservedLogin.absent(login);
        Set<String> attributes = user.get().unrestricted() ? Set.of("LOGIN", "UNRESTRICTED") : Set.of("LOGIN");
        return new ObservedLogin(login, true, attributes, words(user.get().publish(), user.get().subscribe()));
    }

    @Override
    public Set<String> requiredGrants(AccessScope scope) {
        AccessScope.Subjects s = subjects(scope);
        return words(s.publish(), s.subscribe());
    }

    @Override
    public ApplyResult ensureLogin(TargetEndpoint endpoint, EnsureLogin step) {
        return ensureLogin(NatsServerFiles.of(endpoint), step);
    }

    @Override
    public ApplyResult grantAccess(TargetEndpoint endpoint, GrantAccess step) {
        return grantAccess(NatsServerFiles.of(endpoint), step);
    }

    @Override
    public ApplyResult revokeAccess(TargetEndpoint endpoint, GrantAccess step) {
        NatsServerFiles server = NatsServerFiles.of(endpoint);
        return revokeAccess(server, requireConnectionLogin(server, step.login()), subjects(step.scope()));
    }

    @Override
    public ApplyResult dropLogin(TargetEndpoint endpoint, String login) {
        NatsServerFiles server = NatsServerFiles.of(endpoint);
        return dropLogin(server, requireConnectionLogin(server, login));
    }

    /** A new user may do nothing until granted (deny all); an existing one only gets the new password hash. */
    private ApplyResult ensureLogin(NatsServerFiles server, EnsureLogin step) {
        String login = requireConnectionLogin(server, step.login());
        byte[] password = NatsPasswords.require(step.password() == null ? null : step.password().reveal(), "authInfo.secretInfo.value");
        String hash = store.bcrypt().hash(password, NatsBcrypt.USER_COST);
        return store.update(server, c -> {
            Optional<User> existing = c.find(login);
            if (existing.isEmpty()) {
                return new Change<>(c.with(new User(login, hash, List.of(), List.of(), false)), ApplyResult.CREATED);
            }
            return new Change<>(c.with(existing.get().withHash(hash)), ApplyResult.UPDATED);
        });
    }

    /** Sets exactly the scope's allow lists: NOOP when they already are, CREATED when the user held none of them. */
    private ApplyResult grantAccess(NatsServerFiles server, GrantAccess step) {
        String login = requireConnectionLogin(server, step.login());
        AccessScope.Subjects scope = subjects(step.scope());
        return store.update(server, c -> {
            User user = c.find(login).orElseThrow(() -> TerminalFailure.notFound("LoginNotFound", "authInfo.name",
                    server.where() + ": user " + login + " does not exist"));
            Set<String> held = words(user.publish(), user.subscribe());
            Set<String> wanted = words(scope.publish(), scope.subscribe());
            if (held.equals(wanted)) return new Change<>(null, ApplyResult.NOOP);
            ApplyResult result = held.stream().anyMatch(wanted::contains) ? ApplyResult.UPDATED : ApplyResult.CREATED;
            return new Change<>(c.with(user.withPermissions(scope.publish(), scope.subscribe())), result);
        });
    }

    /** Removes the scope's subjects from the user's allow lists (what remains stays); NOOP when it held none or is gone. */
    private ApplyResult revokeAccess(NatsServerFiles server, String login, AccessScope.Subjects scope) {
        return store.update(server, c -> {
            Optional<User> user = c.find(login);
            if (user.isEmpty()) return new Change<>(null, ApplyResult.NOOP);
            List<String> pub = minus(user.get().publish(), scope.publish());
            List<String> sub = minus(user.get().subscribe(), scope.subscribe());
            if (pub.equals(user.get().publish()) && sub.equals(user.get().subscribe())) return new Change<>(null, ApplyResult.NOOP);
            return new Change<>(c.with(user.get().withPermissions(pub, sub)), ApplyResult.DELETED);
        });
    }

    private ApplyResult dropLogin(NatsServerFiles server, String login) {
        return store.update(server, c -> c.find(login).isEmpty()
                ? new Change<ApplyResult>(null, ApplyResult.NOOP)
                : new Change<>(c.without(login), ApplyResult.DELETED));
    }

    @Override
    public List<ValidationItem> validate(TargetEndpoint endpoint, AccessScope scope, String login, Secret password) {
        return validation.validate(endpoint.host(), endpoint.port(), subjects(scope), login, password);
    }

    /** A valid connection login that is neither the administrator nor the probe. */
    private String requireConnectionLogin(NatsServerFiles server, String login) {
        kind.checkLogin(login);
        if (login.equals(server.adminLogin()) || login.equals(NatsServerFiles.PROBE)) {
            throw TerminalFailure.conflict("LoginConflict", "authInfo.name",
                    "the user " + login + " is the server's administrator and cannot be a connection's login");
        }
        return login;
    }

    /** The scope, every subject checked again: the provider may be called with a scope the kind did not build. */
    private static AccessScope.Subjects subjects(AccessScope scope) {
        if (!(scope instanceof AccessScope.Subjects s)) {
            throw new IllegalArgumentException("NATS permissions need a Subjects scope, not " + scope);
        }
        for (String subject : concat(s.publish(), s.subscribe())) {
            if (!NatsSubjects.valid(subject)) {
                throw TerminalFailure.badRequest("InvalidAccess", "properties.access", "not a NATS subject Switchboard accepts");
            }
        }
        return s;
    }

    private static Set<String> words(List<String> publish, List<String> subscribe) {
        Set<String> out = new TreeSet<>();
        publish.forEach(p -> out.add("PUBLISH:" + p));
        subscribe.forEach(s -> out.add("SUBSCRIBE:" + s));
        return java.util.Collections.unmodifiableSet(out);
    }

    private static List<String> minus(List<String> held, List<String> removed) {
        Set<String> out = new LinkedHashSet<>(held);
        removed.forEach(out::remove);
        return List.copyOf(out);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }
}
