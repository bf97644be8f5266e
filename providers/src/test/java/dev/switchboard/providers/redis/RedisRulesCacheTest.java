package dev.switchboard.providers.redis;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The server's answer about a scope's rules is reused per server and rules only, and only for a short while. */
class RedisRulesCacheTest {
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");
    private final RedisRulesCache cache = new RedisRulesCache(new Clock() {
        @Override public ZoneId getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(ZoneId zone) { return this; }
        @Override public Instant instant() { return now; }
    });
    private final List<String> rules = List.of("+@all", "-@admin", "-@dangerous");
    private final RedisAclSnapshot.Rules answer = new RedisAclSnapshot.Rules("+@all -@admin -@dangerous", false);

    @Test
    void aRecentAnswerIsReusedForTheSameServerAndRules() {
        cache.put("127.0.0.1:6379", rules, answer);
        now = now.plusSeconds(29);
        assertThat(cache.get("127.0.0.1:6379", rules)).isEqualTo(answer);
    }

    @Test
    void anotherServerOrOtherRulesAreAskedAgain() {
        cache.put("127.0.0.1:6379", rules, answer);
        assertThat(cache.get("127.0.0.1:6380", rules)).isNull();
        assertThat(cache.get("127.0.0.1:6379", List.of("+@all", "-@admin"))).isNull();
        assertThat(cache.get("127.0.0.1:6379", List.of("+@all -@admin", "-@dangerous"))).as("rule boundaries count").isNull();
    }

    @Test
    void anAnswerExpires() {
        cache.put("127.0.0.1:6379", rules, answer);
        now = now.plus(RedisRulesCache.LIFETIME);
        assertThat(cache.get("127.0.0.1:6379", rules)).isNull();
    }

    @Test
    void anAnswerWithoutTheNormalisedFormIsNotKept() {
        cache.put("127.0.0.1:6379", rules, new RedisAclSnapshot.Rules(null, false));
        assertThat(cache.get("127.0.0.1:6379", rules)).isNull();
    }
}
