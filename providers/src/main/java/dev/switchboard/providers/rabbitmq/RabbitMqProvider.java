package dev.switchboard.providers.rabbitmq;

import dev.switchboard.core.json.JsonText;
import dev.switchboard.core.failure.TerminalFailure;
import dev.switchboard.core.kinds.rabbitmq.RabbitMqNames;
import dev.switchboard.core.linker.ValidationItem;
import dev.switchboard.core.secret.Secret;
import dev.switchboard.core.target.AccessScope;
import dev.switchboard.core.target.ApplyResult;
import dev.switchboard.core.target.ObservedLogin;
import dev.switchboard.core.target.ServerAdmin;
import dev.switchboard.core.target.TargetEndpoint;
import dev.switchboard.core.target.TargetProvider;
import dev.switchboard.core.target.TargetStep.EnsureLogin;
import dev.switchboard.core.target.TargetStep.GrantAccess;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import static dev.switchboard.providers.rabbitmq.ManagementApi.failed;
import static dev.switchboard.providers.rabbitmq.ManagementApi.segment;
import static dev.switchboard.providers.rabbitmq.ManagementApi.where;

/**
 * RabbitMQ as a Switchboard target, through its management HTTP API: a connection is a user of its own (no tags, so
 * no management API access; its password set as a {@code rabbit_password_hashing_sha256} hash computed here, so the
 * clear password is never sent) holding permissions on one vhost; the server's vhosts are its child resources.
 *
 * <p>Grant words ({@link #observe}): {@code CONFIGURE:<regex>}, {@code WRITE:<regex>}, {@code READ:<regex>} for the
 * login's permissions on the scope's vhost. Attributes: {@code TAG:<tag>} per user tag (none for a connection's
 * user). Users with any tag, the administrator itself and {@code guest} are never created over, changed or deleted.
 * Topic permissions are neither set nor removed (none means unrestricted routing keys within the vhost grants).
 * Instances hold one HTTP client and are safe to share between threads; {@link #close} releases it.
 */
public final class RabbitMqProvider implements TargetProvider, ServerAdmin, AutoCloseable {
    private static final String LOGIN_FIELD = "authInfo.name";
    private final ManagementApi api;
    private final PasswordHash hashes = new PasswordHash(new SecureRandom());
    private final AmqpValidation validation;

    /** @param connectTimeout bound on opening a TCP connection to the management API and, when validating, to AMQP. */
    public RabbitMqProvider(Duration connectTimeout) {
        if (connectTimeout.isNegative() || connectTimeout.isZero()) {
            throw new IllegalArgumentException("connect timeout must be positive: " + connectTimeout);
        }
        this.api = new ManagementApi(connectTimeout);
        this.validation = new AmqpValidation(connectTimeout);
    }

    /** {@code GET /api/whoami}: the administrator can log in and holds the {@code administrator} tag. */
    @Override
    public void checkAdmin(TargetEndpoint endpoint) {
        String what = "logging in as administrator " + endpoint.adminLogin();
        ManagementApi.Response r = api.get(endpoint, what, "/api/whoami");
        if (r.status() != 200) throw failed(endpoint, what, r);
        if (!tags(r.object()).contains("administrator")) {
            throw new TerminalFailure(400, "TargetAdminNotAuthorized", ManagementApi.ADMIN_FIELD, where(endpoint) + ": "
                    + what + ": the user " + endpoint.adminLogin() + " needs the 'administrator' tag");
        }
    }

    @Override
    public ObservedLogin observe(TargetEndpoint endpoint, String login, AccessScope scope) {
        RabbitMqNames.requireLogin(login);
        AccessScope.Vhost on = vhostScope(scope);
        Optional<Map<String, Object>> user = user(endpoint, login);
        if (user.isEmpty()) return ObservedLogin.absent(login);
        Set<String> attributes = new TreeSet<>();
        tags(user.get()).forEach(t -> attributes.add("TAG:" + t));
        return new ObservedLogin(login, true, Collections.unmodifiableSet(attributes), held(endpoint, login, on.vhost()));
    }

    @Override
    public Set<String> requiredGrants(AccessScope scope) {
        AccessScope.Vhost v = vhostScope(scope);
        return words(v.configure(), v.write(), v.read());
    }

    /** {@code PUT /api/users/{login}} with a locally computed hash and no tags: CREATED, or UPDATED when it existed. */
    @Override
    public ApplyResult ensureLogin(TargetEndpoint endpoint, EnsureLogin step) {
        String login = requireConnectionLogin(endpoint, step.login());
        String hash = hashes.hash(requirePassword(step.password()));
        Optional<Map<String, Object>> before = user(endpoint, login);
        before.ifPresent(u -> refuseTagged(login, u));
        String what = "setting up user " + login;
        ManagementApi.Response r = api.put(endpoint, what, "/api/users/" + segment(login),
                JsonText.object("password_hash", hash, "hashing_algorithm", PasswordHash.ALGORITHM, "tags", ""));
        if (r.status() != 201 && r.status() != 204) throw failed(endpoint, what, r);
        return before.isEmpty() ? ApplyResult.CREATED : ApplyResult.UPDATED;
    }

    /** {@code PUT /api/permissions/{vhost}/{login}}: NOOP when it already holds exactly these patterns. */
    @Override
    public ApplyResult grantAccess(TargetEndpoint endpoint, GrantAccess step) {
        String login = requireConnectionLogin(endpoint, step.login());
        AccessScope.Vhost v = vhostScope(step.scope());
        Map<String, Object> user = user(endpoint, login).orElseThrow(() -> TerminalFailure.notFound("LoginNotFound",
                LOGIN_FIELD, where(endpoint) + ": user " + login + " does not exist"));
        refuseTagged(login, user);
        if (!vhostExists(endpoint, v.vhost())) {
            throw TerminalFailure.notFound("VhostNotFound", "properties.targetService.id",
                    where(endpoint) + ": vhost " + v.vhost() + " does not exist");
        }
        Set<String> held = held(endpoint, login, v.vhost());
        Set<String> expected = requiredGrants(v);
        if (held.equals(expected)) return ApplyResult.NOOP;
        String what = "granting user " + login + " permissions on vhost " + v.vhost();
        ManagementApi.Response r = api.put(endpoint, what, permissionPath(v.vhost(), login),
                JsonText.object("configure", v.configure(), "write", v.write(), "read", v.read()));
        if (r.status() != 201 && r.status() != 204) throw failed(endpoint, what, r);
        return held.stream().anyMatch(expected::contains) ? ApplyResult.UPDATED : ApplyResult.CREATED;
    }

    /** {@code DELETE /api/permissions/{vhost}/{login}}: DELETED, or NOOP when the user or its permission is absent. */
    @Override
    public ApplyResult revokeAccess(TargetEndpoint endpoint, GrantAccess step) {
        String login = requireConnectionLogin(endpoint, step.login());
        AccessScope.Vhost v = vhostScope(step.scope());
        Optional<Map<String, Object>> user = user(endpoint, login);
        if (user.isEmpty()) return ApplyResult.NOOP;
        refuseTagged(login, user.get());
        return deleted(endpoint, "revoking user " + login + " permissions on vhost " + v.vhost(), permissionPath(v.vhost(), login));
    }

    /** {@code DELETE /api/users/{login}} (RabbitMQ drops its permissions and closes its connections with it). */
    @Override
    public ApplyResult dropLogin(TargetEndpoint endpoint, String rawLogin) {
        String login = requireConnectionLogin(endpoint, rawLogin);
        Optional<Map<String, Object>> user = user(endpoint, login);
        if (user.isEmpty()) return ApplyResult.NOOP;
        refuseTagged(login, user.get());
        return deleted(endpoint, "deleting user " + login, "/api/users/" + segment(login));
    }

    @Override
    public List<ValidationItem> validate(TargetEndpoint endpoint, AccessScope scope, String login, Secret password) {
        return validation.validate(endpoint, vhostScope(scope), login, password);
    }

    /** {@code name} is a {@code vhosts} resource name ({@value RabbitMqNames#DEFAULT_VHOST_ALIAS} for {@code /}). */
    @Override
    public boolean databaseExists(TargetEndpoint endpoint, String name) {
        return vhostExists(endpoint, RabbitMqNames.vhostOf(name, "name"));
    }

    /** {@code PUT /api/vhosts/{vhost}}; NOOP when it exists (also when another call created it first). */
    @Override
    public ApplyResult ensureDatabase(TargetEndpoint endpoint, String name) {
        String vhost = RabbitMqNames.vhostOf(name, "name");
        if (vhostExists(endpoint, vhost)) return ApplyResult.NOOP;
        String what = "creating vhost " + vhost;
        ManagementApi.Response r = api.put(endpoint, what, "/api/vhosts/" + segment(vhost),
                JsonText.object("description", "created by Switchboard"));
        if (r.status() == 201) return ApplyResult.CREATED;
        if (r.status() == 204) return ApplyResult.NOOP;
        throw failed(endpoint, what, r);
    }

    /** {@code DELETE /api/vhosts/{vhost}} with everything in it; the default vhost {@code /} is refused. */
    @Override
    public ApplyResult dropDatabase(TargetEndpoint endpoint, String name) {
        String vhost = RabbitMqNames.vhostOf(name, "name");
        if (vhost.equals(RabbitMqNames.DEFAULT_VHOST)) {
            throw TerminalFailure.badRequest("ReservedVhostName", "name",
                    "the default vhost / belongs to the server and cannot be deleted");
        }
        return deleted(endpoint, "deleting vhost " + vhost, "/api/vhosts/" + segment(vhost));
    }

    private boolean vhostExists(TargetEndpoint endpoint, String vhost) {
        String what = "looking up vhost " + vhost;
        ManagementApi.Response r = api.get(endpoint, what, "/api/vhosts/" + segment(vhost));
        if (r.status() == 200) return true;
        if (r.status() == 404) return false;
        throw failed(endpoint, what, r);
    }

    private Optional<Map<String, Object>> user(TargetEndpoint endpoint, String login) {
        String what = "looking up user " + login;
        ManagementApi.Response r = api.get(endpoint, what, "/api/users/" + segment(login));
        if (r.status() == 404) return Optional.empty();
        if (r.status() != 200) throw failed(endpoint, what, r);
        return Optional.of(r.object());
    }

    /** The grant words for the login's permission on {@code vhost}; empty when it has none (or the vhost is gone). */
    private Set<String> held(TargetEndpoint endpoint, String login, String vhost) {
        String what = "reading user " + login + " permissions on vhost " + vhost;
        ManagementApi.Response r = api.get(endpoint, what, permissionPath(vhost, login));
        if (r.status() == 404) return Set.of();
        if (r.status() != 200) throw failed(endpoint, what, r);
        Map<String, Object> p = r.object();
        return words(String.valueOf(p.get("configure")), String.valueOf(p.get("write")), String.valueOf(p.get("read")));
    }

    private ApplyResult deleted(TargetEndpoint endpoint, String what, String path) {
        ManagementApi.Response r = api.delete(endpoint, what, path);
        if (r.status() == 204 || r.status() == 200) return ApplyResult.DELETED;
        if (r.status() == 404) return ApplyResult.NOOP;
        throw failed(endpoint, what, r);
    }

    static Set<String> words(String configure, String write, String read) {
        return Collections.unmodifiableSet(new TreeSet<>(List.of("CONFIGURE:" + configure, "WRITE:" + write, "READ:" + read)));
    }

    private static String permissionPath(String vhost, String login) {
        return "/api/permissions/" + segment(vhost) + "/" + segment(login);
    }

    /** A user's tags, whether the API lists them (3.9+) or joins them with commas (older versions). */
    static Set<String> tags(Map<String, Object> user) {
        Object raw = user.get("tags");
        Set<String> out = new TreeSet<>();
        if (raw instanceof List<?> list) list.forEach(t -> out.add(String.valueOf(t)));
        else if (raw instanceof String s) for (String t : s.split(",")) if (!t.isBlank()) out.add(t.trim());
        return out;
    }

    private static AccessScope.Vhost vhostScope(AccessScope scope) {
        if (!(scope instanceof AccessScope.Vhost v)) {
            throw new IllegalArgumentException("RabbitMQ permissions need a vhost scope, not " + scope);
        }
        RabbitMqNames.requireVhost(v.vhost(), "properties.targetService.id");
        RabbitMqNames.requirePattern(v.configure(), "properties.access.configure");
        RabbitMqNames.requirePattern(v.write(), "properties.access.write");
        RabbitMqNames.requirePattern(v.read(), "properties.access.read");
        return v;
    }

    /** A valid login that is not the administrator itself: a connection must never take over the admin user. */
    private static String requireConnectionLogin(TargetEndpoint endpoint, String login) {
        RabbitMqNames.requireLogin(login);
        if (login.equals(endpoint.adminLogin())) {
            throw TerminalFailure.conflict("LoginConflict", LOGIN_FIELD,
                    "the user " + login + " is the server's administrator and cannot be a connection's login");
        }
        return login;
    }

    /** A user with tags (administrator, management, monitoring, …) is a person's or an operator's, never a connection's. */
    private static void refuseTagged(String login, Map<String, Object> user) {
        Set<String> tags = tags(user);
        if (!tags.isEmpty()) {
            throw TerminalFailure.conflict("LoginConflict", LOGIN_FIELD, "a user named " + login + " with tags " + tags
                    + " exists; it cannot be used, changed or removed as a connection's login");
        }
    }

    private static String requirePassword(Secret secret) {
        String field = "authInfo.secretInfo.value";
        if (secret == null || secret.reveal().isEmpty()) throw TerminalFailure.missingField(field);
        String password = secret.reveal();
        // AMQP PLAIN separates user and password with NUL, and UTF-8 cannot encode an unpaired surrogate.
        if (password.indexOf('\0') >= 0 || password.codePoints().anyMatch(cp -> cp >= 0xD800 && cp <= 0xDFFF)) {
            throw TerminalFailure.badRequest("InvalidPassword", field, "the password must be valid Unicode text without NUL characters");
        }
        return password;
    }

    @Override
    public void close() {
        api.close();
    }
}
