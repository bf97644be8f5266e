package dev.switchboard.engine;

import dev.switchboard.core.config.ConfigItem;
import dev.switchboard.core.config.ConfigurationPlanner;
import dev.switchboard.core.config.ConnectionFacts;
import dev.switchboard.core.failure.TerminalFailure;
import dev.switchboard.core.id.ResourceId;
import dev.switchboard.core.ownership.ConnectionFields;
import dev.switchboard.core.linker.ClientType;
import dev.switchboard.core.linker.LinkerSpec;
import dev.switchboard.core.plan.ConfigurationDelivery;
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
    private final PasswordPlanner passwordPlanner;
    private final ConnectionSecrets secrets;
    private final TargetFaults faults;

    public LinkerPreparer(Stores stores, TargetResolver targets, PasswordGenerator passwords, PasswordPlanner passwordPlanner,
                          ConnectionSecrets secrets, TargetFaults faults) {
        this.stores = stores;
        this.targets = targets;
        this.passwords = passwords;
        this.passwordPlanner = passwordPlanner;
        this.secrets = secrets;
        this.faults = faults;
    }

    /** @param source the app, or null for a location-scoped connector (configuration handed to the user). */
    public PreparedLinker prepare(ResourceId linkerId, ResourceId source, LinkerSpec spec) {
        return prepare(linkerId, source, spec, false);
    }

    /**
     * As {@link #prepare(ResourceId, ResourceId, LinkerSpec)}; {@code reproject}: the running app was seen without the
     * configuration the footprint says is projected, so the plan is made against an app that holds none of it.
     */
    public PreparedLinker prepare(ResourceId linkerId, ResourceId source, LinkerSpec spec, boolean reproject) {
        Checked c = check(linkerId, spec);
        // Only now the target itself: a request that is refused for being missing or unreachable is otherwise sound.
        ResolvedTarget target = targets.resolve(spec.targetId());
        // An unreachable target or a refused admin login refuses the request here, before anything is stored.
        ObservedLogin observed = faults.call(target.server(), c.kind().name(), target.endpoint(),
                () -> target.kind().provider().observe(target.endpoint(), c.login(), c.scope()));
        Optional<Footprint> before = c.before();
        PasswordPlanner.Choice password = c.password();
        List<ConfigItem> projected = before.map(Footprint::projected).orElse(List.of());
        List<ConfigItem> items = items(linkerId, source, spec, target, facts(target, spec, c.login(), c.scope()), projected);
        requireWritable(items, password.newSecret() != null ? password.newSecret() : secrets.read(password.key()).orElse(null));
        boolean ours = before.map(Footprint::loginCreated).orElse(false);
        Footprint after = new Footprint(linkerId, source, target.server(), target.target(), c.scope(), c.login(), ours,
                password.key(), items);
        LinkerPlanner.Desired desired = new LinkerPlanner.Desired(source, linkerId.name(), target.server(), c.scope(),
                target.kind().provider().requiredGrants(c.scope()), c.login(), password.key(), password.changed(), items);
        // Settings the app's resource lost (a classic-mode template replaced it) are projected again: drift is a plan.
        List<ConfigItem> seen = reproject || settingsRemoved(source, projected) ? List.of() : projected;
        List<PlannedStep> steps = LinkerPlanner.planApply(desired, new LinkerPlanner.Observed(observed, ours, seen));
        return new PreparedLinker(spec, target, before.orElse(null), after, password.newSecret(), password.placement(), steps);
    }

    /** What {@link #check} found: the request is sound as far as it can be told without the target. */
    private record Checked(TargetKind kind, Optional<Footprint> before, AccessScope scope, String login,
                           PasswordPlanner.Choice password) { }

    /**
     * Everything that can be refused without the target existing (its type, the server it is on, the client type,
     * the access and login asked for, the vault the password is in): a request that waits for its target has passed these.
     */
    private Checked check(ResourceId linkerId, LinkerSpec spec) {
        TargetKind kind = targets.kindOf(spec.targetId()).kind();
        Optional<Footprint> before = stores.footprints().footprint(linkerId);
        if (before.isPresent() && !before.get().server().sameAs(kind.serverOf(spec.targetId()))) {
            throw TerminalFailure.badRequest("TargetChangeNotSupported", "properties.targetService.id",
                    "a connection cannot move to another server; delete it and create a new one");
        }
        requireClientType(kind, spec.clientType());
        AccessScope scope = kind.scope(spec.targetId(), spec.access(), linkerId.name());
        String login = login(kind, linkerId, spec, before);
        return new Checked(kind, before, scope, login, passwordPlanner.choose(linkerId, spec, before.orElse(null)));
    }

    /**
     * A rotation of a connection whose login Switchboard created: a new generated login and password beside the
     * current ones, the same access and configuration names. Observes the target, changes nothing.
     */
    public PreparedLinker prepareRotation(ResourceId linkerId, Footprint current, LinkerSpec spec) {
        ResolvedTarget target = targets.resolve(current.target());
        String login = generatedLogin(target.kind().kind(), linkerId);
        if (faults.call(target.server(), target.kind().kind().name(), target.endpoint(),
                () -> target.kind().provider().observe(target.endpoint(), login, current.scope())).exists()) {
            throw TerminalFailure.conflict("LoginAlreadyExists", "properties.authInfo.name", "the generated login '" + login
                    + "' already exists on the target; rotate again");
        }
        if (ConnectionSecrets.isUsers(current.passwordSecret())) {
            throw TerminalFailure.conflict("PasswordOwnedByUser", current.linker().toString(), "the connection's password is"
                    + " a vault secret the user owns: set a new version there and update the connection to use it");
        }
        Secret secret = passwords.next();
        List<ConfigItem> items = items(linkerId, current.source(), spec, target,
                facts(target, spec, login, current.scope()), current.projected());
        requireWritable(items, secret);
        // The new password is stored (next to the current one: plain or a new vault version) once the rotation starts.
        String pending = ConnectionSecrets.PENDING;
        Footprint after = new Footprint(linkerId, current.source(), current.server(), current.target(), current.scope(),
                login, true, pending, items);
        List<PlannedStep> steps = LinkerPlanner.planRotation(linkerId, current.source(), current.server(), current.scope(),
                current.login(), login, pending, items);
        return new PreparedLinker(spec, target, current, after, secret, null, steps);
    }

    private static ConnectionFacts facts(ResolvedTarget target, LinkerSpec spec, String login, AccessScope scope) {
        Map<String, String> options = new HashMap<>(target.endpoint().options());
        options.putAll(target.kind().kind().configurationOptions(spec.access()));
        return new ConnectionFacts(target.endpoint().host(), target.endpoint().port(), login, scope, options);
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
        return generatedLogin(kind, linkerId);
    }

    private String generatedLogin(TargetKind kind, ResourceId linkerId) {
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
        List<ConfigItem> named = ConfigurationDelivery.items(kind, spec.clientType(), facts, infix, linkerId.name(), spec.delivery());
        return ConfigurationPlanner.finish(named, spec.customizedKeys(), spec.additionalConfigurations(), others);
    }

    private boolean settingsRemoved(ResourceId source, List<ConfigItem> projected) {
        if (source == null || projected.isEmpty()) return false;
        return stores.resources().get(source).map(app -> !ConnectionFields.missing(source, app.body(), projected).isEmpty()).orElse(false);
    }
}
