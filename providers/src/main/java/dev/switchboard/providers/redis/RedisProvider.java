package dev.switchboard.providers.redis;

import dev.switchboard.core.failure.TerminalFailure;
import dev.switchboard.core.kinds.redis.RedisAcl;
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
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisException;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Redis as a Switchboard target: one ACL user per connection ({@code ACL SETUSER}), holding exactly a key pattern,
 * a channel pattern and command rules. Every call opens its own connection as the endpoint's administrator and
 * closes it; the instance holds nothing open and is safe to share between threads.
 *
 * <p>Passwords are set as {@code #<sha256 hex>}, never as {@code >password}: Redis stores exactly that SHA-256
 * anyway, and this way the clear password is not a command argument, so it cannot appear in MONITOR output, the
 * slow log, a proxy's log or an error message echoing the command. Names reach the server only after
 * {@link RedisAcl}'s checks, and each rule is a protocol argument of its own, never part of a command line.
 *
 * <p>Observed words: attributes are the user's flags upper-cased ({@code ON}, {@code OFF}, {@code NOPASS}, ...);
 * grants are {@code KEYS:<pattern>} per key pattern ({@code KEYS:%R~x} for other forms), {@code CHANNELS:<pattern>}
 * per channel pattern, {@code COMMANDS:<the scope's rules>} when the user's command rules are equivalent to the
 * scope's (as Redis normalises both), else {@code COMMANDS-DIFFER:<the user's rules>}, and {@code SELECTOR:<...>}
 * per Redis 7 selector.
 */
public final class RedisProvider implements TargetProvider {
    private final RedisConnector connector;
    private final RedisValidation validation;
    private final RedisRulesCache rulesCache;

    /** @param connectTimeout bound on opening a TCP connection to the server (and on the reachability check) */
    public RedisProvider(Duration connectTimeout) {
        this(connectTimeout, java.time.Clock.systemUTC());
    }

    public RedisProvider(Duration connectTimeout, java.time.Clock clock) {
        this.connector = new RedisConnector(connectTimeout);
        this.validation = new RedisValidation(connector);
        this.rulesCache = new RedisRulesCache(clock);
    }

    /** Logs in as the administrator and lists the ACL users, which needs the ACL rights every later step needs. */
    @Override
    public void checkAdmin(TargetEndpoint endpoint) {
        withAdmin(endpoint, "logging in as administrator " + RedisConnector.adminLogin(endpoint) + " and listing ACL users",
                jedis -> jedis.aclUsers());
    }

    @Override
    public ObservedLogin observe(TargetEndpoint endpoint, String login, AccessScope scope) {
        AccessScope.Keys keys = checked(scope);
        RedisAcl.requireUser(login);
        RedisAclSnapshot snapshot = withAdmin(endpoint, "observing ACL user " + login,
                jedis -> snapshot(jedis, endpoint, login, keys.commandRules()));
        RedisUser user = snapshot.user();
        if (user == null) return ObservedLogin.absent(login);
        TreeSet<String> attributes = new TreeSet<>(user.flags().stream().map(f -> f.toUpperCase(java.util.Locale.ROOT)).toList());
        return new ObservedLogin(login, true, Collections.unmodifiableSortedSet(attributes),
                Collections.unmodifiableSortedSet(grantWords(user, snapshot.normalizedRules(), keys)));
    }

    private static TreeSet<String> grantWords(RedisUser user, String normalizedRules, AccessScope.Keys scope) {
        TreeSet<String> words = new TreeSet<>();
        user.keys().forEach(k -> words.add("KEYS:" + (k.startsWith("~") ? k.substring(1) : k)));
        user.channels().forEach(c -> words.add("CHANNELS:" + (c.startsWith("&") ? c.substring(1) : c)));
        user.selectors().forEach(s -> words.add("SELECTOR:" + s));
        if (user.commands().equals(normalizedRules)) words.add(commandsWord(scope));
        else if (!"-@all".equals(user.commands())) words.add("COMMANDS-DIFFER:" + user.commands());
        return words;
    }

    @Override
    public Set<String> requiredGrants(AccessScope scope) {
        AccessScope.Keys keys = checked(scope);
        return Set.of("KEYS:" + keys.keyPattern(), "CHANNELS:" + keys.channelPattern(), commandsWord(keys));
    }

    private static String commandsWord(AccessScope.Keys scope) {
        return "COMMANDS:" + String.join(" ", scope.commandRules());
    }

    /** Creates the user ({@code on}, one password) or sets its password; NOOP when it is on with exactly that password. */
    @Override
    public ApplyResult ensureLogin(TargetEndpoint endpoint, EnsureLogin step) {
        String login = requireConnectionLogin(endpoint, step.login());
        String hash = "#" + sha256Hex(PasswordText.require(step.password()));
        return withAdmin(endpoint, "setting up ACL user " + login, jedis -> {
            RedisAclSnapshot snapshot = RedisAclSnapshot.read(jedis, login, null);
            RedisUser user = snapshot.user();
            if (user == null) {
                jedis.aclSetUser(login, "on", hash);
                return ApplyResult.CREATED;
            }
            refuseAdmin(login, snapshot);
            if (user.on() && !user.flags().contains("nopass") && user.passwords().equals(List.of(hash.substring(1)))) {
                return ApplyResult.NOOP;
            }
            jedis.aclSetUser(login, "on", "resetpass", hash);
            return ApplyResult.UPDATED;
        }, step.password());
    }

    /**
     * Sets the user's keys, channels and commands to exactly the scope's (one ACL SETUSER that first resets them).
     * NOOP when the server already shows exactly that; CREATED when the user held nothing; UPDATED otherwise.
     */
    @Override
    public ApplyResult grantAccess(TargetEndpoint endpoint, GrantAccess step) {
        String login = requireConnectionLogin(endpoint, step.login());
        AccessScope.Keys scope = checked(step.scope());
        return withAdmin(endpoint, "granting ACL user " + login + " " + scope.describe(), jedis -> {
            RedisAclSnapshot snapshot = snapshot(jedis, endpoint, login, scope.commandRules());
            RedisUser user = snapshot.user();
            if (user == null) {
                throw TerminalFailure.notFound("LoginNotFound", "authInfo.name", "ACL user " + login + " does not exist");
            }
            refuseAdmin(login, snapshot);
            if (snapshot.rulesAreAdmin()) {
                throw TerminalFailure.badRequest("InvalidAccess", "properties.access.commands", "the command rules "
                        + String.join(" ", scope.commandRules()) + " would let the login administer the server");
            }
            if (holdsExactly(user, scope, snapshot.normalizedRules())) return ApplyResult.NOOP;
            List<String> rules = resetRules(user);
            rules.add("~" + scope.keyPattern());
            rules.add("&" + scope.channelPattern());
            rules.addAll(scope.commandRules());
            jedis.aclSetUser(login, rules.toArray(String[]::new));
            return user.holdsNothing() ? ApplyResult.CREATED : ApplyResult.UPDATED;
        });
    }

    /** A snapshot with the scope's rules, their normalisation taken from the cache when the server was asked recently. */
    private RedisAclSnapshot snapshot(Jedis jedis, TargetEndpoint endpoint, String login, List<String> rules) {
        String address = RedisConnector.address(endpoint);
        RedisAclSnapshot.Rules known = rulesCache.get(address, rules);
        RedisAclSnapshot snapshot = RedisAclSnapshot.read(jedis, login, rules, known);
        if (known == null) rulesCache.put(address, rules, snapshot.rules());
        return snapshot;
    }

    private static boolean holdsExactly(RedisUser user, AccessScope.Keys scope, String normalizedRules) {
        return user.keys().equals(List.of("~" + scope.keyPattern())) && user.channels().equals(List.of("&" + scope.channelPattern()))
                && user.selectors().isEmpty() && user.commands().equals(normalizedRules);
    }

    /** Takes every key, channel and command permission away (the user itself stays); NOOP when it held none. */
    @Override
    public ApplyResult revokeAccess(TargetEndpoint endpoint, GrantAccess step) {
        String login = requireConnectionLogin(endpoint, step.login());
        checked(step.scope());
        return withAdmin(endpoint, "revoking the permissions of ACL user " + login, jedis -> {
            RedisAclSnapshot snapshot = RedisAclSnapshot.read(jedis, login, null);
            RedisUser user = snapshot.user();
            if (user == null || user.holdsNothing()) return ApplyResult.NOOP;
            refuseAdmin(login, snapshot);
            jedis.aclSetUser(login, resetRules(user).toArray(String[]::new));
            return ApplyResult.DELETED;
        });
    }

    /** ACL DELUSER (which also disconnects the user's clients); NOOP when absent. */
    @Override
    public ApplyResult dropLogin(TargetEndpoint endpoint, String rawLogin) {
        String login = requireConnectionLogin(endpoint, rawLogin);
        return withAdmin(endpoint, "deleting ACL user " + login, jedis -> {
            RedisAclSnapshot snapshot = RedisAclSnapshot.read(jedis, login, null);
            if (snapshot.user() == null) return ApplyResult.NOOP;
            refuseAdmin(login, snapshot);
            return jedis.aclDelUser(login) > 0 ? ApplyResult.DELETED : ApplyResult.NOOP;
        });
    }

    /** Rules that empty the user's permissions; {@code clearselectors} only where the server has selectors (7.0+). */
    private static List<String> resetRules(RedisUser user) {
        List<String> rules = new ArrayList<>(List.of("resetkeys", "resetchannels", "-@all"));
        if (user.hasSelectors()) rules.add("clearselectors");
        return rules;
    }

    @Override
    public List<ValidationItem> validate(TargetEndpoint endpoint, AccessScope scope, String login, Secret password) {
        return validation.validate(endpoint, checked(scope), login, password);
    }

    private static AccessScope.Keys checked(AccessScope scope) {
        if (!(scope instanceof AccessScope.Keys keys)) {
            throw new IllegalArgumentException("Redis grants need a keys scope, not " + scope);
        }
        RedisAcl.requirePattern(keys.keyPattern(), "properties.access.keyPattern");
        RedisAcl.requirePattern(keys.channelPattern(), "properties.access.channelPattern");
        RedisAcl.requireRules(keys.commandRules(), "properties.access.commands");
        return keys;
    }

    /** A valid user name that is neither {@code default} nor the administrator: a connection never takes over those. */
    private static String requireConnectionLogin(TargetEndpoint endpoint, String login) {
        RedisAcl.requireUser(login);
        if (login.equals(RedisConnector.adminLogin(endpoint))) {
            throw TerminalFailure.conflict("LoginConflict", "authInfo.name",
                    "the ACL user " + login + " is the server's administrator and cannot be a connection's login");
        }
        return login;
    }

    private static void refuseAdmin(String login, RedisAclSnapshot snapshot) {
        if (snapshot.userIsAdmin()) {
            throw TerminalFailure.conflict("LoginConflict", "authInfo.name", "an ACL user named " + login
                    + " with administrative rights exists; it cannot be used or removed as a connection's login");
        }
    }

    /** Redis's own password hash: SHA-256 of the UTF-8 bytes, lower-case hex (what {@code >password} would store). */
    static String sha256Hex(String password) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(password.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }

    @FunctionalInterface
    private interface AdminWork<T> {
        T run(Jedis jedis);
    }

    /** Runs {@code work} on a new administrator connection; Jedis errors become failures naming the target, secrets masked. */
    private <T> T withAdmin(TargetEndpoint endpoint, String what, AdminWork<T> work, Secret... secrets) {
        try (Jedis jedis = connector.admin(endpoint)) {
            return work.run(jedis);
        } catch (JedisException e) {
            throw RedisConnector.map(e, endpoint, what, RedisConnector.secrets(endpoint, secrets));
        }
    }
}
