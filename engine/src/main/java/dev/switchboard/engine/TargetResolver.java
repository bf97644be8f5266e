package dev.switchboard.engine;

import dev.switchboard.core.failure.TerminalFailure;
import dev.switchboard.core.id.ResourceId;
import dev.switchboard.core.secret.Secret;
import dev.switchboard.core.store.StoredResource;
import dev.switchboard.core.target.TargetEndpoint;
import dev.switchboard.core.target.TargetKind;

import java.util.LinkedHashMap;
import java.util.Map;

/** Finds a target's kind and server resource and builds the admin endpoint for it from the store. */
public final class TargetResolver {
    public static final String ADMIN_PASSWORD_SECRET = "server:%s:adminPassword";
    /** The code of a target (or its server) that does not exist. */
    public static final String MISSING = "TargetResourceNotFound";

    private final Stores stores;
    private final TargetKinds kinds;

    public TargetResolver(Stores stores, TargetKinds kinds) {
        this.stores = stores;
        this.kinds = kinds;
    }

    public TargetKinds kinds() {
        return kinds;
    }

    /** Resolves {@code targetId}: 400 for a type no kind connects to, 404 when it does not exist. */
    public ResolvedTarget resolve(ResourceId targetId) {
        TargetKinds.Registered kind = kindOf(targetId);
        stores.resources().get(targetId).orElseThrow(() -> missingTarget(targetId));
        ResourceId server = kind.kind().serverOf(targetId);
        return new ResolvedTarget(targetId, server, kind, endpoint(server));
    }

    /** The kind whose connections reach {@code targetId}'s type: 400 for a type no kind connects to. */
    public TargetKinds.Registered kindOf(ResourceId targetId) {
        return kinds.forTarget(targetId).orElseThrow(() -> TerminalFailure.badRequest(
                "TargetTypeNotSupported", "properties.targetService.id", "target type '" + targetId.fullType()
                        + "' is not supported; connect to one of " + String.join(", ", kinds.targetTypes())));
    }

    /** The 404 for a target that does not exist (or, to a token, lies outside its scope). */
    public static TerminalFailure missingTarget(ResourceId targetId) {
        return TerminalFailure.notFound(MISSING, "properties.targetService.id", "target " + targetId + " does not exist");
    }

    public TargetKinds.Registered kindOfServer(ResourceId server) {
        return kinds.requireServer(server);
    }

    public TargetEndpoint endpoint(ResourceId server) {
        TargetKind kind = kinds.requireServer(server).kind();
        StoredResource s = stores.resources().get(server).orElseThrow(() -> TerminalFailure.notFound(
                MISSING, "properties.targetService.id", "server " + server + " does not exist"));
        return endpointOf(kind, s.properties(), stores.secrets().get(ADMIN_PASSWORD_SECRET.formatted(server.key())).orElse(null));
    }

    /** The endpoint a stored server resource describes (its properties as its handler stored them). */
    public static TargetEndpoint endpointOf(TargetKind kind, Map<String, Object> p, Secret adminPassword) {
        Object port = p.get("port");
        Object login = p.get("administratorLogin");
        Map<String, String> options = new LinkedHashMap<>();
        for (String name : kind.endpointOptions()) {
            if (p.get(name) != null) options.put(name, String.valueOf(p.get(name)));
        }
        return new TargetEndpoint(String.valueOf(p.get(kind.hostProperty())),
                port instanceof Number n ? n.intValue() : kind.defaultPort(),
                login == null ? kind.defaultAdminLogin() : String.valueOf(login),
                adminPassword == null ? Secret.of("") : adminPassword, kind.adminDatabase(), options);
    }
}
