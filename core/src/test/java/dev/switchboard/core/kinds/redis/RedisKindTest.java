package dev.switchboard.core.kinds.redis;

import dev.switchboard.core.failure.TerminalFailure;
import dev.switchboard.core.id.ResourceId;
import dev.switchboard.core.target.AccessScope;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The pure facts of the Redis kind: resource types, defaults of {@code access}, and what it refuses. */
class RedisKindTest {
    private static final RedisKind KIND = new RedisKind();
    private static final String SERVER = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Cache/redis/cache";
    private static final ResourceId TARGET = ResourceId.parse(SERVER);

    @Test
    void factsOfTheKind() {
        assertThat(KIND.name()).isEqualTo("redis");
        assertThat(KIND.serverTypes()).containsExactly("microsoft.cache/redis");
        assertThat(KIND.childType()).isEmpty();
        assertThat(KIND.hostProperty()).isEqualTo("hostName");
        assertThat(KIND.defaultPort()).isEqualTo(6379);
        assertThat(KIND.endpointOptions()).containsExactly("ssl");
        assertThat(KIND.adminPasswordRequired()).isFalse();
        assertThat(KIND.configPrefix()).isEqualTo("AZURE_REDIS_");
        assertThat(KIND.isTarget(TARGET)).isTrue();
        assertThat(KIND.isTarget(ResourceId.parse(SERVER + "/databases/0"))).isFalse();
        assertThat(KIND.serverOf(TARGET)).isEqualTo(TARGET);
    }

    @Test
    void emptyAccessGivesTheDocumentedDefaults() {
        assertThat(KIND.scope(TARGET, Map.of(), "conn"))
                .isEqualTo(new AccessScope.Keys("*", "*", List.of("+@all", "-@admin", "-@dangerous")));
        assertThat(RedisKind.database(Map.of())).isZero();
    }

    @Test
    void accessFieldsAreTaken() {
        AccessScope.Keys keys = (AccessScope.Keys) KIND.scope(TARGET, Map.of("keyPattern", "app:*", "channelPattern", "app:events:*",
                "commands", "+@read +@write -@dangerous", "database", 3), "conn");
        assertThat(keys).isEqualTo(new AccessScope.Keys("app:*", "app:events:*", List.of("+@read", "+@write", "-@dangerous")));
        assertThat(KIND.scope(TARGET, Map.of("commands", List.of("+get", "+set", "+object|encoding")), "c"))
                .isEqualTo(new AccessScope.Keys("*", "*", List.of("+get", "+set", "+object|encoding")));
        assertThat(RedisKind.database(Map.of("database", "15"))).isEqualTo(15);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "app:* ~*", "%R~app:*", "~app", "&x", ">pw", "#x", "-app", ".x", "app\n", "app\0",
            "app[ab]*", "app\\*", "ключ:*", "a\"b", "a'b"})
    void badKeyPatternsAre400(String pattern) {
        TerminalFailure f = catchThrowableOfType(TerminalFailure.class, () -> KIND.scope(TARGET, Map.of("keyPattern", pattern), "c"));
        assertThat(f.status()).isEqualTo(400);
        assertThat(f.code()).isEqualTo("InvalidAccess");
        assertThat(f.target()).isEqualTo("properties.access.keyPattern");
    }

    @ParameterizedTest
    @ValueSource(strings = {"+@all", "+@all -@read", "+@admin", "+@all -@admin +@dangerous", "+config|set", "+config|get", "+acl", "allkeys",
            "+GET", "+get ~*", "on", ">pw", "+@all\n-@admin", "+", "+a|b|c", "nopass +@all -@admin"})
    void badCommandRulesAre400(String rules) {
        TerminalFailure f = catchThrowableOfType(TerminalFailure.class, () -> KIND.scope(TARGET, Map.of("commands", rules), "c"));
        assertThat(f).as(rules).isNotNull();
        assertThat(f.status()).isEqualTo(400);
        assertThat(f.target()).isEqualTo("properties.access.commands");
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "1024", "x", "1.5"})
    void badDatabasesAre400(String database) {
        TerminalFailure f = catchThrowableOfType(TerminalFailure.class, () -> KIND.scope(TARGET, Map.of("database", database), "c"));
        assertThat(f.target()).isEqualTo("properties.access.database");
        assertThat(catchThrowableOfType(TerminalFailure.class, () -> RedisKind.database(Map.of("database", 1.5)))).isNotNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"default", "DEFAULT", "on", "nopass", "resetkeys", "allkeys", ">x", "~x", "&x", "+x", "-x", "@x",
            "#x", "%x", "!x", "<x", ".x", "a b", "a\nb", "a\0", "é", "x:y", ""})
    void badLoginsAre400(String login) {
        TerminalFailure f = catchThrowableOfType(TerminalFailure.class, () -> KIND.checkLogin(login));
        assertThat(f.status()).isEqualTo(400);
        assertThat(f.code()).isEqualTo("InvalidLoginName");
        assertThat(f.target()).isEqualTo("properties.authInfo.name");
    }

    @Test
    void generatedLoginsAndLongOnesUpToTheLimit() {
        KIND.checkLogin("sb_myconn_a1b2c3");
        KIND.checkLogin("x".repeat(KIND.maxLoginLength()));
        assertThat(catchThrowableOfType(TerminalFailure.class, () -> KIND.checkLogin("x".repeat(KIND.maxLoginLength() + 1)))).isNotNull();
    }
}
