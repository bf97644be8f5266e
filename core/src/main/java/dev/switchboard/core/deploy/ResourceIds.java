package dev.switchboard.core.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Builds resource ID strings the way ARM does: {@code {scope}/providers/{namespace}/{type}/{name}[/{childType}/{childName}...]}. */
final class ResourceIds {
    private static final Pattern NAMESPACE = Pattern.compile("[A-Za-z][A-Za-z0-9]*(\\.[A-Za-z0-9]+)+");
    private static final Pattern TYPE = Pattern.compile("[A-Za-z][A-Za-z0-9-]*");

    private ResourceIds() { }

    /** "Namespace/type/childType" split and checked: [namespace, type, childType]. */
    static List<String> typeSegments(String type) {
        String[] parts = type.split("/", -1);
        if (parts.length < 2 || !NAMESPACE.matcher(parts[0]).matches()) {
            throw ExpressionError.invalid("'" + type + "' is not a resource type like 'Namespace.Provider/type'");
        }
        for (int i = 1; i < parts.length; i++) {
            if (!TYPE.matcher(parts[i]).matches()) throw ExpressionError.invalid("'" + type + "' is not a valid resource type");
        }
        return List.of(parts);
    }

    /** A name's segments ("srv/db" is two); empty segments are an error. */
    static List<String> nameSegments(List<String> names) {
        List<String> out = new ArrayList<>();
        for (String n : names) {
            for (String seg : n.split("/", -1)) {
                if (seg.isBlank()) throw ExpressionError.invalid("a resource name must not be empty or have an empty segment");
                out.add(seg);
            }
        }
        return out;
    }

    /** The ID of a resource of {@code type} named {@code names} under {@code prefix} (a scope's ID; "" for tenant resources). */
    static String build(String prefix, String type, List<String> names) {
        List<String> types = typeSegments(type);
        List<String> segs = nameSegments(names);
        if (segs.size() != types.size() - 1) {
            throw ExpressionError.invalid("the type '" + type + "' needs " + (types.size() - 1) + " name segment"
                    + (types.size() == 2 ? "" : "s") + " but got " + segs.size());
        }
        StringBuilder id = new StringBuilder(stripSlash(prefix)).append("/providers/").append(types.get(0));
        for (int i = 1; i < types.size(); i++) id.append('/').append(types.get(i)).append('/').append(segs.get(i - 1));
        return id.toString();
    }

    static String stripSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }
}
