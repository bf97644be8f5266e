package dev.switchboard.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/**
 * The data directory: the store, the bootstrap access token (made on first start) and {@code server.json}, which
 * tells the CLI where the server listens. The directory is its owner's only (0700): the store holds connection
 * passwords, and SQLite creates its journal files with the process umask, so file modes alone cannot protect them.
 */
public final class DataDirectory {
    private final Path root;
    /** Where the master key, the token and the apps live: the data directory itself, or the replicas' shared one. */
    private final Path shared;

    public DataDirectory(Path root) {
        this(root, root);
    }

    public DataDirectory(Path root, Path shared) {
        this.root = root;
        this.shared = shared;
        createPrivate(root);
        createPrivate(shared);
    }

    private static void createPrivate(Path dir) {
        try {
            Files.createDirectories(dir);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create data directory " + dir + " readable by its owner only", e);
        }
    }

    public Path root() { return root; }
    public Path storeFile() { return root.resolve("switchboard.db"); }
    /** The master key that encrypts the store's secrets (a Tink keyset, 0600); back it up with the store, apart from it. */
    public Path masterKeyFile() { return shared.resolve("master.key"); }
    public Path apps() { return shared.resolve("apps"); }
    public Path embeddedPostgres() { return root.resolve("embedded-pg"); }

    /** The bootstrap token's value as the token file holds it, if there is one (see {@code BootstrapToken}). */
    public Optional<String> readToken() {
        Path file = shared.resolve("token");
        try {
            if (!Files.exists(file)) return Optional.empty();
            String token = Files.readString(file, StandardCharsets.UTF_8).trim();
            return token.isEmpty() ? Optional.empty() : Optional.of(token);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void writeToken(String token) {
        try {
            writePrivate(shared.resolve("token"), token + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void writeServerInfo(String url, String subscription) {
        try {
            writePrivate(root.resolve("server.json"), "{\"url\":\"" + url + "\",\"subscriptionId\":\"" + subscription + "\"}\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void clearServerInfo() {
        try {
            Files.deleteIfExists(root.resolve("server.json"));
        } catch (IOException ignored) {
            // the next start overwrites it anyway
        }
    }

    /** Writes {@code content} to a file that is owner-only from its creation (no moment with a looser mode), atomically. */
    static void writePrivate(Path file, String content) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(tmp, content, StandardCharsets.UTF_8);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}
