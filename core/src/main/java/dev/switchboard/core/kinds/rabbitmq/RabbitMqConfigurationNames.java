package dev.switchboard.core.kinds.rabbitmq;

import dev.switchboard.core.config.BindingEntries;
import dev.switchboard.core.config.ConfigItem;
import dev.switchboard.core.config.ValueFormat;
import dev.switchboard.core.linker.ClientType;

import java.util.ArrayList;
import java.util.List;

import static dev.switchboard.core.config.ConfigItem.passwordIn;
import static dev.switchboard.core.config.ValueFormat.AMQPJAVA;
import static dev.switchboard.core.config.ValueFormat.RAW;
import static dev.switchboard.core.config.ValueFormat.URL;

/**
 * The configuration a RabbitMQ connection projects. Service Connector has no RabbitMQ target, so every name here is
 * Switchboard's own, in Service Connector's style ({@value #PREFIX} + upper-case suffix; a second connection of the
 * kind gets its infix after the prefix), except Spring Boot's, which are Spring's own {@code spring.rabbitmq.*}
 * properties.
 * <ul>
 *   <li>{@code none}: {@code _URL} (secret) and the parts {@code _HOST _PORT _USERNAME _PASSWORD _VHOST};</li>
 *   <li>{@code java}, {@code python}, {@code nodejs}, {@code go}, {@code ruby}, {@code django}: {@code _URL}, an AMQP
 *   URI as amqp-client's {@code ConnectionFactory.setUri}, pika's {@code URLParameters}, Celery/kombu's broker URL,
 *   amqplib's {@code connect}, amqp091-go's {@code Dial} and Bunny take it;</li>
 *   <li>{@code dotnet}: {@code _CONNECTIONSTRING}, the same AMQP URI (RabbitMQ.Client's {@code ConnectionFactory.Uri},
 *   .NET Aspire's RabbitMQ connection string);</li>
 *   <li>{@code springBoot}: {@code spring.rabbitmq.host}, {@code .port}, {@code .username}, {@code .password},
 *   {@code .virtual-host}.</li>
 * </ul>
 * The URI is {@code amqp://user:password@host:port/vhost} with user, password and vhost percent-encoded as UTF-8 (the
 * default vhost {@code /} is {@code %2F}; an IPv6 host is bracketed). Java's is the exception: amqp-client decodes
 * percent escapes as US-ASCII, so its URI keeps non-ASCII characters unescaped ({@link ValueFormat#AMQPJAVA}), and
 * it decodes the vhost twice ({@link #javaUri}).
 * TLS ({@code amqps}) is not configured.
 */
public final class RabbitMqConfigurationNames {
    public static final String PREFIX = "SWITCHBOARD_RABBITMQ_";

    private RabbitMqConfigurationNames() { }

    /** @param infix empty, or e.g. {@code CONN_} to tell a second connection's names apart. */
    public static List<ConfigItem> items(ClientType client, RabbitMqConnectionInfo c, String infix) {
        String p = PREFIX + infix;
        List<ConfigItem> out = new ArrayList<>();
        switch (client) {
            case NONE -> {
                out.add(secret(p + "URL", uri(c), "AMQP URI with credentials"));
                out.add(plain(p + "HOST", c.host(), "Broker host"));
                out.add(plain(p + "PORT", String.valueOf(c.port()), "AMQP port"));
                out.add(plain(p + "USERNAME", c.user(), "Username"));
                out.add(secret(p + "PASSWORD", passwordIn(RAW), "Password"));
                out.add(plain(p + "VHOST", c.vhost(), "Virtual host"));
            }
            case DOTNET -> out.add(secret(p + "CONNECTIONSTRING", uri(c), "AMQP URI for RabbitMQ.Client (ConnectionFactory.Uri)"));
            case JAVA -> out.add(secret(p + "URL", javaUri(c), "AMQP URI with credentials (ConnectionFactory.setUri)"));
            case PYTHON, NODEJS, GO, RUBY, DJANGO -> out.add(secret(p + "URL", uri(c), "AMQP URI with credentials"));
            case SPRING_BOOT -> {
                out.add(plain("spring.rabbitmq.host", c.host(), "RabbitMQ host"));
                out.add(plain("spring.rabbitmq.port", String.valueOf(c.port()), "RabbitMQ port"));
                out.add(plain("spring.rabbitmq.username", c.user(), "Login user"));
                out.add(secret("spring.rabbitmq.password", passwordIn(RAW), "Login password"));
                out.add(plain("spring.rabbitmq.virtual-host", c.vhost(), "Virtual host"));
            }
            default -> throw new IllegalArgumentException("RabbitMQ writes no configuration for client type " + client.wire());
        }
        return out;
    }

    /**
     * The servicebinding.io entries: the well-known ones plus {@code virtual-host} (Spring Cloud Bindings maps it to
     * {@code spring.rabbitmq.virtual-host}) and {@code uri} (secret, the AMQP URI, for other consumers of the spec).
     */
    public static List<ConfigItem> bindingEntries(RabbitMqConnectionInfo c) {
        List<ConfigItem> out = BindingEntries.start("rabbitmq", c.host(), c.port(), c.user());
        out.add(BindingEntries.plain("virtual-host", c.vhost(), "Virtual host"));
        out.add(BindingEntries.secret("uri", uri(c), "AMQP URI with credentials"));
        return out;
    }

    /** The names alone, with their descriptions, for the configurationNames API. */
    public static List<ConfigItem> names(ClientType client) {
        return items(client, new RabbitMqConnectionInfo("host", 5672, "vhost", "user"), "");
    }

    /** {@code amqp://user:<password>@host:port/vhost}, every part percent-encoded as UTF-8. */
    static String uri(RabbitMqConnectionInfo c) {
        return uri(c, URL);
    }

    static String uri(RabbitMqConnectionInfo c, ValueFormat format) {
        return "amqp://" + format.encode(c.user()) + ":" + passwordIn(format) + "@" + hostPart(c.host()) + ":" + c.port()
                + "/" + format.encode(c.vhost());
    }

    /**
     * The URI for amqp-client (checked with 5.37.1): it decodes user and password once, as US-ASCII, hence
     * {@link ValueFormat#AMQPJAVA}; the vhost it decodes twice ({@code getPath()}, then again), so a vhost holding
     * {@code %} gets its escapes escaped once more. Any other vhost is written as for one decoding, which both that
     * client and a client decoding once read correctly.
     */
    static String javaUri(RabbitMqConnectionInfo c) {
        String vhost = AMQPJAVA.encode(c.vhost());
        if (c.vhost().indexOf('%') >= 0) vhost = vhost.replace("%", "%25");
        return "amqp://" + AMQPJAVA.encode(c.user()) + ":" + passwordIn(AMQPJAVA) + "@" + hostPart(c.host()) + ":" + c.port()
                + "/" + vhost;
    }

    private static String hostPart(String host) {
        return host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    private static ConfigItem plain(String name, String value, String description) {
        return new ConfigItem(name, value, false, description);
    }

    private static ConfigItem secret(String name, String template, String description) {
        return new ConfigItem(name, template, true, description);
    }
}
