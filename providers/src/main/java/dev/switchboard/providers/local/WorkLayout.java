package dev.switchboard.providers.local;

import dev.switchboard.core.compute.SpecHash;
import dev.switchboard.core.id.ResourceId;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Locale;

/**
 * Where an app's files live: {@code workRoot/<resourceGroup>.<name>-<hash of the ID>/} holds the working
 * directory of its processes, one {@code <container>.log} each and the PID record. The hash keeps two IDs whose
 * readable parts sanitise alike apart; the directory is private to the owner (logs may hold what apps print).
 */
final class WorkLayout {

    static final String RECORD_FILE = "pids.txt";
    static final String LOG_SUFFIX = ".log";

    private final Path root;

    WorkLayout(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    Path root() {
        return root;
    }

    Path appDir(ResourceId id) {
        return root.resolve(dirName(id));
    }

    Path recordFile(ResourceId id) {
        return appDir(id).resolve(RECORD_FILE);
    }

    Path logFile(ResourceId id, String container) {
        return appDir(id).resolve(fileStem(container) + LOG_SUFFIX);
    }

    /** Creates the app directory (owner-only where the file system knows POSIX permissions). */
    Path ensureAppDir(ResourceId id) {
        Path dir = appDir(id);
        try {
            Files.createDirectories(dir);
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the app directory " + dir, e);
        }
        return dir;
    }

    static String dirName(ResourceId id) {
        String key = id.key();
        String readable = (id.resourceGroup() == null ? "" : id.resourceGroup() + ".") + id.name();
        readable = sanitise(readable.toLowerCase(Locale.ROOT));
        if (readable.length() > 60) readable = readable.substring(0, 60);
        return readable + "-" + SpecHash.sha256Hex(key).substring(0, 12);
    }

    /** The container name when it is a safe file name, otherwise a sanitised form plus a short hash. */
    static String fileStem(String container) {
        String clean = sanitise(container);
        if (clean.equals(container) && clean.length() <= 64 && !clean.startsWith(".")) return clean;
        if (clean.length() > 48) clean = clean.substring(0, 48);
        return clean + "-" + SpecHash.sha256Hex(container).substring(0, 8);
    }

    private static String sanitise(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            sb.append((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '_' || c == '-' ? c : '_');
        }
        String out = sb.toString().replaceAll("^[.]+", "_");
        return out.isEmpty() ? "_" : out;
    }
}
