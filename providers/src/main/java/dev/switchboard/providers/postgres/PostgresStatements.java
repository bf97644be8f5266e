package dev.switchboard.providers.postgres;

import dev.switchboard.core.secret.Secret;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

/**
 * The SQL a connection's login amounts to, for the benchmark's raw floor: the same statements the provider
 * sends (create the role with a client-side SCRAM verifier, then the least-privilege grants), without the
 * observing, checking and journaling around them.
 */
public final class PostgresStatements {
    private static final ScramVerifier VERIFIER = new ScramVerifier(new SecureRandom());

    private PostgresStatements() { }

    public static List<String> createConnectionLogin(String login, Secret password, String database, String schema, String admin) {
        List<String> sql = new ArrayList<>();
        sql.add(PgRoles.create(PgIdentifiers.requireLoginName(login), VERIFIER.verifierFor(password.reveal())));
        sql.addAll(PgGrants.grants(login, database, schema, List.of(admin)));
        return sql;
    }

    public static List<String> dropConnectionLogin(String login, String database, String schema, String admin) {
        List<String> sql = new ArrayList<>(PgGrants.revokes(login, database, schema, true, List.of(admin)));
        sql.add(PgRoles.drop(login));
        return sql;
    }
}
