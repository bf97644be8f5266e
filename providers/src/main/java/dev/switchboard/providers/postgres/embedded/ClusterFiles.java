package dev.switchboard.providers.postgres.embedded;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * The files a start prepares under the root directory: the directories, the cluster (initdb on first use), the socket
 * directory and the configuration Switchboard rewrites on every start.
 */
final class ClusterFiles {

    /** sun_path is 108 bytes including the terminating NUL. */
    private static final int MAX_SOCKET_PATH = 107;
    private static final String CONF_NAME = "switchboard.conf";

    private final Layout layout;
    private final PgRunner runner;
    private final Path rootDir;
    private final Path dataDir;
    private final RunAs runAs;

    ClusterFiles(Layout layout, PgRunner runner) {
        this.layout = layout;
        this.runner = runner;
        this.rootDir = layout.rootDir();
        this.dataDir = layout.dataDir();
        this.runAs = layout.runAs();
    }

    void prepareDirs() throws IOException {
        if (!rootDir.equals(layout.baseDir())) {
            // The relocated root lives in a world-writable place: only use it if it is ours.
            if (Files.exists(rootDir, LinkOption.NOFOLLOW_LINKS)) {
                if (!Files.isDirectory(rootDir, LinkOption.NOFOLLOW_LINKS)
                        || ((Integer) Files.getAttribute(rootDir, "unix:uid", LinkOption.NOFOLLOW_LINKS)) != 0)
                    throw new IOException(rootDir + " exists but is not a directory owned by root; remove it");
            } else {
                Files.createDirectories(rootDir);
            }
            Files.setPosixFilePermissions(rootDir, Binaries.DIR_755);
            Files.writeString(layout.baseDir().resolve("embedded-postgres.location"), rootDir + System.lineSeparator());
        }
        Path bin = rootDir.resolve("bin");
        Files.createDirectories(bin);
        if (runAs != null) Files.setPosixFilePermissions(bin, Binaries.DIR_755);
    }

    boolean clusterExists() {
        return Files.exists(dataDir.resolve("PG_VERSION"));
    }

    void initdb(String password) throws IOException {
        Path tmpData = rootDir.resolve("data.initdb");
        Binaries.deleteTree(tmpData); // an initdb interrupted earlier
        if (Files.exists(dataDir)) {
            try (var entries = Files.list(dataDir)) {
                if (entries.findAny().isPresent())
                    throw new IOException(dataDir + " is not empty but holds no cluster (no PG_VERSION); move it away");
            }
            Files.delete(dataDir);
        }
        Files.createDirectories(tmpData);
        Files.setPosixFilePermissions(tmpData, PosixFilePermissions.fromString("rwx------"));
        Path pwFile = Files.createTempFile(rootDir, ".pw-", ""); // mode 600
        try {
            Files.writeString(pwFile, password + "\n");
            if (runAs != null) {
                runAs.chown(tmpData);
                runAs.chown(pwFile);
            }
            runner.run("initdb", List.of(layout.bin("initdb"), "-D", tmpData.toString(), "--auth=scram-sha-256",
                    "--username=" + layout.superuser(), "--pwfile=" + pwFile, "-E", "UTF8", "--locale=C", "--no-instructions"),
                    layout.timeout());
        } finally {
            Files.deleteIfExists(pwFile);
        }
        Path conf = tmpData.resolve("postgresql.conf");
        Files.writeString(conf, System.lineSeparator() + "# Written by Switchboard on every start (port, addresses, socket dir)"
                + System.lineSeparator() + "include_if_exists '" + CONF_NAME + "'" + System.lineSeparator(), StandardOpenOption.APPEND);
        // rename only once complete: a data dir with PG_VERSION is always a finished cluster
        Files.move(tmpData, dataDir, StandardCopyOption.ATOMIC_MOVE);
    }

    void checkMajorVersion() throws IOException {
        String version = layout.version();
        String dataMajor = Files.readString(dataDir.resolve("PG_VERSION")).strip();
        String binMajor = version.split("\\.")[0];
        if (!dataMajor.equals(binMajor))
            throw new IOException("The cluster in " + dataDir + " is PostgreSQL " + dataMajor + " but the bundled binaries are "
                    + version + "; upgrade or move the data directory away");
    }

    Path socketDir() throws IOException {
        Path dir = rootDir.resolve("run");
        // Unix socket paths are limited to 107 bytes; the socket is <dir>/.s.PGSQL.<port>
        if ((dir + "/.s.PGSQL.65535").getBytes(StandardCharsets.UTF_8).length > MAX_SOCKET_PATH) {
            dir = Path.of("/tmp", "sbpg-" + Layout.hash(rootDir.toString()).substring(0, 12));
            if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
                int owner = (Integer) Files.getAttribute(dir, "unix:uid", LinkOption.NOFOLLOW_LINKS);
                int expected = runAs != null ? runAs.uid() : (Integer) Files.getAttribute(rootDir, "unix:uid");
                if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS) || (owner != expected && owner != 0))
                    throw new IOException(dir + " exists but is not our socket directory; remove it");
            }
        }
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        if (runAs != null) runAs.chown(dir);
        return dir;
    }

    void writeConfig(int port, Path socketDir) throws IOException {
        Path conf = dataDir.resolve(CONF_NAME);
        Files.writeString(conf, String.join(System.lineSeparator(),
                "# Managed by Switchboard's EmbeddedPostgres; rewritten on every start.",
                "listen_addresses = '" + EmbeddedPostgres.HOST + "'",
                "port = " + port,
                "unix_socket_directories = '" + socketDir.toString().replace("'", "''") + "'",
                ""));
        if (runAs != null) runAs.chown(conf);
    }
}
