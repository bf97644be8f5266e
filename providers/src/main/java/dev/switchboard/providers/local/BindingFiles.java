package dev.switchboard.providers.local;

import dev.switchboard.core.failure.TerminalFailure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The servicebinding.io files of an app's processes: {@code <appDir>/bindings-<first 12 of the container hash>/
 * <binding>/<entry>}, directories 0700 and files 0600 (they hold passwords). The directory is named by the hash of
 * the spec it belongs to, so a process started for an older spec keeps reading its own files while it runs; stale
 * directories are deleted once their processes are stopped, and all of them when the app is removed.
 */
final class BindingFiles {
    static final String DIR_PREFIX = "bindings-";
    private static final int HASH_CHARS = 12;
    /** A binding or entry name: a plain file name, never '.', '..', hidden or with a separator. */
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_\\-][A-Za-z0-9_.\\-]{0,127}");

    private BindingFiles() {
    }

    /** The binding root of a container whose hash is {@code containerHash}. */
    static Path root(Path appDir, String containerHash) {
        return appDir.resolve(DIR_PREFIX + containerHash.substring(0, HASH_CHARS));
    }

    /** Refuses (400) a file path that is not exactly {@code <binding>/<entry>} of plain names. */
    static void check(Map<String, String> files, String field) {
        for (Map.Entry<String, String> f : files.entrySet()) {
            String[] parts = f.getKey().split("/", -1);
            if (parts.length != 2 || !SEGMENT.matcher(parts[0]).matches() || !SEGMENT.matcher(parts[1]).matches()
                    || f.getValue().indexOf('\0') >= 0) {
                throw TerminalFailure.badRequest("InvalidServiceBinding", field, "Service binding file '"
                        + LogTail.printable(f.getKey(), 80) + "' is not a '<binding>/<entry>' path of plain names");
            }
        }
    }

    /** Writes every plan's files (the same hash always means the same content, so rewriting is harmless). */
    static void writeAll(List<LaunchPlan> plans) {
        for (LaunchPlan p : plans) {
            if (p.bindingRoot() != null) write(p.bindingRoot(), p.bindingFiles());
        }
    }

    /** Writes {@code files} under {@code root}, each atomically (a reader never sees half a file). */
    static Path write(Path root, Map<String, String> files) {
        try {
            privateDir(root);
            for (Map.Entry<String, String> f : files.entrySet()) {
                Path target = root.resolve(f.getKey());
                privateDir(target.getParent());
                Path tmp = target.resolveSibling("." + target.getFileName() + ".tmp");
                Files.deleteIfExists(tmp);
                Files.createFile(tmp);
                restrict(tmp, "rw-------");
                Files.writeString(tmp, f.getValue(), StandardCharsets.UTF_8);
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the service binding files under " + root, e);
        }
    }

    /** Deletes the binding directories of {@code appDir} that none of {@code plans} uses. */
    static void deleteAllExcept(Path appDir, List<LaunchPlan> plans) {
        Set<Path> keep = plans.stream().map(LaunchPlan::bindingRoot).filter(r -> r != null).collect(Collectors.toSet());
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(appDir, DIR_PREFIX + "*")) {
            for (Path dir : dirs) {
                if (!keep.contains(dir)) deleteTree(dir);
            }
        } catch (IOException e) {
            if (Files.isDirectory(appDir)) throw new UncheckedIOException("Cannot list " + appDir, e);
        }
    }

    /** Deletes every binding directory of {@code appDir} (the app is removed). */
    static void deleteAll(Path appDir) {
        deleteAllExcept(appDir, List.of());
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }

    private static void privateDir(Path dir) throws IOException {
        Files.createDirectories(dir);
        restrict(dir, "rwx------");
    }

    private static void restrict(Path p, String permissions) throws IOException {
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(permissions));
        }
    }
}
