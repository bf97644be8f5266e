package dev.switchboard.server.api;

import dev.switchboard.core.access.AccessPolicy;
import dev.switchboard.core.access.Grant;
import dev.switchboard.core.access.Principal;
import dev.switchboard.core.access.Role;
import dev.switchboard.core.access.TokenHash;
import dev.switchboard.core.access.TokenValue;
import dev.switchboard.core.failure.Echo;
import dev.switchboard.core.failure.TerminalFailure;
import dev.switchboard.core.id.ResourceId;
import dev.switchboard.core.secret.Secret;
import dev.switchboard.core.store.StoredToken;
import dev.switchboard.core.store.TokenStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;

/**
 * Access tokens ({@code /providers/Switchboard.Access/tokens[/{name}]}): create, list, show, delete. The router
 * lets only Owners in; here each Owner sees and manages the tokens at or under its own scope. A token's value is in
 * exactly one answer, the one that creates it; lists, shows and logs carry its public id only.
 */
public final class TokenEndpoints {
    public static final List<String> API_VERSIONS = List.of("2024-04-01");
    private static final Logger LOG = LoggerFactory.getLogger(TokenEndpoints.class);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private final TokenStore tokens;
    private final AccessPolicy policy;
    private final RandomGenerator random;
    private final Clock clock;

    /** @param random a cryptographically strong generator: token secrets come from it */
    public TokenEndpoints(TokenStore tokens, AccessPolicy policy, RandomGenerator random, Clock clock) {
        this.tokens = tokens;
        this.policy = policy;
        this.random = random;
        this.clock = clock;
    }

    public ApiResponse list(ApiRequest req, Principal who) {
        ApiVersions.check(req.apiVersion(), API_VERSIONS);
        LinkerEndpoints.requireGet(req);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("value", tokens.tokensWithin(who.grant().scope()).stream().map(t -> view(t, null)).toList());
        out.put("nextLink", null);
        return ApiResponse.ok(out);
    }

    public ApiResponse handle(ApiRequest req, ApiPath.Token path, Principal who) {
        ApiVersions.check(req.apiVersion(), API_VERSIONS);
        String name = validName(path.name());
        return switch (req.method()) {
            case "GET" -> ApiResponse.ok(view(visible(name, who).orElseThrow(() -> notFound(name)), null));
            case "PUT" -> create(req, name, who);
            case "DELETE" -> delete(name, who);
            default -> throw LinkerEndpoints.methodNotAllowed(req);
        };
    }

    private ApiResponse create(ApiRequest req, String name, Principal who) {
        Grant grant = requestedGrant(ResourceEndpoints.requireBody(req));
        policy.decideMint(who, grant).require();
        TokenValue value = TokenValue.mint(random);
        StoredToken t = new StoredToken(value.id(), name, TokenHash.of(value.secret().reveal()), grant, clock.instant(), who.name());
        // A taken id is as good as impossible (62 random bits), so a refused insert means the name is taken.
        if (!tokens.saveToken(t)) {
            throw TerminalFailure.conflict("TokenAlreadyExists", "name", "A token named '" + name
                    + "' exists already; delete it first to replace it (a token's value is shown only when it is created).");
        }
        LOG.info("token '{}' (id {}, {} on {}) created by '{}'", name, t.id(), grant.role().wire(), grant.describeScope(), who.name());
        return ApiResponse.of(201, view(t, value.full()));
    }

    /** Like ARM: 200 when deleted, 204 when there was nothing (or nothing this principal can see) to delete. */
    private ApiResponse delete(String name, Principal who) {
        Optional<StoredToken> t = visible(name, who);
        if (t.isEmpty()) return ApiResponse.noContent();
        if (t.get().isBootstrap()) {
            throw TerminalFailure.conflict("BootstrapTokenNotDeletable", "name", "The bootstrap token cannot be deleted: it is"
                    + " the data directory's own access (its value is in the token file).");
        }
        tokens.deleteToken(t.get().id());
        LOG.info("token '{}' (id {}) deleted by '{}'", name, t.get().id(), who.name());
        return ApiResponse.ok(null);
    }

    private Optional<StoredToken> visible(String name, Principal who) {
        return tokens.tokensWithin(who.grant().scope()).stream().filter(t -> t.name().equals(name)).findFirst();
    }

    private static Grant requestedGrant(Map<String, Object> body) {
        if (!(body.get("properties") instanceof Map<?, ?> properties)) {
            if (body.get("properties") == null) throw TerminalFailure.missingField("properties");
            throw TerminalFailure.invalidField("properties", "must be an object");
        }
        if (properties.get("role") == null) throw TerminalFailure.missingField("properties.role");
        Role role = Role.parse(properties.get("role") instanceof String s ? s : null).orElseThrow(() -> TerminalFailure.badRequest(
                "InvalidRole", "properties.role", "properties.role '" + Echo.of(String.valueOf(properties.get("role")))
                        + "' is not a role; use Reader, Contributor or Owner"));
        return new Grant(role, scope(properties.get("scope")));
    }

    /** A subscription, resource group or resource ID; it need not exist yet. Null (or absent) is everything. */
    private static ResourceId scope(Object raw) {
        if (raw == null) return null;
        if (!(raw instanceof String s)) throw TerminalFailure.invalidField("properties.scope", "must be a resource ID string");
        try {
            return ResourceId.parse(s);
        } catch (TerminalFailure e) {
            throw TerminalFailure.badRequest("InvalidResourceId", "properties.scope", "properties.scope: " + e.getMessage());
        }
    }

    private static String validName(String name) {
        if (!NAME.matcher(name).matches()) {
            throw TerminalFailure.badRequest("InvalidResourceName", "name", "The token name '" + Echo.of(name)
                    + "' is not valid: 1-64 characters, letters, digits, '.', '_' and '-'.");
        }
        return name;
    }

    private static TerminalFailure notFound(String name) {
        return TerminalFailure.notFound("ResourceNotFound", "name", "The token '" + name + "' was not found.");
    }

    /** ARM's shape; {@code value} (the token itself) only in the answer that creates it. */
    private static Map<String, Object> view(StoredToken t, Secret value) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("tokenId", t.id());
        p.put("role", t.grant().role().wire());
        if (t.grant().scope() != null) p.put("scope", t.grant().scope().toString());
        p.put("createdAt", t.createdAt().toString());
        p.put("createdBy", t.createdBy());
        if (value != null) p.put("token", value.reveal());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", "/providers/" + ApiPath.ACCESS_NS + "/tokens/" + t.name());
        out.put("name", t.name());
        out.put("type", ApiPath.ACCESS_NS + "/tokens");
        out.put("properties", p);
        return out;
    }
}
