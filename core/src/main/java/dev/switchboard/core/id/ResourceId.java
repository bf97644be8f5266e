package dev.switchboard.core.id;

import dev.switchboard.core.failure.Echo;
import dev.switchboard.core.failure.TerminalFailure;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An ARM-shaped resource ID: a subscription, a resource group, or a resource under a provider namespace
 * (with child types), possibly an extension resource of another resource ({@link #scope()}).
 * IDs are case-insensitive in ARM; {@link #key()} is the form to compare and index by.
 */
public record ResourceId(String subscriptionId, String resourceGroup, ResourceId scope,
                         String namespace, List<String> types, List<String> names) {

    private static final Pattern SUBSCRIPTION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]{0,63}");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._()\\-]{0,89}");
    private static final Pattern NAMESPACE = Pattern.compile("[A-Za-z][A-Za-z0-9]*(\\.[A-Za-z][A-Za-z0-9]*)+");
    private static final Pattern TYPE = Pattern.compile("[A-Za-z][A-Za-z0-9]{0,63}");

    public ResourceId {
        types = List.copyOf(types);
        names = List.copyOf(names);
    }

    public static ResourceId subscription(String subscriptionId) {
        return new ResourceId(requireMatch(SUBSCRIPTION, subscriptionId, "subscriptionId"), null, null, null, List.of(), List.of());
    }

    public static ResourceId resourceGroup(String subscriptionId, String resourceGroup) {
        return subscription(subscriptionId).withResourceGroup(resourceGroup);
    }

    private ResourceId withResourceGroup(String rg) {
        return new ResourceId(subscriptionId, requireMatch(NAME, rg, "resourceGroupName"), null, null, List.of(), List.of());
    }

    /** Parses and validates an ID; doubled slashes are folded and the keywords may be in any case. */
    public static ResourceId parse(String raw) {
        if (raw == null || raw.isBlank()) throw invalid(raw, "the ID is empty");
        if (raw.codePoints().anyMatch(Character::isISOControl)) throw invalid(raw, "it contains control characters");
        List<String> parts = new ArrayList<>();
        for (String p : raw.strip().split("/+")) if (!p.isEmpty()) parts.add(p);
        if (parts.size() < 2 || !parts.get(0).equalsIgnoreCase("subscriptions")) {
            throw invalid(raw, "an ID starts with /subscriptions/{subscriptionId}");
        }
        ResourceId id = subscription(checked(raw, parts.get(1), SUBSCRIPTION));
        int i = 2;
        if (i < parts.size() && parts.get(i).equalsIgnoreCase("resourceGroups")) {
            if (i + 1 >= parts.size()) throw invalid(raw, "resourceGroups needs a name");
            id = id.withResourceGroup(checked(raw, parts.get(i + 1), NAME));
            i += 2;
        }
        while (i < parts.size()) {
            if (!parts.get(i).equalsIgnoreCase("providers") || parts.size() - i < 4) {
                throw invalid(raw, "expected providers/{namespace}/{type}/{name} at '" + printable(parts.get(i)) + "'");
            }
            String ns = checked(raw, parts.get(i + 1), NAMESPACE);
            i += 2;
            List<String> types = new ArrayList<>();
            List<String> names = new ArrayList<>();
            while (i < parts.size() && !parts.get(i).equalsIgnoreCase("providers")) {
                if (i + 1 >= parts.size()) throw invalid(raw, "type '" + printable(parts.get(i)) + "' has no name");
                types.add(checked(raw, parts.get(i), TYPE));
                names.add(checked(raw, parts.get(i + 1), NAME));
                i += 2;
            }
            if (types.isEmpty()) throw invalid(raw, "provider " + ns + " names no resource type");
            ResourceId scope = id.isResource() ? id : null;
            if (scope == null && id.resourceGroup == null) {
                throw invalid(raw, "only resources in a resource group are supported");
            }
            id = new ResourceId(id.subscriptionId, id.resourceGroup, scope, ns, types, names);
        }
        return id;
    }

    /** Validates one name segment (resource, resource group, child) with the rules IDs use. */
    public static String validateName(String field, String value) {
        if (value == null || !NAME.matcher(value).matches()) {
            throw TerminalFailure.badRequest("InvalidResourceName", field, field
                    + " must be 1-90 characters: letters, digits, '.', '_', '-', '(', ')', starting with a letter or digit");
        }
        return value;
    }

    public boolean isResource() { return namespace != null; }
    public boolean isResourceGroup() { return resourceGroup != null && namespace == null; }
    public boolean isExtension() { return scope != null; }

    /** The resource type as ARM writes it: {@code Namespace/type/childType}. */
    public String fullType() {
        if (!isResource()) return isResourceGroup() ? "Microsoft.Resources/resourceGroups" : "Microsoft.Resources/subscriptions";
        return namespace + "/" + String.join("/", types);
    }

    public String name() {
        if (isResource()) return names.get(names.size() - 1);
        return resourceGroup != null ? resourceGroup : subscriptionId;
    }

    public ResourceId resourceGroupId() {
        return resourceGroup == null ? null : resourceGroup(subscriptionId, resourceGroup);
    }

    /** The enclosing resource: the parent of a child resource, the resource group of a top-level one. */
    public ResourceId parent() {
        if (!isResource()) return isResourceGroup() ? subscription(subscriptionId) : null;
        if (types.size() == 1) return scope != null ? scope : resourceGroupId();
        return new ResourceId(subscriptionId, resourceGroup, scope, namespace,
                types.subList(0, types.size() - 1), names.subList(0, names.size() - 1));
    }

    public ResourceId child(String type, String name) {
        List<String> t = new ArrayList<>(types);
        List<String> n = new ArrayList<>(names);
        t.add(requireMatch(TYPE, type, "type"));
        n.add(validateName("name", name));
        return new ResourceId(subscriptionId, resourceGroup, scope, namespace, t, n);
    }

    public ResourceId extension(String ns, String type, String name) {
        return new ResourceId(subscriptionId, resourceGroup, this, requireMatch(NAMESPACE, ns, "namespace"),
                List.of(requireMatch(TYPE, type, "type")), List.of(validateName("name", name)));
    }

    /** Case-folded canonical form: two IDs ARM treats as the same resource have the same key. */
    public String key() {
        return toString().toLowerCase(Locale.ROOT);
    }

    public boolean sameAs(ResourceId other) {
        return other != null && key().equals(other.key());
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        if (scope != null) {
            sb.append(scope);
        } else {
            sb.append("/subscriptions/").append(subscriptionId);
            if (resourceGroup != null) sb.append("/resourceGroups/").append(resourceGroup);
        }
        if (namespace != null) {
            sb.append("/providers/").append(namespace);
            for (int i = 0; i < types.size(); i++) sb.append('/').append(types.get(i)).append('/').append(names.get(i));
        }
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ResourceId r && r.key().equals(key());
    }

    @Override
    public int hashCode() {
        return Objects.hash(key());
    }

    private static String checked(String raw, String segment, Pattern p) {
        if (!p.matcher(segment).matches()) throw invalid(raw, "segment '" + printable(segment) + "' is not valid here");
        return segment;
    }

    private static String requireMatch(Pattern p, String value, String field) {
        if (value == null || !p.matcher(value).matches()) {
            throw TerminalFailure.badRequest("InvalidResourceId", field, field + " '" + printable(value) + "' is not valid");
        }
        return value;
    }

    private static TerminalFailure invalid(String raw, String why) {
        return TerminalFailure.badRequest("InvalidResourceId", "id", "Invalid resource ID '" + printable(raw) + "': " + why);
    }

    /** Error messages echo input; keep them one printable line of bounded length. */
    static String printable(String s) {
        return Echo.of(s);
    }
}
