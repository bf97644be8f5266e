package dev.switchboard.core.kinds.mysql;

import dev.switchboard.core.config.BindingEntries;
import dev.switchboard.core.config.ConfigItem;
import dev.switchboard.core.linker.ClientType;

import java.util.ArrayList;
import java.util.List;

import static dev.switchboard.core.config.ConfigItem.passwordIn;
import static dev.switchboard.core.config.ValueFormat.DOTNET;
import static dev.switchboard.core.config.ValueFormat.RAW;
import static dev.switchboard.core.config.ValueFormat.URL;

/**
 * The names, order, descriptions and value shapes Service Connector uses for MySQL with auth type {@code secret}
 * (reference/config-names, target {@code mysql}). Deliberate deviations, all documented here and in the tests:
 * <ul>
 *   <li>python, django and ruby also get {@code AZURE_MYSQL_PORT} (a local server is often not on 3306; the other
 *   client types already carry a port);</li>
 *   <li>the SSL settings follow the server's {@code sslMode} instead of always asking for TLS: JDBC {@code sslmode=}
 *   the mode itself; .NET {@code SSL Mode=} None/Preferred/Required/VerifyCA/VerifyFull; Go {@code tls=}
 *   false/preferred/skip-verify/true/true (go-sql-driver's {@code true} verifies the certificate, {@code skip-verify}
 *   is MySQL's "required"); {@code AZURE_MYSQL_SSL} {@code true} only for required and the verify modes; PHP's
 *   {@code AZURE_MYSQL_FLAG} is the doc's {@code MySQL_CLIENT_SSL} for those and {@code 0} (no flags) otherwise;
 *   Ruby's {@code AZURE_MYSQL_SSLMODE} is the mode itself (mysql2's {@code ssl_mode} values).</li>
 * </ul>
 * Values are encoded for their syntax: JDBC query values percent-encoded, ADO.NET values double-quoted when not a
 * plain word, everything else verbatim. In the Go DSN the password is verbatim on purpose: go-sql-driver takes
 * everything between the first ':' and the last '@' before the last '/', so any password survives (the login and
 * database name hold no ':', '@', '/' or '%' — the driver path-unescapes the database name — see {@link MysqlKind}).
 */
public final class MysqlConfigurationNames {
    public static final String PREFIX = "AZURE_MYSQL_";

    private MysqlConfigurationNames() { }

    /** @param infix empty, or {@code CONN_} to tell a second connection's names apart. */
    public static List<ConfigItem> items(ClientType client, MysqlConnectionInfo c, String infix) {
        String p = PREFIX + infix;
        List<ConfigItem> out = new ArrayList<>();
        switch (client) {
            case JAVA -> out.add(secret(p + "CONNECTIONSTRING", jdbcUrl(c) + "&user=" + URL.encode(c.user())
                    + "&password=" + passwordIn(URL), "JDBC MySQL connection string"));
            case SPRING_BOOT -> {
                out.add(plain("spring.datasource.url", jdbcUrl(c), "Spring Boot JDBC database URL"));
                out.add(plain("spring.datasource.username", c.user(), "Database username"));
                out.add(secret("spring.datasource.password", passwordIn(RAW), "Database password"));
            }
            case DOTNET -> out.add(secret(p + "CONNECTIONSTRING", "Server=" + DOTNET.encode(c.host())
                    + ";Database=" + DOTNET.encode(c.database()) + ";Port=" + c.port() + ";User Id=" + DOTNET.encode(c.user())
                    + ";Password=" + passwordIn(DOTNET) + ";SSL Mode=" + dotnetSsl(c.sslMode()), "ADO.NET MySQL connection string"));
            case GO -> out.add(secret(p + "CONNECTIONSTRING", c.user() + ":" + passwordIn(RAW) + "@tcp(" + address(c) + ")/"
                    + c.database() + "?tls=" + goTls(c.sslMode()), "Go-sql-driver connection string"));
            case PYTHON, DJANGO -> {
                out.add(plain(p + "NAME", c.database(), "Database name"));
                out.add(plain(p + "HOST", c.host(), "Database host URL"));
                out.add(plain(p + "USER", c.user(), "Database username"));
                out.add(secret(p + "PASSWORD", passwordIn(RAW), "Database password"));
                out.add(port(p, c));
            }
            case PHP -> {
                out.add(plain(p + "DBNAME", c.database(), "Database name"));
                out.add(plain(p + "HOST", c.host(), "Database host URL"));
                out.add(port(p, c));
                out.add(plain(p + "FLAG", tls(c.sslMode()) ? "MySQL_CLIENT_SSL" : "0", "SSL or other flags"));
                out.add(plain(p + "USERNAME", c.user(), "Database username"));
                out.add(secret(p + "PASSWORD", passwordIn(RAW), "Database password"));
            }
            case RUBY -> {
                out.add(plain(p + "DATABASE", c.database(), "Database name"));
                out.add(plain(p + "HOST", c.host(), "Database host URL"));
                out.add(plain(p + "USERNAME", c.user(), "Database username"));
                out.add(secret(p + "PASSWORD", passwordIn(RAW), "Database password"));
                out.add(plain(p + "SSLMODE", c.sslMode(), "SSL option"));
                out.add(port(p, c));
            }
            case NODEJS -> split(out, p, c, "USER");
            case NONE -> split(out, p, c, "USERNAME");
        }
        return out;
    }

    /**
     * The servicebinding.io entries: the well-known ones plus {@code database}. No {@code jdbc-url}: Spring Cloud
     * Bindings then builds {@code jdbc:mysql://} or {@code jdbc:mariadb://} for the driver on the app's classpath.
     */
    public static List<ConfigItem> bindingEntries(MysqlConnectionInfo c) {
        List<ConfigItem> out = BindingEntries.start("mysql", c.host(), c.port(), c.user());
        out.add(BindingEntries.plain("database", c.database(), "Database name"));
        return out;
    }

    /** The names alone, with the documentation's descriptions, for the configurationNames API. */
    public static List<ConfigItem> names(ClientType client) {
        return items(client, new MysqlConnectionInfo("host", 3306, "database", "user", "required"), "");
    }

    /** nodejs and none: the same six settings, the user under {@code _USER} or {@code _USERNAME} as the doc has it. */
    private static void split(List<ConfigItem> out, String p, MysqlConnectionInfo c, String userSuffix) {
        out.add(plain(p + "HOST", c.host(), "Database host URL"));
        out.add(plain(p + userSuffix, c.user(), "Database username"));
        out.add(secret(p + "PASSWORD", passwordIn(RAW), "Database password"));
        out.add(plain(p + "DATABASE", c.database(), "Database name"));
        out.add(port(p, c));
        out.add(plain(p + "SSL", String.valueOf(tls(c.sslMode())), "SSL option"));
    }

    private static ConfigItem port(String p, MysqlConnectionInfo c) {
        return plain(p + "PORT", String.valueOf(c.port()), "Port number");
    }

    private static String jdbcUrl(MysqlConnectionInfo c) {
        return "jdbc:mysql://" + address(c) + "/" + URL.encode(c.database()) + "?sslmode=" + c.sslMode();
    }

    /** host:port, an IPv6 literal in brackets (JDBC and go-sql-driver both need them). */
    private static String address(MysqlConnectionInfo c) {
        String host = c.host().indexOf(':') >= 0 && !c.host().startsWith("[") ? "[" + c.host() + "]" : c.host();
        return host + ":" + c.port();
    }

    /** Whether the mode insists on TLS (a boolean setting cannot say "preferred"). */
    static boolean tls(String sslMode) {
        return sslMode.equals("required") || sslMode.startsWith("verify_");
    }

    /** MySqlConnector and Connector/NET both accept these; "None" rather than "Disabled" for the older Connector/NET. */
    private static String dotnetSsl(String sslMode) {
        return switch (sslMode) {
            case "disabled" -> "None";
            case "required" -> "Required";
            case "verify_ca" -> "VerifyCA";
            case "verify_identity" -> "VerifyFull";
            default -> "Preferred";
        };
    }

    private static String goTls(String sslMode) {
        return switch (sslMode) {
            case "disabled" -> "false";
            case "required" -> "skip-verify";
            case "verify_ca", "verify_identity" -> "true";
            default -> "preferred";
        };
    }

    private static ConfigItem plain(String name, String value, String description) {
        return new ConfigItem(name, value, false, description);
    }

    private static ConfigItem secret(String name, String template, String description) {
        return new ConfigItem(name, template, true, description);
    }
}
