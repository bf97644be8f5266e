package dev.switchboard.engine;

import dev.switchboard.core.failure.TerminalFailure;
import dev.switchboard.core.id.ResourceId;
import dev.switchboard.core.secret.Secret;
import dev.switchboard.core.store.StoredResource;
import dev.switchboard.core.target.ServerAdmin;
import dev.switchboard.core.target.TargetEndpoint;
import dev.switchboard.core.target.TargetProvider;

import java.util.Map;
import java.util.Set;

/** Finds a target's server resource and builds the admin endpoint for it from the store. */
public final class TargetResolver {
    /** Single server ("servers") is accepted as an alias: the reference examples still use it. */
    public static final Set<String> POSTGRES_SERVER_TYPES = Set.of("microsoft.dbforpostgresql/flexibleservers",
            "microsoft.dbforpostgresql/servers");
    public static final String ADMIN_PASSWORD_SECRET = "server:%s:adminPassword";

    private final Stores stores;
    private final TargetProvider postgres;
    private final ServerAdmin postgresAdmin;

    public TargetResolver(Stores stores, TargetProvider postgres, ServerAdmin postgresAdmin) {
        this.stores = stores;
        this.postgres = postgres;
        this.postgresAdmin = postgresAdmin;
    }

    public static boolean isPostgresServer(ResourceId id) {
        return id.isResource() && POSTGRES_SERVER_TYPES.contains(id.fullType().toLowerCase());
    }

    public static boolean isPostgresDatabase(ResourceId id) {
        return id.isResource() && id.types().size() == 2 && id.types().get(1).equalsIgnoreCase("databases")
                && isPostgresServer(id.parent());
    }

    /** Resolves {@code targetId}, a PostgreSQL database; 400 for other types, 404 when it does not exist. */
    public ResolvedTarget resolve(ResourceId targetId) {
        if (!isPostgresDatabase(targetId)) {
            throw TerminalFailure.badRequest("TargetTypeNotSupported", "properties.targetService.id", "target type '"
                    + targetId.fullType() + "' is not supported yet; connect to a Microsoft.DBforPostgreSQL/flexibleServers/databases");
        }
        stores.resources().get(targetId).orElseThrow(() -> missingTarget(targetId));
        return new ResolvedTarget(targetId, targetId.parent(), targetId.name(), "public", endpoint(targetId.parent()),
                sslMode(targetId.parent()), postgres, postgresAdmin);
    }

    /** The 404 for a target that does not exist (or, to a token, lies outside its scope). */
    public static TerminalFailure missingTarget(ResourceId targetId) {
        return TerminalFailure.notFound("TargetResourceNotFound", "properties.targetService.id", "target " + targetId + " does not exist");
    }

    public TargetProvider resolveProvider(ResourceId server) {
        if (!isPostgresServer(server)) {
            throw TerminalFailure.badRequest("TargetTypeNotSupported", "properties.targetService.id",
                    "server type '" + server.fullType() + "' is not supported");
        }
        return postgres;
    }

    public TargetEndpoint endpoint(ResourceId server) {
        StoredResource s = stores.resources().get(server).orElseThrow(() -> TerminalFailure.notFound(
                "TargetResourceNotFound", "properties.targetService.id", "server " + server + " does not exist"));
        Map<String, Object> p = s.properties();
        Secret password = stores.secrets().get(ADMIN_PASSWORD_SECRET.formatted(server.key())).orElse(Secret.of(""));
        return new TargetEndpoint(String.valueOf(p.get("fullyQualifiedDomainName")), ((Number) p.get("port")).intValue(),
                String.valueOf(p.get("administratorLogin")), password, "postgres");
    }

    private String sslMode(ResourceId server) {
        Object mode = stores.resources().get(server).map(s -> s.properties().get("sslMode")).orElse(null);
        return mode == null ? "prefer" : mode.toString();
    }
}
