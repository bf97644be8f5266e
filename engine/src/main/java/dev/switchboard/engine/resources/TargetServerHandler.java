package dev.switchboard.engine.resources;

import dev.switchboard.core.failure.TerminalFailure;
import dev.switchboard.core.failure.TransientFailure;
import dev.switchboard.core.id.ResourceId;
import dev.switchboard.core.secret.Secret;
import dev.switchboard.core.store.StoredResource;
import dev.switchboard.core.target.TargetEndpoint;
import dev.switchboard.core.target.TargetKind;
import dev.switchboard.engine.Stores;
import dev.switchboard.engine.TargetFaults;
import dev.switchboard.engine.TargetKinds;
import dev.switchboard.engine.TargetResolver;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A target server of any kind (a PostgreSQL or MySQL server, a Redis, a broker): adopts a real one. The user gives
 * its address (the kind's host property, {@code port}) and admin credential ({@code administratorLogin},
 * {@code administratorLoginPassword}); a kind with a default server (PostgreSQL: the configured or embedded one)
 * adopts it when no address is given. The admin login is checked before anything is stored; the password goes to
 * the secret store, never into the resource.
 */
public final class TargetServerHandler implements ResourceHandler {
    private final Stores stores;
    private final TargetKinds.Registered registered;
    private final Optional<TargetEndpoint> defaultServer;

    public TargetServerHandler(Stores stores, TargetKinds.Registered registered, Optional<TargetEndpoint> defaultServer) {
        this.stores = stores;
        this.registered = registered;
        this.defaultServer = defaultServer;
    }

    @Override
    public Map<String, Object> realise(ResourceId id, Map<String, Object> body, Optional<StoredResource> existing) {
        TargetKind kind = registered.kind();
        Map<String, Object> p = new LinkedHashMap<>(Bodies.properties(body));
        TargetEndpoint endpoint = endpoint(id, p, existing);
        try {
            registered.provider().checkAdmin(endpoint);
        } catch (TransientFailure e) {
            throw TerminalFailure.badRequest(TargetFaults.UNREACHABLE, "properties." + kind.hostProperty(),
                    "cannot reach " + kind.name() + " at " + endpoint.host() + ":" + endpoint.port() + ": " + e.getMessage());
        }
        stores.secrets().put(secretName(id), endpoint.adminPassword());
        p.remove("administratorLoginPassword");
        p.put(kind.hostProperty(), endpoint.host());
        p.put("port", endpoint.port());
        if (endpoint.adminLogin() != null) p.put("administratorLogin", endpoint.adminLogin());
        kind.endpointDefaults().forEach(p::putIfAbsent);
        p.put("state", "Ready");
        p.put("provisioningState", "Succeeded");
        return Bodies.withProperties(body, p);
    }

    private TargetEndpoint endpoint(ResourceId id, Map<String, Object> p, Optional<StoredResource> existing) {
        TargetKind kind = registered.kind();
        String hostField = "properties." + kind.hostProperty();
        String host = Bodies.optionalString(p, kind.hostProperty(), hostField);
        String login = Bodies.optionalString(p, "administratorLogin", "properties.administratorLogin");
        String password = Bodies.optionalString(p, "administratorLoginPassword", "properties.administratorLoginPassword");
        for (String option : kind.endpointOptions()) Bodies.optionalScalar(p, option, "properties." + option);
        if (host == null && existing.isEmpty()) {
            TargetEndpoint d = defaultServer.orElseThrow(() -> TerminalFailure.missingField(hostField));
            if (login == null) return describe(p, d.host(), d.port(), d.adminLogin(), d.adminPassword());
            host = d.host();
            p.putIfAbsent("port", d.port());
        }
        if (host == null) host = String.valueOf(existing.get().properties().get(kind.hostProperty()));
        Object storedPort = existing.map(e -> e.properties().get("port")).orElse(kind.defaultPort());
        int port = Bodies.port(p, "port", "properties.port", ((Number) storedPort).intValue());
        if (login == null) login = existing.map(e -> (String) e.properties().get("administratorLogin")).orElse(kind.defaultAdminLogin());
        if (login == null) throw TerminalFailure.missingField("properties.administratorLogin");
        return describe(p, host, port, login, adminSecret(id, password));
    }

    /** The given password, else the one stored for this server, else none where the kind needs none (Redis). */
    private Secret adminSecret(ResourceId id, String given) {
        if (given != null) return Secret.of(given);
        return stores.secrets().get(secretName(id))
                .or(() -> registered.kind().adminPasswordRequired() ? Optional.empty() : Optional.of(Secret.of("")))
                .orElseThrow(() -> TerminalFailure.missingField("properties.administratorLoginPassword"));
    }

    /** The endpoint these properties describe once the address and login are settled. */
    private TargetEndpoint describe(Map<String, Object> p, String host, int port, String login, Secret secret) {
        Map<String, Object> props = new LinkedHashMap<>(p);
        props.put(registered.kind().hostProperty(), host);
        props.put("port", port);
        props.put("administratorLogin", login);
        return TargetResolver.endpointOf(registered.kind(), props, secret);
    }

    @Override
    public void remove(ResourceId id, StoredResource stored) {
        Optional<String> child = registered.kind().childType();
        if (child.isPresent() && !stores.resources().children(id, id.fullType() + "/" + child.get()).isEmpty()) {
            String code = "ServerHas" + Character.toUpperCase(child.get().charAt(0)) + child.get().substring(1);
            throw TerminalFailure.conflict(code, id.toString(), "delete the server's " + child.get() + " first");
        }
        stores.secrets().delete(secretName(id));
    }

    private static String secretName(ResourceId id) {
        return TargetResolver.ADMIN_PASSWORD_SECRET.formatted(id.key());
    }
}
