package dev.switchboard.providers.redis;

import redis.clients.jedis.Jedis;
import redis.clients.jedis.Protocol.Command;
import redis.clients.jedis.Transaction;
import redis.clients.jedis.exceptions.JedisDataException;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * One consistent look at a user, read in a single MULTI/EXEC: the user itself ({@code ACL GETUSER}), whether it may
 * run administrative commands ({@code ACL DRYRUN}, Redis 7.0+), and, when command rules are given, the form Redis
 * normalises those rules to and whether they would allow administration.
 *
 * <p>The normalised form is what Redis itself prints for the rules, read back from a scratch user that is created,
 * read and deleted inside the same transaction: Redis runs a transaction atomically, so no other client ever sees
 * the scratch user, and if the connection breaks before EXEC nothing was created at all. This lets observe and
 * apply compare rules the way the server understands them rather than re-implementing its rewriting.
 */
record RedisAclSnapshot(RedisUser user, boolean userIsAdmin, String normalizedRules, boolean rulesAreAdmin) {
    /** What the server makes of a list of command rules: its normalised form and whether it allows administration. */
    record Rules(String normalized, boolean admin) { }

    /** Commands only an administrator may run; a user allowed any of them is treated as one. */
    static final List<List<String>> ADMIN_PROBES = List.of(List.of("ACL", "SETUSER", "x"), List.of("CONFIG", "SET", "x", "y"),
            List.of("MODULE", "LOAD", "x"), List.of("SHUTDOWN"), List.of("DEBUG", "SLEEP", "0"), List.of("REPLICAOF", "no", "one"));
    private static final SecureRandom RANDOM = new SecureRandom();

    /** @param rules the scope's command rules, or null when only the user matters */
    static RedisAclSnapshot read(Jedis jedis, String login, List<String> rules) {
        return read(jedis, login, rules, null);
    }

    /**
     * @param known what the server already said about {@code rules} (from a recent snapshot), or null to ask it again
     *              with a scratch user
     */
    static RedisAclSnapshot read(Jedis jedis, String login, List<String> rules, Rules known) {
        if (rules != null && known != null) {
            RedisAclSnapshot user = read(jedis, login, null, null);
            return new RedisAclSnapshot(user.user(), user.userIsAdmin(), known.normalized(), known.admin());
        }
        String scratch = "sb-scratch-" + HexFormat.of().formatHex(bytes());
        List<Object> replies;
        try (Transaction tx = jedis.multi()) {
            if (rules != null) {
                List<String> args = new ArrayList<>(List.of("SETUSER", scratch, "reset"));
                args.addAll(rules);
                tx.sendCommand(Command.ACL, args.toArray(String[]::new));
                tx.sendCommand(Command.ACL, "GETUSER", scratch);
                dryRuns(tx, scratch);
                tx.sendCommand(Command.ACL, "DELUSER", scratch);
            }
            tx.sendCommand(Command.ACL, "GETUSER", login);
            dryRuns(tx, login);
            replies = tx.exec();
        }
        int userAt = rules == null ? 0 : 3 + ADMIN_PROBES.size();
        RedisUser user = RedisUser.parse(replies.get(userAt));
        boolean userIsAdmin = user != null && anyAllowed(replies, userAt + 1);
        if (rules == null) return new RedisAclSnapshot(user, userIsAdmin, null, false);
        failOn(replies.get(0));
        RedisUser normalized = RedisUser.parse(replies.get(1));
        return new RedisAclSnapshot(user, userIsAdmin, normalized == null ? null : normalized.commands(), anyAllowed(replies, 2));
    }

    /** The rules part, for reuse by a later snapshot with the same rules on the same server. */
    Rules rules() {
        return new Rules(normalizedRules, rulesAreAdmin);
    }

    private static void dryRuns(Transaction tx, String user) {
        for (List<String> probe : ADMIN_PROBES) {
            List<String> args = new ArrayList<>(List.of("DRYRUN", user));
            args.addAll(probe);
            tx.sendCommand(Command.ACL, args.toArray(String[]::new));
        }
    }

    /**
     * True when ACL DRYRUN answered OK to any probe. An error reply means "not allowed" (or, on Redis 6, that
     * DRYRUN does not exist: then the kind's own refusal of administrative rules is the only guard).
     */
    private static boolean anyAllowed(List<Object> replies, int from) {
        for (int i = from; i < from + ADMIN_PROBES.size(); i++) {
            if ("OK".equals(RedisUser.text(replies.get(i)))) return true;
        }
        return false;
    }

    /** A rule the server refused (the kind's check should have caught it): surfaced as the server's error. */
    private static void failOn(Object reply) {
        if (reply instanceof JedisDataException e) throw e;
    }

    private static byte[] bytes() {
        byte[] b = new byte[12];
        RANDOM.nextBytes(b);
        return b;
    }
}
