package dev.switchboard.core.kinds.redis;

import dev.switchboard.core.config.BindingEntries;
import dev.switchboard.core.config.ConfigItem;
import dev.switchboard.core.linker.ClientType;

import java.util.ArrayList;
import java.util.List;

import static dev.switchboard.core.config.ConfigItem.passwordIn;
import static dev.switchboard.core.config.ValueFormat.RAW;
import static dev.switchboard.core.config.ValueFormat.STACKEXCHANGE;
import static dev.switchboard.core.config.ValueFormat.URL;

/**
 * The names and value shapes Service Connector uses for Azure Cache for Redis with auth type {@code secret}, per
 * client type (reference/config-names): {@code AZURE_REDIS_CONNECTIONSTRING} for dotnet (StackExchange.Redis), java
 * (Jedis), python (redis-py), go (go-redis) and nodejs (node-redis); {@code spring.redis.*} for springBoot (the
 * Spring Boot 2 names the reference lists) plus the same settings as {@code spring.data.redis.*} (and
 * {@code spring.data.redis.ssl.enabled}), which Spring Boot 3 reads; {@code AZURE_REDIS_HOST/PORT/DATABASE/PASSWORD/SSL} for none.
 *
 * <p>One deliberate deviation everywhere: Service Connector's values log in as Redis's {@code default} user with the
 * access key, while a Switchboard connection is its own ACL user, so the user name is added: as URL userinfo
 * ({@code redis://user:password@host:port/db} instead of {@code redis://:password@...}), as {@code user=} in the
 * StackExchange.Redis string, and as the extra settings {@code spring.redis.username} and {@code AZURE_REDIS_USERNAME}.
 * The scheme is {@code rediss} and the .NET option {@code ssl=True} only when the server speaks TLS (option
 * {@code ssl}); the reference examples assume Azure's TLS port 6380.
 */
public final class RedisConfigurationNames {
    public static final String PREFIX = "AZURE_REDIS_";

    private RedisConfigurationNames() { }

    /** @param infix empty, or {@code CONN_} to tell a second connection's names apart. */
    public static List<ConfigItem> items(ClientType client, RedisConnectionInfo c, String infix) {
        String p = PREFIX + infix;
        List<ConfigItem> out = new ArrayList<>();
        switch (client) {
            case DOTNET -> out.add(secret(p + "CONNECTIONSTRING", hostPort(c) + ",user=" + STACKEXCHANGE.encode(c.user()) + ",password="
                    + passwordIn(STACKEXCHANGE) + ",ssl=" + (c.ssl() ? "True" : "False") + ",defaultDatabase=" + c.database(),
                    "StackExchange.Redis connection string"));
            case JAVA -> out.add(secret(p + "CONNECTIONSTRING", url(c), "Jedis connection string"));
            case PYTHON -> out.add(secret(p + "CONNECTIONSTRING", url(c), "redis-py connection string"));
            case GO -> out.add(secret(p + "CONNECTIONSTRING", url(c), "go-redis connection string"));
            case NODEJS -> out.add(secret(p + "CONNECTIONSTRING", url(c), "node-redis connection string"));
            case SPRING_BOOT -> {
                out.add(plain("spring.redis.host", c.host(), "Redis host"));
                out.add(plain("spring.redis.port", String.valueOf(c.port()), "Redis port"));
                out.add(plain("spring.redis.database", String.valueOf(c.database()), "Redis database"));
                out.add(plain("spring.redis.username", c.user(), "Redis ACL user"));
                out.add(secret("spring.redis.password", passwordIn(RAW), "Redis key"));
                out.add(plain("spring.redis.ssl", String.valueOf(c.ssl()), "SSL setting"));
                springBoot3(out, c);
            }
            case NONE -> {
                out.add(plain(p + "HOST", c.host(), "Redis host"));
                out.add(plain(p + "PORT", String.valueOf(c.port()), "Redis port"));
                out.add(plain(p + "DATABASE", String.valueOf(c.database()), "Redis database"));
                out.add(plain(p + "USERNAME", c.user(), "Redis ACL user"));
                out.add(secret(p + "PASSWORD", passwordIn(RAW), "Redis key"));
                out.add(plain(p + "SSL", String.valueOf(c.ssl()), "SSL setting"));
            }
            default -> throw new IllegalArgumentException("Redis has no configuration for client type " + client.wire());
        }
        return out;
    }

    /**
     * The servicebinding.io entries: the well-known ones plus {@code database} and {@code url} (secret, the
     * {@code redis[s]://user:password@host:port/db} form). Spring Cloud Bindings maps {@code url} to
     * {@code spring.data.redis.url}, the only way it passes an ACL user name (it has no mapping for {@code username})
     * and TLS ({@code rediss}); its {@code ssl} mapping is not written because Spring Boot 3.1+ cannot bind a
     * boolean to {@code spring.data.redis.ssl}.
     */
    public static List<ConfigItem> bindingEntries(RedisConnectionInfo c) {
        List<ConfigItem> out = BindingEntries.start("redis", c.host(), c.port(), c.user());
        out.add(BindingEntries.plain("database", String.valueOf(c.database()), "Redis database"));
        out.add(BindingEntries.secret("url", url(c), "Redis URL with credentials"));
        return out;
    }

    /**
     * Spring Boot 3 reads {@code spring.data.redis.*}, not the Boot 2 names the reference lists: both sets are written,
     * so the same connection works on either.
     */
    private static void springBoot3(List<ConfigItem> out, RedisConnectionInfo c) {
        out.add(plain("spring.data.redis.host", c.host(), "Redis host (Spring Boot 3)"));
        out.add(plain("spring.data.redis.port", String.valueOf(c.port()), "Redis port (Spring Boot 3)"));
        out.add(plain("spring.data.redis.database", String.valueOf(c.database()), "Redis database (Spring Boot 3)"));
        out.add(plain("spring.data.redis.username", c.user(), "Redis ACL user (Spring Boot 3)"));
        out.add(secret("spring.data.redis.password", passwordIn(RAW), "Redis key (Spring Boot 3)"));
        out.add(plain("spring.data.redis.ssl.enabled", String.valueOf(c.ssl()), "SSL setting (Spring Boot 3)"));
    }

    /** The names alone, with the documentation's descriptions, for the configurationNames API. */
    public static List<ConfigItem> names(ClientType client) {
        return items(client, new RedisConnectionInfo("host", 6380, 0, "user", true), "");
    }

    /** {@code redis[s]://user:password@host:port/db}: user and password percent-encoded (every client decodes userinfo). */
    private static String url(RedisConnectionInfo c) {
        return (c.ssl() ? "rediss" : "redis") + "://" + URL.encode(c.user()) + ":" + passwordIn(URL) + "@"
                + hostPort(c) + "/" + c.database();
    }

    private static String hostPort(RedisConnectionInfo c) {
        String host = c.host().indexOf(':') >= 0 && !c.host().startsWith("[") ? "[" + c.host() + "]" : c.host();
        return host + ":" + c.port();
    }

    private static ConfigItem plain(String name, String value, String description) {
        return new ConfigItem(name, value, false, description);
    }

    private static ConfigItem secret(String name, String template, String description) {
        return new ConfigItem(name, template, true, description);
    }
}
