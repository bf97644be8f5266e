package dev.switchboard.core.target;

/** Administration of a database server itself: what its resource types (server, databases) realise. */
public interface ServerAdmin {

    /** Logs in as the administrator; a refused login is a TerminalFailure, an unreachable server a TransientFailure. */
    void checkAdmin(TargetEndpoint endpoint);

    boolean databaseExists(TargetEndpoint endpoint, String database);

    ApplyResult ensureDatabase(TargetEndpoint endpoint, String database);

    ApplyResult dropDatabase(TargetEndpoint endpoint, String database);
}
