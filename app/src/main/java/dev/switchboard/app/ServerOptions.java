package dev.switchboard.app;

import picocli.CommandLine.Option;

import java.nio.file.Path;

/** Options shared by the commands that start a server. */
public final class ServerOptions {
    @Option(names = "--data-dir", description = "Data directory (default: $SWITCHBOARD_DATA_DIR or ~/.switchboard).")
    Path dataDir;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", defaultValue = "7400", description = "Port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--postgres", paramLabel = "HOST[:PORT]",
            description = "A PostgreSQL to adopt for servers created without an address (password from SWITCHBOARD_POSTGRES_PASSWORD)."
                    + " Without it, an embedded PostgreSQL is started.")
    String postgres;

    @Option(names = "--postgres-user", defaultValue = "postgres", description = "Its administrator login (default: ${DEFAULT-VALUE}).")
    String postgresUser;

    @Option(names = "--leave-apps-running", description = "Do not stop the apps this server started when it stops.")
    boolean leaveAppsRunning;

    @Option(names = "--store", paramLabel = "URL",
            description = "A PostgreSQL store shared by several replicas (postgresql://[user@]host[:port]/db; password from"
                    + " SWITCHBOARD_STORE_PASSWORD). Without it, the data directory's own SQLite file.")
    String store;

    @Option(names = "--shared-dir", paramLabel = "DIR",
            description = "With --store: the directory every replica shares (master key, bootstrap token, apps); default: the data directory.")
    Path sharedDir;

    @Option(names = "--replica", description = "With --store: this replica's name in the leader election (default: host:port:pid).")
    String replica;

    @Option(names = "--reconcile-period", paramLabel = "DURATION", defaultValue = "PT30S",
            description = "How often the leader compares every connection with what it made and heals or reports drift"
                    + " (ISO-8601, e.g. PT10S; PT0S: never; default: ${DEFAULT-VALUE}).")
    java.time.Duration reconcilePeriod;

    @Option(names = "--target-wait", paramLabel = "DURATION", defaultValue = "PT2M",
            description = "How long a connection whose target does not exist or answer yet waits for it before it fails"
                    + " (ISO-8601, e.g. PT30S; PT0S: refuse such a connection at once; default: ${DEFAULT-VALUE}).")
    java.time.Duration targetWait;

    dev.switchboard.server.ServerConfig config(Launch launch) {
        Path dir = dataDir != null ? dataDir : launch.dataDir();
        var config = launch.serverConfig(dir, host, port, postgres, postgresUser, postgres == null, leaveAppsRunning)
                .withReconcilePeriod(reconcilePeriod).withTargetWait(targetWait);
        if (store == null) return config;
        String name = replica != null ? replica : host + ":" + port + ":" + ProcessHandle.current().pid();
        return config.withShared(new dev.switchboard.server.SharedStore(store, null,
                dev.switchboard.core.secret.Secret.of(launch.storePassword() == null ? "" : launch.storePassword()), sharedDir != null ? sharedDir : dir, name));
    }
}
