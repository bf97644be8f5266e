package dev.switchboard.providers.postgres.embedded;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;

/**
 * Where one {@link EmbeddedPostgres} lives and what it runs with, fixed when it is made (see the layout described
 * there).
 *
 * @param baseDir    the directory the caller gave
 * @param rootDir    {@code baseDir}, or its relocation under /var/tmp when running as root
 * @param installDir the extracted binaries of {@code version}
 * @param dataDir    the cluster
 * @param logFile    initdb/pg_ctl output and the server's own log
 * @param runAs      the user the programs run as, or {@code null} to run them as the current user
 * @param timeout    bound for each of initdb, pg_ctl start and pg_ctl stop
 */
record Layout(Path baseDir, Path rootDir, Path installDir, Path dataDir, Path logFile, RunAs runAs,
              String version, String superuser, Duration timeout) {

    static Layout of(Path baseDir, Path rootDir, RunAs runAs, String version, String superuser, Duration timeout) {
        return new Layout(baseDir, rootDir, rootDir.resolve("bin").resolve(version), rootDir.resolve("data"),
                baseDir.resolve("postgres.log"), runAs, version, superuser, timeout);
    }

    /** Path of a program of the bundled binaries. */
    String bin(String program) {
        return installDir.resolve("bin").resolve(program).toString();
    }

    static String hash(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
