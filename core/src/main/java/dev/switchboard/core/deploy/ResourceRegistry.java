package dev.switchboard.core.deploy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The template's expanded resources, looked up by ID, name, "type/name" or copy loop name (all ignoring case, as ARM does). */
final class ResourceRegistry {
    private final List<Instance> all;
    private final Map<String, Instance> enabledById = new HashMap<>();

    ResourceRegistry(List<Instance> all) {
        this.all = List.copyOf(all);
        for (Instance i : all) {
            if (!i.enabled() || i.id() == null) continue;
            Instance before = enabledById.putIfAbsent(key(i.id()), i);
            if (before != null) {
                throw new TemplateException(TemplateException.INVALID_TEMPLATE, i.templatePath(),
                        "the resource '" + i.id() + "' is defined more than once (also at " + before.templatePath() + ")");
            }
        }
    }

    private static String key(String s) {
        return s.toLowerCase(Locale.ROOT);
    }

    List<Instance> all() {
        return all;
    }

    List<Instance> enabled() {
        return all.stream().filter(Instance::enabled).toList();
    }

    /** The enabled instance with this ID, or null. */
    Instance enabledById(String id) {
        return enabledById.get(key(ResourceIds.stripSlash(id)));
    }

    /**
     * What a dependsOn entry or reference() names, enabled or not: a full ID, a resource's (full) name, a copy loop's
     * name (all its copies), or a relative "Namespace/type/name" (as the tail of an ID, or as type followed by name).
     */
    List<Instance> resolve(String ref) {
        String r = key(ResourceIds.stripSlash(ref));
        List<Instance> out = new ArrayList<>();
        for (Instance i : all) {
            if (i.id() == null) continue;
            String id = key(i.id());
            boolean hit = r.startsWith("/") ? id.equals(r)
                    : key(i.name()).equals(r) || i.copy() != null && key(i.copy().name()).equals(r)
                    || r.contains("/") && (id.endsWith("/providers/" + r) || key(i.type() + "/" + i.name()).equals(r));
            if (hit) out.add(i);
        }
        return out;
    }

    /** reference('name'): the one resource of the template with that name. */
    String idForName(String name) {
        List<String> ids = resolve(name).stream().filter(i -> i.name().equalsIgnoreCase(name)).map(Instance::id).distinct().toList();
        if (ids.isEmpty()) {
            throw ExpressionError.invalid("reference(): the resource '" + name + "' is not defined in the template; use its full resource ID");
        }
        if (ids.size() > 1) throw ExpressionError.invalid("reference(): the name '" + name + "' matches several resources; use resourceId()");
        return ids.get(0);
    }
}
