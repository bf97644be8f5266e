package dev.switchboard.core.kinds.nats;

import dev.switchboard.core.config.BindingEntries;
import dev.switchboard.core.config.ConfigItem;
import dev.switchboard.core.linker.ClientType;

import java.util.List;

import static dev.switchboard.core.config.ConfigItem.passwordIn;
import static dev.switchboard.core.config.ValueFormat.RAW;
import static dev.switchboard.core.config.ValueFormat.URL;

/**
 * The configuration a NATS connection projects. Service Connector has no NATS target, so the environment names are
 * ours: {@code SWITCHBOARD_NATS_URL} ({@code nats://host:port}), {@code SWITCHBOARD_NATS_USERNAME} and
 * {@code SWITCHBOARD_NATS_PASSWORD}, the same for every client type but Spring Boot, because every NATS client
 * (nats.go, nats.js, nats.py, NATS.Net, jnats, nats-pure, PHP) takes a server URL plus a user and password. The
 * password is never put into the URL (it would need URL-encoding and would leak in logs that print the URL).
 * Spring Boot gets the properties of the NATS project's own autoconfiguration ({@code io.nats:nats-spring}):
 * {@code nats.spring.server}, {@code nats.spring.username}, {@code nats.spring.password}.
 */
public final class NatsConfigurationNames {
    public static final String PREFIX = "SWITCHBOARD_NATS_";

    private NatsConfigurationNames() { }

    /** @param infix empty, or {@code CONN_} to tell a second connection's names apart (not used by Spring Boot's names). */
    public static List<ConfigItem> items(ClientType client, String host, int port, String login, String infix) {
        String url = url(host, port);
        if (client == ClientType.SPRING_BOOT) {
            return List.of(new ConfigItem("nats.spring.server", url, false, "NATS server URL"),
                    new ConfigItem("nats.spring.username", login, false, "NATS user"),
                    new ConfigItem("nats.spring.password", passwordIn(RAW), true, "NATS password"));
        }
        String p = PREFIX + infix;
        return List.of(new ConfigItem(p + "URL", url, false, "NATS server URL"),
                new ConfigItem(p + "USERNAME", login, false, "NATS user"),
                new ConfigItem(p + "PASSWORD", passwordIn(RAW), true, "NATS password"));
    }

    /** The servicebinding.io entries: the well-known ones plus {@code uri} ({@code nats://host:port}, no credentials). */
    public static List<ConfigItem> bindingEntries(String host, int port, String login) {
        List<ConfigItem> out = BindingEntries.start("nats", host, port, login);
        out.add(BindingEntries.plain("uri", url(host, port), "NATS server URL"));
        return out;
    }

    /**
     * The .NET connection string: {@code nats://user:password@host:port} (user and password percent-encoded), the form
     * .NET Aspire's NATS integration reads.
     */
    public static String connectionString(String host, int port, String login) {
        return url(host, port).replace("nats://", "nats://" + URL.encode(login) + ":" + passwordIn(URL) + "@");
    }

    /** The names alone, for the configurationNames API. */
    public static List<ConfigItem> names(ClientType client) {
        return items(client, "host", 4222, "user", "");
    }

    /** {@code nats://host:port}, an IPv6 literal in brackets. */
    public static String url(String host, int port) {
        String h = host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
        return "nats://" + h + ":" + port;
    }
}
