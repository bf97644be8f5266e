package dev.switchboard.engine;

import dev.switchboard.core.failure.TerminalFailure;
import dev.switchboard.core.id.ResourceId;
import dev.switchboard.core.target.ServerAdmin;
import dev.switchboard.core.target.TargetKind;
import dev.switchboard.core.target.TargetProvider;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The kinds of target this Switchboard can connect to, each paired with the provider that realises it (and, for
 * kinds with child resources such as databases or vhosts, the provider's server administration). Built once by
 * the entry point's wiring; read-only afterwards.
 */
public final class TargetKinds {

    /** One kind and how it is realised; {@code admin} is null when the kind has no child resources. */
    public record Registered(TargetKind kind, TargetProvider provider, ServerAdmin admin) {
        public Optional<ServerAdmin> serverAdmin() {
            return Optional.ofNullable(admin);
        }
    }

    private final List<Registered> kinds;

    private TargetKinds(List<Registered> kinds) {
        this.kinds = List.copyOf(kinds);
    }

    public static Builder builder() {
        return new Builder();
    }

    public List<Registered> all() {
        return kinds;
    }

    /** The kind whose connections can target {@code id} (a database, a vhost, a cache…). */
    public Optional<Registered> forTarget(ResourceId id) {
        return kinds.stream().filter(k -> k.kind().isTarget(id)).findFirst();
    }

    /** The kind whose server resource {@code id} is. */
    public Optional<Registered> forServer(ResourceId id) {
        return kinds.stream().filter(k -> k.kind().isServer(id)).findFirst();
    }

    public Registered requireServer(ResourceId server) {
        return forServer(server).orElseThrow(() -> TerminalFailure.badRequest("TargetTypeNotSupported",
                "properties.targetService.id", "server type '" + server.fullType() + "' is not supported"));
    }

    /** The resource types connections may target, for error messages: {@code Microsoft.Cache/redis}, … */
    public List<String> targetTypes() {
        List<String> out = new ArrayList<>();
        for (Registered r : kinds) {
            String server = r.kind().serverTypes().get(0);
            out.add(r.kind().childType().map(c -> server + "/" + c).orElse(server));
        }
        return out;
    }

    public static final class Builder {
        private final List<Registered> kinds = new ArrayList<>();

        public Builder add(TargetKind kind, TargetProvider provider) {
            kinds.add(new Registered(kind, provider, null));
            return this;
        }

        public Builder add(TargetKind kind, TargetProvider provider, ServerAdmin admin) {
            kinds.add(new Registered(kind, provider, admin));
            return this;
        }

        public TargetKinds build() {
            return new TargetKinds(kinds);
        }
    }
}
