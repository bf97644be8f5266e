package dev.switchboard.providers.kafka;

import dev.switchboard.core.failure.TerminalFailure;
import dev.switchboard.core.kinds.kafka.KafkaKind;
import dev.switchboard.core.linker.ValidationItem;
import dev.switchboard.core.secret.PasswordText;
import dev.switchboard.core.secret.Secret;
import dev.switchboard.core.target.AccessScope;
import dev.switchboard.core.target.ApplyResult;
import dev.switchboard.core.target.ObservedLogin;
import dev.switchboard.core.target.TargetEndpoint;
import dev.switchboard.core.target.TargetProvider;
import dev.switchboard.core.target.TargetStep.EnsureLogin;
import dev.switchboard.core.target.TargetStep.GrantAccess;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialDeletion;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.acl.AclBinding;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Kafka as a Switchboard target: per connection a SCRAM user and ALLOW ACLs for {@code User:<login>} on its topics
 * (WRITE, READ, DESCRIBE) and consumer groups (READ). Calls go through an admin client as the endpoint's
 * administrator (a SCRAM super user), kept for {@code adminIdle} after its last use so that the steps of one
 * operation share it; {@link #close} closes the kept clients. Thread-safe.
 *
 * <p>Kafka applies SCRAM and ACL changes through the controller and each broker learns them from the metadata
 * log a moment later, so {@code apply} waits (up to the API timeout) until the broker it talks to reports the
 * change: a validation right after it does not race the propagation.
 */
public final class KafkaProvider implements TargetProvider, AutoCloseable {
    /** How long an unused admin client is kept: long enough to span one operation's steps, as PostgreSQL's sessions. */
    public static final Duration DEFAULT_ADMIN_IDLE = Duration.ofSeconds(30);
    private static final Logger LOG = LoggerFactory.getLogger(KafkaProvider.class);
    /** Kafka's default and the minimum its SCRAM-SHA-256/512 accept. */
    static final int SCRAM_ITERATIONS = 4096;
    private final KafkaClients clients;
    private final KafkaAdminCalls calls;
    private final KafkaValidation validation;

    /** @param connectTimeout bound on opening a connection; a whole admin call is bounded by three of them (at least 5 s). */
    public KafkaProvider(Duration connectTimeout) {
        this(connectTimeout, DEFAULT_ADMIN_IDLE, Clock.systemUTC());
    }

    /** @param adminIdle how long an unused admin client is kept open; zero opens one per call */
    public KafkaProvider(Duration connectTimeout, Duration adminIdle, Clock clock) {
        this.clients = new KafkaClients(connectTimeout);
        this.calls = new KafkaAdminCalls(clients, new KafkaAdminPool(adminIdle, clock));
        this.validation = new KafkaValidation(clients, connectTimeout);
    }

    @Override
    public void close() {
        calls.close();
    }

    /** Logs in as the administrator and lists SCRAM users and its own ACLs: both need the rights a super user has. */
    @Override
    public void checkAdmin(TargetEndpoint endpoint) {
        calls.withAdmin(endpoint, "logging in as administrator " + endpoint.adminLogin(), a -> {
            a.describeUserScramCredentials().all().get();
            a.describeAcls(KafkaAcls.allOf("switchboard_admin_check")).values().get();
            return null;
        });
    }

    /**
     * Absent when the login has no SCRAM credential. Otherwise the attributes are its SCRAM mechanisms (e.g.
     * {@code SCRAM-SHA-256}) plus {@code SUPERUSER} when the endpoint's {@code superUsers} option lists it, and the grants
     * are the words of <em>every</em> ACL binding of its principal (see {@link KafkaAcls}), in the scope or not.
     */
    @Override
    public ObservedLogin observe(TargetEndpoint endpoint, String login, AccessScope scope) {
        KafkaKind.requireLogin(login);
        topics(scope);
        return calls.withAdmin(endpoint, "observing login " + login, a -> {
            Set<ScramMechanism> mechanisms = calls.scramMechanisms(a, login);
            if (mechanisms.isEmpty()) return ObservedLogin.absent(login);
            Set<String> attributes = new TreeSet<>();
            mechanisms.forEach(m -> attributes.add(m.mechanismName()));
            if (KafkaClients.superUsers(endpoint).contains(login)) attributes.add("SUPERUSER");
            return new ObservedLogin(login, true, Collections.unmodifiableSet(attributes),
                    Collections.unmodifiableSet(KafkaAcls.words(calls.bindingsOf(a, login))));
        });
    }

    @Override
    public Set<String> requiredGrants(AccessScope scope) {
        return Collections.unmodifiableSet(KafkaAcls.words(topics(scope)));
    }

    /**
     * Upserts the credential for the endpoint's mechanism (CREATED when the user had none, else UPDATED) and deletes
     * its credential for the other mechanism, if any, so the user never keeps an old password that still works.
     */
    @Override
    public ApplyResult ensureLogin(TargetEndpoint endpoint, EnsureLogin step) {
        String login = requireConnectionLogin(endpoint, step.login());
        String password = PasswordText.require(step.password());
        ScramMechanism mechanism = KafkaClients.mechanism(endpoint);
        refuseSuperuser(endpoint, login);
        return calls.withAdmin(endpoint, "setting up login " + login, a -> {
            Set<ScramMechanism> held = calls.scramMechanisms(a, login);
            a.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(login,
                    new ScramCredentialInfo(mechanism, SCRAM_ITERATIONS), password))).all().get();
            // Kafka refuses two alterations of one user in one request; the deletion comes second so the user
            // is never left without a working credential.
            List<UserScramCredentialAlteration> others = held.stream().filter(m -> m != mechanism)
                    .<UserScramCredentialAlteration>map(m -> new UserScramCredentialDeletion(login, m)).toList();
            if (!others.isEmpty()) a.alterUserScramCredentials(others).all().get();
            calls.awaitMechanisms(a, login, Set.of(mechanism));
            return held.isEmpty() ? ApplyResult.CREATED : ApplyResult.UPDATED;
        }, password);
    }

    /** Creates the missing bindings of the scope; leaves any other binding of the login alone. */
    @Override
    public ApplyResult grantAccess(TargetEndpoint endpoint, GrantAccess step) {
        String login = requireConnectionLogin(endpoint, step.login());
        Set<AclBinding> desired = KafkaAcls.bindings(login, topics(step.scope()));
        return calls.withAdmin(endpoint, "granting " + login + " " + step.scope().describe(), a -> {
            if (calls.scramMechanisms(a, login).isEmpty()) {
                throw TerminalFailure.notFound("LoginNotFound", "authInfo.name", "login " + login + " does not exist");
            }
            Set<AclBinding> held = calls.bindingsOf(a, login);
            Set<AclBinding> missing = new LinkedHashSet<>(desired);
            missing.removeAll(held);
            if (missing.isEmpty()) return ApplyResult.NOOP;
            a.createAcls(missing).all().get();
            calls.awaitBindings(a, login, desired, true);
            return missing.size() == desired.size() ? ApplyResult.CREATED : ApplyResult.UPDATED;
        });
    }

    /** Deletes exactly the scope's bindings (exact filters: nothing else matches); NOOP when none is held. */
    @Override
    public ApplyResult revokeAccess(TargetEndpoint endpoint, GrantAccess step) {
        String login = requireConnectionLogin(endpoint, step.login());
        Set<AclBinding> desired = KafkaAcls.bindings(login, topics(step.scope()));
        return calls.withAdmin(endpoint, "revoking " + login + " " + step.scope().describe(), a -> {
            Set<AclBinding> held = new LinkedHashSet<>(desired);
            held.retainAll(calls.bindingsOf(a, login));
            if (held.isEmpty()) return ApplyResult.NOOP;
            a.deleteAcls(held.stream().map(AclBinding::toFilter).toList()).all().get();
            calls.awaitBindings(a, login, held, false);
            return ApplyResult.DELETED;
        });
    }

    /**
     * Deletes the user's SCRAM credentials. Bindings of its principal still present (a grant never reverted, or
     * added by hand) are deleted too, with a warning: a later user of the same name must not inherit them.
     */
    @Override
    public ApplyResult dropLogin(TargetEndpoint endpoint, String rawLogin) {
        String login = requireConnectionLogin(endpoint, rawLogin);
        refuseSuperuser(endpoint, login);
        return calls.withAdmin(endpoint, "dropping login " + login, a -> {
            Set<AclBinding> leftovers = calls.bindingsOf(a, login);
            if (!leftovers.isEmpty()) {
                LOG.warn("login {} still holds ACLs {}; deleting them with the login", login, KafkaAcls.words(leftovers));
                a.deleteAcls(List.of(KafkaAcls.allOf(login))).all().get();
            }
            Set<ScramMechanism> held = calls.scramMechanisms(a, login);
            if (held.isEmpty()) return ApplyResult.NOOP;
            for (ScramMechanism m : held) a.alterUserScramCredentials(List.of(new UserScramCredentialDeletion(login, m))).all().get();
            calls.awaitMechanisms(a, login, Set.of());
            return ApplyResult.DELETED;
        });
    }

    @Override
    public List<ValidationItem> validate(TargetEndpoint endpoint, AccessScope scope, String login, Secret password) {
        return validation.validate(endpoint, topics(scope), KafkaKind.requireLogin(login), password);
    }

    private static AccessScope.Topics topics(AccessScope scope) {
        if (scope instanceof AccessScope.Topics t) return t;
        throw new IllegalArgumentException("Kafka grants need a topics scope, not " + scope);
    }

    /** A valid login that is not the administrator: a connection must never take over or remove the admin user. */
    private static String requireConnectionLogin(TargetEndpoint endpoint, String login) {
        KafkaKind.requireLogin(login);
        if (login.equals(endpoint.adminLogin())) {
            throw TerminalFailure.conflict("LoginConflict", "authInfo.name",
                    "the login " + login + " is the cluster's administrator and cannot be a connection's login");
        }
        return login;
    }

    /** Kafka redacts {@code super.users} in DescribeConfigs, so the list comes from the endpoint's {@code superUsers} option. */
    private static void refuseSuperuser(TargetEndpoint endpoint, String login) {
        if (KafkaClients.superUsers(endpoint).contains(login)) {
            throw TerminalFailure.conflict("LoginConflict", "authInfo.name",
                    "the login " + login + " is one of the cluster's super.users; it cannot be used or removed as a connection's login");
        }
    }
}
