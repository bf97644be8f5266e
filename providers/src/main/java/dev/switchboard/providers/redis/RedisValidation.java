package dev.switchboard.providers.redis;

import dev.switchboard.core.linker.ValidationItem;
import dev.switchboard.core.secret.Secret;
import dev.switchboard.core.target.AccessScope;
import dev.switchboard.core.target.TargetEndpoint;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.SetParams;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A connection's validation as the connection itself, on a new connection that authenticates with the connection's
 * user and password (never the administrator's): {@code TargetReachable} (a TCP connect), {@code CredentialsLogIn}
 * ({@code AUTH user password} and a PING) and {@code CanReadWrite} (SET, GET and DEL of a fresh key inside the key
 * pattern). The three items are always returned; a check not attempted because an earlier one failed is a failure
 * with code {@code Skipped}. No message contains a password.
 *
 * <p>The key is made from the pattern by putting {@code switchboard-validate:<random>} where its first {@code *}
 * is (others become empty, {@code ?} becomes {@code x}): {@code app:*} gives {@code app:switchboard-validate:<random>},
 * {@code *} gives {@code switchboard-validate:<random>}. It is written with NX (never overwriting an app's key)
 * and a 60-second expiry (gone even if the DEL is lost). A pattern without {@code *} names the app's own keys, so
 * writing one could destroy data: then only a read (EXISTS) is done and the item is a WARNING saying so.
 */
final class RedisValidation {
    static final String REACHABLE = "TargetReachable";
    static final String LOGIN = "CredentialsLogIn";
    static final String READ_WRITE = "CanReadWrite";
    private static final SecureRandom RANDOM = new SecureRandom();
    private final RedisConnector connector;

    RedisValidation(RedisConnector connector) {
        this.connector = connector;
    }

    List<ValidationItem> validate(TargetEndpoint endpoint, AccessScope.Keys scope, String login, Secret password) {
        String address = RedisConnector.address(endpoint);
        List<String> secrets = RedisConnector.secrets(endpoint, password);
        List<ValidationItem> items = new ArrayList<>();
        items.add(reachable(endpoint, address));
        if (!items.get(0).passed()) {
            items.add(skipped(LOGIN, loginDescription(login, address), REACHABLE));
            items.add(skipped(READ_WRITE, readWriteDescription(scope), REACHABLE));
            return items;
        }
        Jedis jedis;
        try {
            jedis = connector.open(endpoint, login, password == null ? Secret.of("") : password);
        } catch (JedisException e) {
            items.add(ValidationItem.failure(LOGIN, loginDescription(login, address), loginCode(e),
                    "login as " + login + " at " + address + " failed: " + RedisConnector.describe(e, secrets)));
            items.add(skipped(READ_WRITE, readWriteDescription(scope), LOGIN));
            return items;
        }
        try (jedis) {
            items.add(ValidationItem.success(LOGIN, loginDescription(login, address)));
            items.add(readWrite(jedis, scope, secrets));
        }
        return items;
    }

    private ValidationItem reachable(TargetEndpoint endpoint, String address) {
        String description = "A TCP connection to " + address + " can be opened";
        try {
            connector.probe(endpoint);
            return ValidationItem.success(REACHABLE, description);
        } catch (IOException e) {
            return ValidationItem.failure(REACHABLE, description, "TargetUnreachable",
                    "cannot connect to " + address + ": " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private static String loginCode(JedisException e) {
        if (RedisConnector.isLoginRefused(e)) return "AuthenticationFailed";
        if (e instanceof JedisConnectionException) return "TargetUnreachable";
        return "LoginFailed";
    }

    private static ValidationItem readWrite(Jedis jedis, AccessScope.Keys scope, List<String> secrets) {
        String description = readWriteDescription(scope);
        String key = keyFor(scope.keyPattern());
        try {
            if (key == null) {
                jedis.exists(scope.keyPattern().replace('?', 'x'));
                return new ValidationItem(READ_WRITE, description, ValidationItem.Result.WARNING, "WriteNotChecked",
                        "the key pattern has no '*', so it names the app's own keys: only a read was checked, nothing was written");
            }
            String value = "switchboard-" + random();
            if (jedis.set(key, value, SetParams.setParams().nx().px(60_000)) == null) {
                key = keyFor(scope.keyPattern());   // taken: a second random key cannot also be
                jedis.set(key, value, SetParams.setParams().nx().px(60_000));
            }
            String read = jedis.get(key);
            jedis.del(key);
            if (!value.equals(read)) {
                return ValidationItem.failure(READ_WRITE, description, "ReadWriteFailed", "the value read back from " + key + " differs");
            }
            return ValidationItem.success(READ_WRITE, description);
        } catch (JedisException e) {
            String code = String.valueOf(e.getMessage()).startsWith("NOPERM") ? "PermissionDenied" : "ReadWriteFailed";
            return ValidationItem.failure(READ_WRITE, description, code, "SET/GET/DEL of " + key + " failed: "
                    + RedisConnector.describe(e, secrets));
        }
    }

    /** A fresh key matching {@code pattern} (see the class comment), or null when the pattern has no {@code *}. */
    static String keyFor(String pattern) {
        int star = pattern.indexOf('*');
        if (star < 0) return null;
        String head = pattern.substring(0, star) + "switchboard-validate:" + random();
        return (head + pattern.substring(star + 1).replace("*", "")).replace('?', 'x');
    }

    private static String random() {
        byte[] b = new byte[8];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    private static ValidationItem skipped(String name, String description, String because) {
        return ValidationItem.failure(name, description, "Skipped", "not attempted because " + because + " failed");
    }

    private static String loginDescription(String login, String address) {
        return "The ACL user " + login + " can log in to " + address;
    }

    private static String readWriteDescription(AccessScope.Keys scope) {
        return "The ACL user can write, read and delete a key matching " + scope.keyPattern();
    }
}
