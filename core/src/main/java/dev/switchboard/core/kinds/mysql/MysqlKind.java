package dev.switchboard.core.kinds.mysql;

import dev.switchboard.core.config.ConfigItem;
import dev.switchboard.core.config.ConnectionFacts;
import dev.switchboard.core.failure.TerminalFailure;
import dev.switchboard.core.id.ResourceId;
import dev.switchboard.core.linker.ClientType;
import dev.switchboard.core.target.AccessScope;
import dev.switchboard.core.target.TargetKind;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code Microsoft.DBforMySQL/flexibleServers/databases} (MySQL or MariaDB): one account {@code 'login'@'%'} per
 * connection holding {@code SELECT, INSERT, UPDATE, DELETE} on {@code database.*} and nothing else. Single server
 * ({@code Microsoft.DBforMySQL/servers}) is accepted as an alias, as Service Connector's deprecated {@code mysql}
 * target still uses it.
 *
 * <p>Server properties: {@code fullyQualifiedDomainName} (address), {@code port} (default 3306),
 * {@code administratorLogin} and the admin password. Endpoint option {@code sslMode}: one of {@link #SSL_MODES}
 * (the {@code mysql} client's {@code --ssl-mode} values in lower case), default {@code preferred}, which is what
 * both the {@code mysql} client and MySQL Connector/J do when nothing is set. It decides what the written
 * configuration asks for and how Switchboard itself connects.
 *
 * <p>The {@code access} object has no fields: a MySQL database has no schemas inside it, so the scope is always
 * the whole target database. Any field (e.g. {@code schema}) is refused rather than silently ignored.
 */
public final class MysqlKind implements TargetKind {
    public static final List<String> SSL_MODES = List.of("disabled", "preferred", "required", "verify_ca", "verify_identity");
    public static final String DEFAULT_SSL_MODE = "preferred";
    /**
     * 32 characters: MySQL 5.7+/8's limit (MariaDB allows 80); the portable bound. Letters, digits and '_' only, so
     * a login is never a LIKE pattern, never needs quoting in any configuration syntax and never holds ':' or '@'.
     */
    private static final Pattern LOGIN = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,31}");
    /** Database names: letters, digits, '_', '$', '-' (backtick-quoted on the server; plain in every config syntax). */
    public static final Pattern DATABASE = Pattern.compile("[A-Za-z0-9_$-]{1,64}");
    /** Accounts a connection must never be: the servers' own and Azure's. Compared case-insensitively. */
    public static final Set<String> RESERVED_LOGINS = Set.of("root", "mysql", "mariadb.sys", "mysql.sys", "mysql.session",
            "mysql.infoschema", "public", "azure_superuser", "azure_root", "debian-sys-maint");
    /** Schemas that belong to the server; never a connection's target and never dropped. */
    public static final Set<String> SYSTEM_SCHEMAS = Set.of("mysql", "information_schema", "performance_schema", "sys");

    @Override public String name() { return "mysql"; }

    @Override public List<String> serverTypes() {
        return List.of("microsoft.dbformysql/flexibleservers", "microsoft.dbformysql/servers");
    }

    @Override public Optional<String> childType() { return Optional.of("databases"); }

    @Override public String hostProperty() { return "fullyQualifiedDomainName"; }

    @Override public int defaultPort() { return 3306; }

    @Override public Set<String> endpointOptions() { return Set.of("sslMode"); }

    @Override public boolean adminPasswordRequired() { return true; }

    @Override public String configPrefix() { return MysqlConfigurationNames.PREFIX; }

    @Override public List<ClientType> clientTypes() {
        return List.of(ClientType.NONE, ClientType.DOTNET, ClientType.JAVA, ClientType.PYTHON, ClientType.GO, ClientType.PHP,
                ClientType.RUBY, ClientType.DJANGO, ClientType.NODEJS, ClientType.SPRING_BOOT);
    }

    @Override public int maxLoginLength() { return 32; }

    @Override public void checkLogin(String login) {
        if (login == null || !LOGIN.matcher(login).matches() || RESERVED_LOGINS.contains(login.toLowerCase(Locale.ROOT))) {
            throw TerminalFailure.badRequest("InvalidLoginName", "properties.authInfo.name", "properties.authInfo.name must be"
                    + " 1-32 characters of letters, digits and '_', start with a letter or '_', and not be a server account"
                    + " such as root");
        }
    }

    @Override public AccessScope scope(ResourceId target, Map<String, Object> access, String linkerName) {
        if (access != null && !access.isEmpty()) {
            String field = access.keySet().iterator().next();
            throw TerminalFailure.badRequest("InvalidAccess", "properties.access." + field, "properties.access." + field
                    + " is not supported for MySQL: a connection is granted SELECT, INSERT, UPDATE, DELETE on its whole database");
        }
        checkDatabase(target.name());
        return new AccessScope.Database(target.name(), null);
    }

    @Override public void checkChildName(String name) { checkDatabase(name); }

    /** Refuses (400 {@code InvalidDatabaseName}) a database name outside {@link #DATABASE} or a system schema. */
    public static void checkDatabase(String database) {
        if (database == null || !DATABASE.matcher(database).matches() || grantedLength(database) > 64
                || SYSTEM_SCHEMAS.contains(database.toLowerCase(Locale.ROOT))) {
            throw TerminalFailure.badRequest("InvalidDatabaseName", "name", "a MySQL database name must be 1-64 characters of"
                    + " letters, digits, '_', '$' and '-' ('_' counts twice: a grant stores it escaped, in 64 characters),"
                    + " and not a system schema (mysql, information_schema, performance_schema, sys)");
        }
    }

    /** The length of the name as a database-level grant stores it: '_' is a LIKE wildcard there, escaped as "\\_". */
    private static int grantedLength(String database) {
        return database.length() + (int) database.chars().filter(ch -> ch == '_').count();
    }

    @Override public List<ConfigItem> configuration(ClientType client, ConnectionFacts facts, String infix) {
        return MysqlConfigurationNames.items(client, info(facts), infix);
    }

    @Override public List<ConfigItem> bindingEntries(ConnectionFacts facts) {
        return MysqlConfigurationNames.bindingEntries(info(facts));
    }

    private static MysqlConnectionInfo info(ConnectionFacts facts) {
        AccessScope.Database db = (AccessScope.Database) facts.scope();
        return new MysqlConnectionInfo(facts.host(), facts.port(), db.database(), facts.login(),
                sslMode(facts.option("sslMode", DEFAULT_SSL_MODE)));
    }

    /**
     * The canonical form of an {@code sslMode} option: case-insensitive, '-' read as '_' (so {@code VERIFY-CA} and
     * Connector/J's {@code VERIFY_CA} both work); anything else is a 400 at {@code properties.sslMode}.
     */
    public static String sslMode(String value) {
        String mode = value == null ? DEFAULT_SSL_MODE : value.trim().toLowerCase(Locale.ROOT).replace('-', '_');
        if (!SSL_MODES.contains(mode)) {
            throw TerminalFailure.badRequest("InvalidSslMode", "properties.sslMode",
                    "properties.sslMode must be one of " + String.join(", ", SSL_MODES));
        }
        return mode;
    }
}
