package dev.switchboard.engine.export;

import dev.switchboard.core.store.Footprint;
import dev.switchboard.core.target.AccessScope;

import java.util.List;

/**
 * The step a connection took on its target, in words an administrator can act on: the login and what it was
 * granted (least privilege, per kind of target). The words follow what each provider really grants.
 */
final class TargetSteps {
    private static final String PG_ATTRIBUTES = "LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT NOREPLICATION NOBYPASSRLS";

    private TargetSteps() { }

    static ConnectionExport.TargetStep of(String kind, Footprint f, String passwordFrom) {
        return new ConnectionExport.TargetStep(kind, f.server(), f.target(), f.login(),
                kind.equals("postgresql") ? PG_ATTRIBUTES : "", grants(f.scope()), passwordFrom);
    }

    static List<String> grants(AccessScope scope) {
        if (scope == null) return List.of();
        return switch (scope) {
            case AccessScope.Database d when d.schema() != null -> List.of(
                    "CONNECT on database " + d.database(),
                    "USAGE on schema " + d.schema(),
                    "SELECT, INSERT, UPDATE, DELETE on all tables in schema " + d.schema(),
                    "USAGE, SELECT on all sequences in schema " + d.schema(),
                    "the same on tables and sequences the administrator or the database owner creates later (ALTER DEFAULT PRIVILEGES)");
            case AccessScope.Database d -> List.of("SELECT, INSERT, UPDATE, DELETE on " + d.database() + ".*");
            case AccessScope.Keys k -> List.of("ACL user on, keys " + k.keyPattern(), "channels " + k.channelPattern(),
                    "commands " + String.join(" ", k.commandRules()));
            case AccessScope.Vhost v -> List.of("permissions on vhost " + v.vhost() + ": configure '" + v.configure()
                    + "', write '" + v.write() + "', read '" + v.read() + "'");
            case AccessScope.Subjects s -> List.of("publish " + String.join(", ", s.publish()),
                    "subscribe " + String.join(", ", s.subscribe()));
            case AccessScope.Topics t -> List.of("produce to and consume from topics " + String.join(", ", t.topics())
                    + " (a trailing * is a prefix)", "use consumer groups " + String.join(", ", t.groups()));
        };
    }
}
