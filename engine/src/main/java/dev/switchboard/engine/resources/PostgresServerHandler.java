package dev.switchboard.engine.resources;

import dev.switchboard.core.failure.TerminalFailure;
import dev.switchboard.core.failure.TransientFailure;
import dev.switchboard.core.id.ResourceId;
import dev.switchboard.core.secret.Secret;
import dev.switchboard.core.store.StoredResource;
import dev.switchboard.core.target.ServerAdmin;
import dev.switchboard.core.target.TargetEndpoint;
import dev.switchboard.engine.Stores;
import dev.switchboard.engine.TargetResolver;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code Microsoft.DBforPostgreSQL/flexibleServers}: adopts a real server. The user gives its address
 * ({@code fullyQualifiedDomainName}, {@code port}) and admin credential; without an address the resource adopts
 * Switchboard's default server (the configured one, or the embedded one). The admin login is checked before
 * anything is stored; the password goes to the secret store, never into the resource.
 */
public final class PostgresServerHandler implements ResourceHandler {
    private final Stores stores;
    private final ServerAdmin admin;
    private final Optional<TargetEndpoint> defaultServer;

    public PostgresServerHandler(Stores stores, ServerAdmin admin, Optional<TargetEndpoint> defaultServer) {
        this.stores = stores;
        this.admin = admin;
        this.defaultServer = defaultServer;
    }

    @Override
    public Map<String, Object> realise(ResourceId id, Map<String, Object> body, Optional<StoredResource> existing) {
        Map<String, Object> p = new LinkedHashMap<>(Bodies.properties(body));
        TargetEndpoint endpoint = endpoint(id, p, existing);
        try {
            admin.checkAdmin(endpoint);
        } catch (TransientFailure e) {
            throw TerminalFailure.badRequest("ServerUnreachable", "properties.fullyQualifiedDomainName",
                    "cannot reach PostgreSQL at " + endpoint.host() + ":" + endpoint.port() + ": " + e.getMessage());
        }
        stores.secrets().put(secretName(id), endpoint.adminPassword());
        p.remove("administratorLoginPassword");
        p.put("fullyQualifiedDomainName", endpoint.host());
        p.put("port", endpoint.port());
        p.put("administratorLogin", endpoint.adminLogin());
        p.putIfAbsent("sslMode", "prefer");
        p.put("state", "Ready");
        p.put("provisioningState", "Succeeded");
        return Bodies.withProperties(body, p);
    }

    private TargetEndpoint endpoint(ResourceId id, Map<String, Object> p, Optional<StoredResource> existing) {
        String host = Bodies.optionalString(p, "fullyQualifiedDomainName", "properties.fullyQualifiedDomainName");
        String login = Bodies.optionalString(p, "administratorLogin", "properties.administratorLogin");
        String password = Bodies.optionalString(p, "administratorLoginPassword", "properties.administratorLoginPassword");
        if (host == null && existing.isEmpty()) {
            TargetEndpoint d = defaultServer.orElseThrow(() -> TerminalFailure.missingField("properties.fullyQualifiedDomainName"));
            if (login == null) return d;
            host = d.host();
            p.putIfAbsent("port", d.port());
        }
        if (host == null) host = String.valueOf(existing.get().properties().get("fullyQualifiedDomainName"));
        Object storedPort = existing.map(e -> e.properties().get("port")).orElse(5432);
        int port = Bodies.port(p, "port", "properties.port", ((Number) storedPort).intValue());
        if (login == null) login = existing.map(e -> String.valueOf(e.properties().get("administratorLogin")))
                .orElseThrow(() -> TerminalFailure.missingField("properties.administratorLogin"));
        Secret secret = password != null ? Secret.of(password)
                : stores.secrets().get(secretName(id)).orElseThrow(() -> TerminalFailure.missingField("properties.administratorLoginPassword"));
        return new TargetEndpoint(host, port, login, secret, "postgres");
    }

    @Override
    public void remove(ResourceId id, StoredResource stored) {
        if (!stores.resources().children(id, id.fullType() + "/databases").isEmpty()) {
            throw TerminalFailure.conflict("ServerHasDatabases", id.toString(), "delete the server's databases first");
        }
        stores.secrets().delete(secretName(id));
    }

    private static String secretName(ResourceId id) {
        return TargetResolver.ADMIN_PASSWORD_SECRET.formatted(id.key());
    }
}
