package dev.switchboard.engine.resources;

import dev.switchboard.core.failure.Echo;
import dev.switchboard.core.failure.TerminalFailure;
import dev.switchboard.core.id.ResourceId;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The managed identity of an app ({@code identity} beside {@code properties}): checks what a PUT asks for and
 * completes it with the read-only ids ARM adds. Pure: the ids are derived, never stored elsewhere or generated.
 *
 * <p>Every id is a name-based UUID of a case-folded resource id, not a random one. A system-assigned principal
 * therefore keeps its id across PUTs, restarts of Switchboard and switching the identity off and on again, unlike
 * Azure (which makes a new principal each time): a role assignment or grant written for that principal survives a
 * template redeploy, which is what a local emulator is used for. Deleting and re-creating the app also keeps it.
 */
public final class AppIdentity {
    /** The tenant of every identity here: one fixed value, so ids written into configuration never go stale. */
    public static final String TENANT_ID = uuid("switchboard-local").toString();
    static final String UAI_TYPE = "Microsoft.ManagedIdentity/userAssignedIdentities";
    static final String UAI_FIELD = "identity.userAssignedIdentities";
    // Container apps use ARM's common type (no space); Microsoft.Web's own enum has one. Both spellings are accepted.
    private static final String BOTH_APP = "SystemAssigned,UserAssigned";
    private static final String BOTH_SITE = "SystemAssigned, UserAssigned";

    private AppIdentity() { }

    /** The principal of an app's system-assigned identity. */
    public static String systemPrincipalId(ResourceId app) {
        return uuid("app-principal:" + app.key()).toString();
    }

    /** The principal of a user-assigned identity: one per identity, whichever apps it is assigned to. */
    public static String userAssignedPrincipalId(ResourceId identity) {
        return uuid("uai-principal:" + identity.key()).toString();
    }

    /** The client (application) id of a user-assigned identity, distinct from its principal id as in Entra ID. */
    public static String userAssignedClientId(ResourceId identity) {
        return uuid("uai-client:" + identity.key()).toString();
    }

    /**
     * The identity block to store for {@code app} given the request's {@code identity} (absent or null: none).
     * Client-supplied principalId, tenantId and clientId are ignored: they are read-only, as in ARM.
     *
     * @throws TerminalFailure (400) for an unknown type or a bad user-assigned identity, before anything is written
     */
    public static Map<String, Object> complete(ResourceId app, Object given) {
        if (given == null) return Map.of("type", "None");
        if (!(given instanceof Map<?, ?>)) throw TerminalFailure.invalidField("identity", "must be an object");
        Map<String, Object> identity = Bodies.map(given);
        String both = app.fullType().equalsIgnoreCase("Microsoft.Web/sites") ? BOTH_SITE : BOTH_APP;
        String type = type(identity.get("type"), both);
        boolean system = type.startsWith("SystemAssigned");
        boolean user = type.endsWith("UserAssigned");
        Map<String, Object> users = userAssigned(identity.get("userAssignedIdentities"), user);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("type", type);
        if (system) {
            out.put("principalId", systemPrincipalId(app));
            out.put("tenantId", TENANT_ID);
        }
        if (user) out.put("userAssignedIdentities", users);
        return out;
    }

    /** The canonical spelling of a type ARM accepts: any case, any spacing around the comma. */
    static String type(Object raw, String both) {
        List<String> allowed = List.of("None", "SystemAssigned", "UserAssigned", both);
        if (raw == null) throw TerminalFailure.missingField("identity.type");
        String folded = raw instanceof String s ? s.strip().replaceAll("\\s*,\\s*", ",").toLowerCase(Locale.ROOT) : null;
        for (String a : allowed) if (a.replace(" ", "").toLowerCase(Locale.ROOT).equals(folded)) return a;
        throw TerminalFailure.badRequest("InvalidIdentityType", "identity.type", "identity.type '"
                + Echo.of(String.valueOf(raw)) + "' is not supported; allowed values: " + String.join(" | ", allowed));
    }

    /** Each user-assigned identity with its ids, keyed by its resource id; empty when the type has none. */
    static Map<String, Object> userAssigned(Object raw, boolean wanted) {
        Map<String, Object> given = raw == null ? Map.of() : raw instanceof Map<?, ?> ? Bodies.map(raw) : null;
        if (given == null) throw refused("must be an object keyed by user-assigned identity resource ids");
        if (!wanted) {
            if (!given.isEmpty()) throw refused("is only allowed when identity.type includes UserAssigned");
            return Map.of();
        }
        if (given.isEmpty()) throw refused("must name at least one identity when identity.type includes UserAssigned");
        Map<String, Object> out = new LinkedHashMap<>();
        Map<String, String> seen = new LinkedHashMap<>();
        given.forEach((key, value) -> {
            ResourceId uai = userAssignedId(key);
            if (!(value instanceof Map<?, ?>)) throw refused("the value for '" + Echo.of(key) + "' must be an object ({})");
            if (seen.put(uai.key(), key) != null) throw refused("names '" + Echo.of(key) + "' twice (ids ignore case)");
            Map<String, Object> ids = new LinkedHashMap<>();
            ids.put("principalId", userAssignedPrincipalId(uai));
            ids.put("clientId", userAssignedClientId(uai));
            out.put(uai.toString(), ids);
        });
        return out;
    }

    private static ResourceId userAssignedId(String key) {
        ResourceId id;
        try {
            id = ResourceId.parse(key);
        } catch (TerminalFailure e) {
            throw refused("has a key that is not a resource id: " + e.getMessage());
        }
        if (id.isExtension() || !id.fullType().equalsIgnoreCase(UAI_TYPE)) {
            throw refused("'" + Echo.of(key) + "' is not a " + UAI_TYPE + " resource id");
        }
        return id;
    }

    private static TerminalFailure refused(String why) {
        return TerminalFailure.badRequest("InvalidUserAssignedIdentity", UAI_FIELD, UAI_FIELD + " " + why);
    }

    private static UUID uuid(String name) {
        return UUID.nameUUIDFromBytes(("switchboard:" + name).getBytes(StandardCharsets.UTF_8));
    }
}
