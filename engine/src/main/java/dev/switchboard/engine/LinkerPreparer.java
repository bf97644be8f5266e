package dev.switchboard.engine;

import dev.switchboard.core.config.ConfigItem;
import dev.switchboard.core.config.ConfigurationPlanner;
import dev.switchboard.core.config.ConnectionFacts;
import dev.switchboard.core.failure.TerminalFailure;
import dev.switchboard.core.id.ResourceId;
import dev.switchboard.core.linker.ClientType;
import dev.switchboard.core.linker.LinkerSpec;
import dev.switchboard.core.plan.LinkerPlanner;
import dev.switchboard.core.plan.PlannedStep;
import dev.switchboard.core.secret.PasswordGenerator;
import dev.switchboard.core.secret.Secret;
import dev.switchboard.core.store.Footprint;
import dev.switchboard.core.target.AccessScope;
import dev.switchboard.core.target.ObservedLogin;
import dev.switchboard.core.target.TargetKind;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Checks a connection request against the store and the target (observing, never changing) and plans it.
 * Everything that can be refused is refused here, before any step runs, so bad input changes nothing.
 */
public final class LinkerPreparer {
    private final Stores stores;
    private final TargetResolver targets;
    private final PasswordGenerator passwords;
    private final TargetFaults faults;

    public LinkerPreparer(Stores stores, TargetResolver targets, PasswordGenerator passwords, TargetFaults faults) {
        this.stores = stores;
        this.targets = targets;
        this.passwords = passwords;
        this.faults = faults;
    }

    /** @param source the app, or null for a location-scoped connector (configuration handed to the user). */
    public PreparedLinker prepare(ResourceId linkerId, ResourceId source, LinkerSpec spec) {
        ResolvedTarget target = targets.resolve(spec.targetId());
        TargetKind kind = target.kind().kind();
        Optional<Footprint> before = stores.footprints().footprint(linkerId);
        if (before.isPresent() && !before.get().server().sameAs(target.server())) {
            throw TerminalFailure.badRequest("TargetChangeNotSupported", "properties.targetService.id",
                    "a connection cannot move to another server; delete it and create a new one");
        }
        requireClientType(kind, spec.clientType());
        AccessScope scope = kind.scope(target.target(), spec.access(), linkerId.name());
        String login = login(kind, linkerId, spec, before);
        Secret newSecret = spec.auth().secret() != null ? spec.auth().secret() : before.isPresent() ? null : passwords.next();
        String secretName = newSecret == null ? before.get().passwordSecret() : secretName(linkerId);
        // An unreachable target or a refused admin login refuses the request here, before anything is stored.
        ObservedLogin observed = faults.call(target.server(), kind.name(), target.endpoint(),
                () -> target.kind().provider().observe(target.endpoint(), login, scope));
        List<ConfigItem> projected = before.map(Footprint::projected).orElse(List.of());
        Map<String, String> options = new HashMap<>(target.endpoint().options());
        options.putAll(kind.configurationOptions(spec.access()));
        List<ConfigItem> items = items(linkerId, source, spec, target, new ConnectionFacts(target.endpoint().host(),
                target.endpoint().port(), login, scope, options), projected);
        requireWritable(items, newSecret != null ? newSecret : stores.secrets().get(secretName).orElse(null));
        boolean ours = before.map(Footprint::loginCreated).orElse(false);
        Footprint after = new Footprint(linkerId, source, target.server(), target.target(), scope, login, ours, secretName, items);
        LinkerPlanner.Desired desired = new LinkerPlanner.Desired(source, linkerId.name(), target.server(), scope,
                target.kind().provider().requiredGrants(scope), login, secretName, newSecret != null, items);
        List<PlannedStep> steps = LinkerPlanner.planApply(desired, new LinkerPlanner.Observed(observed, ours, projected));
        return new PreparedLinker(spec, target, before.orElse(null), after, newSecret, steps);
    }

    /**
     * Some syntaxes cannot hold every password (a StackExchange.Redis string has no escape for ','): such a
     * password is refused here, before anything changes, rather than failing the projection half-way.
     */
    private static void requireWritable(List<ConfigItem> items, Secret password) {
        if (password == null) return;
        for (ConfigItem item : items) {
            try {
                item.resolve(password.reveal());
            } catch (IllegalArgumentException e) {
                throw TerminalFailure.badRequest("InvalidPassword", "properties.authInfo.secretInfo.value",
                        "properties.authInfo.secretInfo.value cannot be written into " + item.name() + ": " + e.getMessage());
            }
        }
    }

    private static void requireClientType(TargetKind kind, ClientType client) {
        if (!kind.clientTypes().contains(client)) {
            throw TerminalFailure.badRequest("InvalidClientType", "properties.clientType", "properties.clientType '"
                    + client.wire() + "' is not supported for " + kind.name() + "; use one of "
                    + String.join(", ", kind.clientTypes().stream().map(ClientType::wire).toList()));
        }
    }

    private String login(TargetKind kind, ResourceId linkerId, LinkerSpec spec, Optional<Footprint> before) {
        String requested = spec.auth().loginName();
        if (before.isPresent()) {
            if (requested != null && !requested.equals(before.get().login())) {
                throw TerminalFailure.badRequest("LoginChangeNotSupported", "properties.authInfo.name",
                        "properties.authInfo.name cannot change on an existing connection (it is '" + before.get().login() + "')");
            }
            return before.get().login();
        }
        if (requested != null) {
            kind.checkLogin(requested);
            return requested;
        }
        String suffix = "_" + passwords.suffix(6);
        String base = linkerId.name().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        int room = Math.max(1, Math.min(40, kind.maxLoginLength() - 3 - suffix.length()));
        return "sb_" + base.substring(0, Math.min(base.length(), room)) + suffix;
    }

    private List<ConfigItem> items(ResourceId linkerId, ResourceId source, LinkerSpec spec, ResolvedTarget t,
                                   ConnectionFacts facts, List<ConfigItem> projected) {
        TargetKind kind = t.kind().kind();
        Set<String> others = new HashSet<>();
        boolean anotherOfKind = false;
        if (source != null) {
            for (Footprint f : stores.footprints().footprintsOfSource(source)) {
                if (f.linker().sameAs(linkerId)) continue;
                f.projected().forEach(i -> others.add(i.name()));
                anotherOfKind |= kind.isServer(f.server());
            }
        }
        String infix = ConfigurationPlanner.infixFor(linkerId.name(), anotherOfKind, projected, spec.customizedKeys(),
                kind.configPrefix());
        List<ConfigItem> named = kind.configuration(spec.clientType(), facts, infix);
        return ConfigurationPlanner.finish(named, spec.customizedKeys(), spec.additionalConfigurations(), others);
    }

    private String secretName(ResourceId linkerId) {
        return "linker:" + linkerId.key() + ":password:" + passwords.suffix(8);
    }
}
