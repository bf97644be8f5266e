package dev.switchboard.providers.redis;

import dev.switchboard.core.secret.Secret;
import dev.switchboard.core.target.TargetEndpoint;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The machine's Redis on 127.0.0.1:6379 ({@code default} user without password, persistence off) and helpers that
 * talk to it directly with plain Jedis, independently of the code under test. Every test run names its ACL users
 * with its own random prefix, and {@link #dropEverything} deletes all of them.
 */
final class RedisTestSupport {
    static final String HOST = "127.0.0.1";
    static final int PORT = 6379;
    /** The administrator as a registered server would give it: {@code default}, no password. */
    static final TargetEndpoint ADMIN = new TargetEndpoint(HOST, PORT, "default", null, null);

    private RedisTestSupport() { }

    /** A fresh prefix such as {@code sbt_k3x9q2ab}. */
    static String prefix() {
        StringBuilder sb = new StringBuilder("sbt_");
        ThreadLocalRandom r = ThreadLocalRandom.current();
        for (int i = 0; i < 8; i++) sb.append("abcdefghijklmnopqrstuvwxyz0123456789".charAt(r.nextInt(36)));
        return sb.toString();
    }

    /** A direct administrator connection (the default user). */
    static Jedis admin() {
        return new Jedis(HOST, PORT);
    }

    /** A direct connection that logs in as {@code user}. */
    static Jedis as(String user, String password) {
        return new Jedis(new HostAndPort(HOST, PORT), DefaultJedisClientConfig.builder().user(user).password(password).build());
    }

    static Set<String> users() {
        try (Jedis j = admin()) {
            return new TreeSet<>(j.aclUsers());
        }
    }

    static Set<String> users(String prefix) {
        return new TreeSet<>(users().stream().filter(u -> u.startsWith(prefix)).toList());
    }

    /** The {@code ACL LIST} lines of the users starting with {@code prefix}. */
    static List<String> aclLines(String prefix) {
        try (Jedis j = admin()) {
            return j.aclList().stream().filter(l -> l.startsWith("user " + prefix)).toList();
        }
    }

    /** ACL GETUSER as parsed by the provider's own parser is deliberately not used: raw fields, by name. */
    static String field(String user, String name) {
        try (Jedis j = admin()) {
            Object reply = j.sendCommand(redis.clients.jedis.Protocol.Command.ACL, "GETUSER", user);
            if (!(reply instanceof List<?> fields)) return null;
            for (int i = 0; i + 1 < fields.size(); i += 2) {
                if (RedisUser.text(fields.get(i)).equals(name)) return String.join(" ", RedisUser.texts(fields.get(i + 1)));
            }
            return null;
        }
    }

    static void dropEverything(String prefix) {
        try (Jedis j = admin()) {
            for (String u : j.aclUsers()) if (u.startsWith(prefix)) j.aclDelUser(u);
            for (String k : j.keys(prefix + "*")) j.del(k);
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static TargetEndpoint endpoint(String adminLogin, String adminPassword) {
        return new TargetEndpoint(HOST, PORT, adminLogin, adminPassword == null ? null : Secret.of(adminPassword), null);
    }
}
