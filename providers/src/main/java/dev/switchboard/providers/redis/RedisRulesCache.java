package dev.switchboard.providers.redis;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a server made of a scope's command rules (normalised form, allows administration or not), kept for a short
 * while per server address and rules: a create asks twice (observe, then grant) for the same rules, and the answer
 * takes a scratch user in a MULTI/EXEC of ten commands. The answer depends only on the server's version and
 * modules, so a short lifetime bounds how long a server upgraded in place is judged by its old answer; the user's
 * own ACL is never cached.
 */
final class RedisRulesCache {
    static final Duration LIFETIME = Duration.ofSeconds(30);
    private static final int MAX_ENTRIES = 256;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final Clock clock;

    private record Entry(RedisAclSnapshot.Rules rules, Instant at) { }

    RedisRulesCache(Clock clock) {
        this.clock = clock;
    }

    /** The recent answer for these rules on this server, or null. */
    RedisAclSnapshot.Rules get(String address, List<String> rules) {
        Entry e = entries.get(key(address, rules));
        if (e == null || Duration.between(e.at(), clock.instant()).compareTo(LIFETIME) >= 0) return null;
        return e.rules();
    }

    void put(String address, List<String> rules, RedisAclSnapshot.Rules answer) {
        if (answer.normalized() == null) return; // the scratch user could not be read: ask again next time
        if (entries.size() >= MAX_ENTRIES) entries.clear();
        entries.put(key(address, rules), new Entry(answer, clock.instant()));
    }

    private static String key(String address, List<String> rules) {
        return address + "\0" + String.join("\0", rules);
    }
}
