package dev.switchboard.core.kinds.postgres;

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
 * {@code Microsoft.DBforPostgreSQL/flexibleServers/databases}: a login role with DML on one database's schema
 * ({@code access.schema}, default {@code public}). Single server ({@code servers}) is accepted as an alias because
 * the reference examples still use it.
 */
public final class PostgresKind implements TargetKind {
    private static final Pattern LOGIN = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");
    private static final Pattern SCHEMA = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");

    @Override public String name() { return "postgresql"; }

    @Override public List<String> serverTypes() {
        return List.of("microsoft.dbforpostgresql/flexibleservers", "microsoft.dbforpostgresql/servers");
    }

    @Override public Optional<String> childType() { return Optional.of("databases"); }

    @Override public String hostProperty() { return "fullyQualifiedDomainName"; }

    @Override public int defaultPort() { return 5432; }

    @Override public Set<String> endpointOptions() { return Set.of("sslMode"); }

    @Override public boolean adminPasswordRequired() { return true; }

    @Override public String adminDatabase() { return "postgres"; }

    @Override public Map<String, String> endpointDefaults() { return Map.of("sslMode", "prefer"); }

    @Override public Map<String, Object> childDefaults() { return Map.of("charset", "UTF8"); }

    @Override public String configPrefix() { return PostgresConfigurationNames.PREFIX; }

    @Override public List<ClientType> clientTypes() {
        return List.of(ClientType.NONE, ClientType.DOTNET, ClientType.JAVA, ClientType.PYTHON, ClientType.GO, ClientType.PHP,
                ClientType.RUBY, ClientType.DJANGO, ClientType.NODEJS, ClientType.SPRING_BOOT);
    }

    @Override public int maxLoginLength() { return 63; }

    @Override public void checkLogin(String login) {
        if (!LOGIN.matcher(login).matches() || login.toLowerCase(Locale.ROOT).startsWith("pg_")) {
            throw TerminalFailure.badRequest("InvalidLoginName", "properties.authInfo.name", "properties.authInfo.name must be"
                    + " 1-63 characters of letters, digits and '_', start with a letter or '_', and not start with 'pg_'");
        }
    }

    @Override public AccessScope scope(ResourceId target, Map<String, Object> access, String linkerName) {
        Object schema = access.getOrDefault("schema", "public");
        if (!(schema instanceof String s) || !SCHEMA.matcher(s).matches() || s.toLowerCase(Locale.ROOT).startsWith("pg_")) {
            throw TerminalFailure.badRequest("InvalidAccess", "properties.access.schema",
                    "properties.access.schema must be a schema name of letters, digits and '_' (not starting with 'pg_')");
        }
        return new AccessScope.Database(target.name(), s);
    }

    @Override public List<ConfigItem> configuration(ClientType client, ConnectionFacts facts, String infix) {
        return PostgresConfigurationNames.items(client, info(facts), infix);
    }

    @Override public List<ConfigItem> bindingEntries(ConnectionFacts facts) {
        return PostgresConfigurationNames.bindingEntries(info(facts));
    }

    private static PostgresConnectionInfo info(ConnectionFacts facts) {
        AccessScope.Database db = (AccessScope.Database) facts.scope();
        return new PostgresConnectionInfo(facts.host(), facts.port(), db.database(), facts.login(), facts.option("sslMode", "prefer"));
    }
}
