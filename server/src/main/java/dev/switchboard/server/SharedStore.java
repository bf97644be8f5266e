package dev.switchboard.server;

import dev.switchboard.core.secret.Secret;

import java.nio.file.Path;

/**
 * Several replicas on one PostgreSQL store. {@code url}: {@code postgresql://host:port/db} (or a JDBC URL);
 * {@code sharedDir}: what every replica must see alike — the master key that encrypts the store's secrets, the
 * bootstrap token, and the apps' working directories (so a new leader adopts the processes of the one before);
 * {@code replica}: this replica's name in the leader lease.
 */
public record SharedStore(String url, String user, Secret password, Path sharedDir, String replica) {
    @Override
    public String toString() {
        return "SharedStore[url=" + url.replaceAll("//[^@/]*@", "//***@") + ", user=" + user + ", sharedDir=" + sharedDir
                + ", replica=" + replica + "]";
    }
}
