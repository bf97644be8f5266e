package dev.switchboard.engine.resources;

import dev.switchboard.core.target.TargetEndpoint;
import dev.switchboard.engine.Stores;
import dev.switchboard.engine.TargetKinds;
import dev.switchboard.engine.TargetResolver;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The resource handlers of every registered target kind, keyed by lower-case full type (aliases included). */
public final class TargetHandlers {
    private TargetHandlers() { }

    /** @param defaults a default server per kind name (PostgreSQL's configured or embedded one), adopted when no address is given. */
    public static Map<String, ResourceHandler> of(Stores stores, TargetResolver targets, Map<String, TargetEndpoint> defaults) {
        Map<String, ResourceHandler> out = new LinkedHashMap<>();
        for (TargetKinds.Registered r : targets.kinds().all()) {
            ResourceHandler server = new TargetServerHandler(stores, r, Optional.ofNullable(defaults.get(r.kind().name())));
            for (String type : r.kind().serverTypes()) {
                out.put(type, server);
                if (r.kind().childType().isPresent() && r.admin() != null) {
                    String child = r.kind().childType().get().toLowerCase(java.util.Locale.ROOT);
                    out.put(type + "/" + child, new TargetChildHandler(stores, targets, r.kind(), r.admin()));
                }
            }
        }
        return out;
    }
}
