package dev.switchboard.engine;

import dev.switchboard.core.config.ConfigItem;
import dev.switchboard.core.config.ConfigurationPlanner;
import dev.switchboard.core.config.PostgresConfigurationNames;
import dev.switchboard.core.config.PostgresConnectionInfo;
import dev.switchboard.core.failure.TerminalFailure;
import dev.switchboard.core.id.ResourceId;
import dev.switchboard.core.linker.LinkerSpec;
import dev.switchboard.core.plan.LinkerPlanner;
import dev.switchboard.core.plan.PlannedStep;
import dev.switchboard.core.secret.PasswordGenerator;
import dev.switchboard.core.secret.Secret;
import dev.switchboard.core.store.Footprint;
import dev.switchboard.core.target.ObservedLogin;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a connection request against the store and the target (observing, never changing) and plans it.
 * Everything that can be refused is refused here, before any step runs, so bad input changes nothing.
 */
public final class LinkerPreparer {
    private static final Pattern LOGIN = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");
    private final Stores stores;
    private final TargetResolver targets;
    private final PasswordGenerator passwords;

    public LinkerPreparer(Stores stores, TargetResolver targets, PasswordGenerator passwords) {
        this.stores = stores;
        this.targets = targets;
        this.passwords = passwords;
    }

    /** @param source the app, or null for a location-scoped connector (configuration handed to the user). */
    public PreparedLinker prepare(ResourceId linkerId, ResourceId source, LinkerSpec spec) {
        ResolvedTarget target = targets.resolve(spec.targetId());
        Optional<Footprint> before = stores.footprints().footprint(linkerId);
        if (before.isPresent() && !before.get().server().sameAs(target.server())) {
            throw TerminalFailure.badRequest("TargetChangeNotSupported", "properties.targetService.id",
                    "a connection cannot move to another server; delete it and create a new one");
        }
        String login = login(linkerId, spec, before);
        Secret newSecret = spec.auth().secret() != null ? spec.auth().secret() : before.isPresent() ? null : passwords.next();
        String secretName = newSecret == null ? before.get().passwordSecret() : secretName(linkerId);
        ObservedLogin observed = target.provider().observe(target.endpoint(), login, target.databaseName(), target.schema());
        List<ConfigItem> items = items(linkerId, source, spec, target, login, before.map(Footprint::projected).orElse(List.of()));
        Footprint after = new Footprint(linkerId, source, target.server(), target.databaseName(), target.schema(), login,
                before.map(Footprint::loginCreated).orElse(false), secretName, items);
        LinkerPlanner.Desired desired = new LinkerPlanner.Desired(source, linkerId.name(), target.server(),
                target.databaseName(), target.schema(), login, secretName, newSecret != null, items);
        boolean ours = before.map(Footprint::loginCreated).orElse(false);
        List<PlannedStep> steps = LinkerPlanner.planApply(desired,
                new LinkerPlanner.Observed(observed, ours, before.map(Footprint::projected).orElse(List.of())));
        return new PreparedLinker(spec, target, before.orElse(null), after, newSecret, steps);
    }

    private String login(ResourceId linkerId, LinkerSpec spec, Optional<Footprint> before) {
        String requested = spec.auth().loginName();
        if (before.isPresent()) {
            if (requested != null && !requested.equals(before.get().login())) {
                throw TerminalFailure.badRequest("LoginChangeNotSupported", "properties.authInfo.name",
                        "properties.authInfo.name cannot change on an existing connection (it is '" + before.get().login() + "')");
            }
            return before.get().login();
        }
        if (requested == null) {
            String base = linkerId.name().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
            return "sb_" + base.substring(0, Math.min(base.length(), 40)) + "_" + passwords.suffix(6);
        }
        if (!LOGIN.matcher(requested).matches() || requested.toLowerCase(Locale.ROOT).startsWith("pg_")) {
            throw TerminalFailure.badRequest("InvalidLoginName", "properties.authInfo.name", "properties.authInfo.name must be"
                    + " 1-63 characters of letters, digits and '_', start with a letter or '_', and not start with 'pg_'");
        }
        return requested;
    }

    private List<ConfigItem> items(ResourceId linkerId, ResourceId source, LinkerSpec spec, ResolvedTarget t, String login,
                                   List<ConfigItem> projected) {
        Set<String> others = new HashSet<>();
        boolean anotherPostgres = false;
        if (source != null) {
            for (Footprint f : stores.footprints().footprintsOfSource(source)) {
                if (f.linker().sameAs(linkerId)) continue;
                f.projected().forEach(i -> others.add(i.name()));
                anotherPostgres |= TargetResolver.isPostgresServer(f.server());
            }
        }
        PostgresConnectionInfo info = new PostgresConnectionInfo(t.endpoint().host(), t.endpoint().port(), t.databaseName(),
                login, t.sslMode());
        String infix = ConfigurationPlanner.infixFor(linkerId.name(), anotherPostgres, projected, spec.customizedKeys(),
                PostgresConfigurationNames.PREFIX);
        List<ConfigItem> named = PostgresConfigurationNames.items(spec.clientType(), info, infix);
        return ConfigurationPlanner.finish(named, spec.customizedKeys(), spec.additionalConfigurations(), others);
    }

    private String secretName(ResourceId linkerId) {
        return "linker:" + linkerId.key() + ":password:" + passwords.suffix(8);
    }
}
