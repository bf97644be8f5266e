package dev.switchboard.engine;

import dev.switchboard.core.compute.AppObservation;
import dev.switchboard.core.failure.TerminalFailure;
import dev.switchboard.core.failure.TransientFailure;
import dev.switchboard.core.linker.ValidationItem;
import dev.switchboard.core.plan.Drift;
import dev.switchboard.core.secret.Secret;
import dev.switchboard.core.store.Footprint;
import dev.switchboard.core.target.ServerAdmin;
import dev.switchboard.engine.revisions.AppRuntime;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The named checks of a connection: the target exists, it is reachable and the connection's credentials log in
 * and query (from the provider), and the app's live process holds every configured key with the right value.
 */
public final class LinkerValidator {
    private final TargetResolver targets;
    private final ConnectionValues values;
    private final AppRuntime apps;
    private final ConnectionSecrets secrets;

    public LinkerValidator(TargetResolver targets, ConnectionValues values, AppRuntime apps, ConnectionSecrets secrets) {
        this.secrets = secrets;
        this.targets = targets;
        this.values = values;
        this.apps = apps;
    }

    /** The checks against the app as it serves now. */
    public List<ValidationItem> validate(Footprint f) {
        return validateFrom(f, f.source() == null ? null : apps.observe(f.source()).orElse(null));
    }

    /** The checks, the app's side read from {@code source} (a revision's processes; null: nothing runs). */
    public List<ValidationItem> validateFrom(Footprint f, AppObservation source) {
        List<ValidationItem> items = new ArrayList<>();
        ResolvedTarget target;
        try {
            target = targets.resolve(f.target());
            items.add(existence(target));
        } catch (TerminalFailure | TransientFailure e) {
            items.add(ValidationItem.failure("TargetExistence", "The target exists", "TargetNotFound", e.getMessage()));
            return items;
        }
        if (!items.get(0).passed()) return items;
        Secret password = secrets.read(f.passwordSecret()).orElse(Secret.of(""));
        items.addAll(target.kind().provider().validate(target.endpoint(), f.scope(), f.login(), password));
        if (f.source() != null) items.add(sourceConfiguration(f, source));
        return items;
    }

    /** A child target (database, vhost) must exist on its server; a server target must accept its administrator. */
    private static ValidationItem existence(ResolvedTarget target) {
        String name = "TargetExistence";
        Optional<ServerAdmin> admin = target.kind().serverAdmin();
        if (target.kind().kind().childType().isPresent() && admin.isPresent()) {
            String what = "The target " + target.kind().kind().childNoun() + " exists";
            return admin.get().databaseExists(target.endpoint(), target.target().name()) ? ValidationItem.success(name, what)
                    : ValidationItem.failure(name, what, "TargetNotFound", "'" + target.target().name() + "' does not exist on the server");
        }
        try {
            target.kind().provider().checkAdmin(target.endpoint());
            return ValidationItem.success(name, "The target server exists and Switchboard can administer it");
        } catch (TerminalFailure | TransientFailure e) {
            return ValidationItem.failure(name, "The target server exists and Switchboard can administer it", "TargetNotFound", e.getMessage());
        }
    }

    private ValidationItem sourceConfiguration(Footprint f, AppObservation source) {
        String name = "SourceConfiguration";
        String description = "The app's live environment holds every configured key with the right value";
        AppObservation.Replica replica = source == null ? null : source.primary();
        if (replica == null || !replica.alive()) {
            return new ValidationItem(name, description, ValidationItem.Result.WARNING, "SourceNotRunning",
                    "the app has no running process to inspect; its configuration is applied when it starts");
        }
        List<String> wrong = Drift.differingKeys(values.resolve(f.projected(), f.passwordSecret()), replica.liveEnvironment());
        return wrong.isEmpty() ? ValidationItem.success(name, description)
                : ValidationItem.failure(name, description, "ConfigurationMissing",
                "the running app lacks or has stale values for: " + String.join(", ", wrong));
    }
}
