package dev.switchboard.core.kinds.postgres;

import dev.switchboard.core.config.BindingEntries;
import dev.switchboard.core.config.ConfigItem;
import dev.switchboard.core.linker.ClientType;

import java.util.ArrayList;
import java.util.List;

import static dev.switchboard.core.config.ConfigItem.passwordIn;
import static dev.switchboard.core.config.ValueFormat.DOTNET;
import static dev.switchboard.core.config.ValueFormat.LIBPQ;
import static dev.switchboard.core.config.ValueFormat.RAW;
import static dev.switchboard.core.config.ValueFormat.URL;

/**
 * The names and value shapes Service Connector uses for PostgreSQL with auth type {@code secret}, per client type
 * (reference/config-names). Where the documentation is inconsistent we follow it for compatibility: {@code none}
 * uses {@code _USERNAME}, nodejs and django use {@code _USER}. Two deliberate additions, both because a local
 * server is often not on 5432: go/php/ruby strings always carry {@code port=}, django also gets {@code _PORT};
 * and the .NET string carries the password (the documentation's example omits it, which cannot log in).
 */
public final class PostgresConfigurationNames {
    public static final String PREFIX = "AZURE_POSTGRESQL_";

    private PostgresConfigurationNames() { }

    /** @param infix empty, or {@code CONN_} to tell a second connection's names apart. */
    public static List<ConfigItem> items(ClientType client, PostgresConnectionInfo c, String infix) {
        String p = PREFIX + infix;
        List<ConfigItem> out = new ArrayList<>();
        switch (client) {
            case JAVA -> out.add(secret(p + "CONNECTIONSTRING", jdbcUrl(c) + "&user=" + URL.encode(c.user())
                    + "&password=" + passwordIn(URL), "JDBC PostgreSQL connection string"));
            case SPRING_BOOT -> {
                out.add(plain("spring.datasource.url", jdbcUrl(c), "Database URL"));
                out.add(plain("spring.datasource.username", c.user(), "Database username"));
                out.add(secret("spring.datasource.password", passwordIn(RAW), "Database password"));
            }
            case DOTNET -> out.add(secret(p + "CONNECTIONSTRING", "Server=" + DOTNET.encode(c.host())
                    + ";Database=" + DOTNET.encode(c.database()) + ";Port=" + c.port() + ";Ssl Mode=" + dotnetSsl(c.sslMode())
                    + ";User Id=" + DOTNET.encode(c.user()) + ";Password=" + passwordIn(DOTNET) + ";",
                    ".NET PostgreSQL connection string"));
            case PYTHON -> out.add(secret(p + "CONNECTIONSTRING", "dbname=" + LIBPQ.encode(c.database()) + " host="
                    + LIBPQ.encode(c.host()) + " port=" + c.port() + libpqTail(c), "psycopg2 connection string"));
            case GO -> out.add(secret(p + "CONNECTIONSTRING", "host=" + LIBPQ.encode(c.host()) + " port=" + c.port()
                    + " dbname=" + LIBPQ.encode(c.database()) + libpqTail(c), "Go PostgreSQL connection string"));
            case PHP, RUBY -> out.add(secret(p + "CONNECTIONSTRING", "host=" + LIBPQ.encode(c.host()) + " port=" + c.port()
                    + " dbname=" + LIBPQ.encode(c.database()) + libpqTail(c),
                    (client == ClientType.PHP ? "PHP native" : "Ruby") + " PostgreSQL connection string"));
            case DJANGO -> {
                out.add(plain(p + "NAME", c.database(), "Database name"));
                out.add(plain(p + "HOST", c.host(), "Database host URL"));
                out.add(plain(p + "PORT", String.valueOf(c.port()), "Port number"));
                out.add(plain(p + "USER", c.user(), "Database username"));
                out.add(secret(p + "PASSWORD", passwordIn(RAW), "Database password"));
            }
            case NODEJS -> split(out, p, c, "USER");
            case NONE -> split(out, p, c, "USERNAME");
        }
        return out;
    }

    /**
     * The servicebinding.io entries: the well-known ones plus {@code database}, {@code sslmode} and {@code jdbc-url}
     * (Spring Cloud Bindings' PostgreSQL mapping takes {@code jdbc-url} as {@code spring.datasource.url}).
     */
    public static List<ConfigItem> bindingEntries(PostgresConnectionInfo c) {
        List<ConfigItem> out = BindingEntries.start("postgresql", c.host(), c.port(), c.user());
        out.add(BindingEntries.plain("database", c.database(), "Database name"));
        out.add(BindingEntries.plain("sslmode", c.sslMode(), "libpq SSL mode"));
        out.add(BindingEntries.plain("jdbc-url", jdbcUrl(c), "JDBC URL without credentials"));
        return out;
    }

    /** The names alone, with the documentation's descriptions, for the configurationNames API. */
    public static List<ConfigItem> names(ClientType client) {
        return items(client, new PostgresConnectionInfo("host", 5432, "database", "user", "require"), "");
    }

    private static void split(List<ConfigItem> out, String p, PostgresConnectionInfo c, String userSuffix) {
        out.add(plain(p + "HOST", c.host(), "Database host URL"));
        out.add(plain(p + userSuffix, c.user(), "Database username"));
        out.add(plain(p + "DATABASE", c.database(), "Database name"));
        out.add(plain(p + "PORT", String.valueOf(c.port()), "Port number"));
        out.add(plain(p + "SSL", String.valueOf("require".equals(c.sslMode()) || "verify-full".equals(c.sslMode())), "SSL option"));
        out.add(secret(p + "PASSWORD", passwordIn(RAW), "Database password"));
    }

    private static String jdbcUrl(PostgresConnectionInfo c) {
        return "jdbc:postgresql://" + c.host() + ":" + c.port() + "/" + URL.encode(c.database()) + "?sslmode=" + c.sslMode();
    }

    private static String libpqTail(PostgresConnectionInfo c) {
        return " sslmode=" + c.sslMode() + " user=" + LIBPQ.encode(c.user()) + " password=" + passwordIn(LIBPQ);
    }

    private static String dotnetSsl(String sslMode) {
        return switch (sslMode) {
            case "disable" -> "Disable";
            case "allow" -> "Allow";
            case "require" -> "Require";
            case "verify-ca" -> "VerifyCA";
            case "verify-full" -> "VerifyFull";
            default -> "Prefer";
        };
    }

    private static ConfigItem plain(String name, String value, String description) {
        return new ConfigItem(name, value, false, description);
    }

    private static ConfigItem secret(String name, String template, String description) {
        return new ConfigItem(name, template, true, description);
    }
}
