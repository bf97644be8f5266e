package dev.switchboard.providers.postgres.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;

/**
 * The unprivileged user PostgreSQL runs as when the JVM runs as root (PostgreSQL refuses to run as root).
 * Commands are wrapped in util-linux {@code setpriv}, which drops to that uid/gid and clears supplementary groups.
 */
record RunAs(int uid, int gid, Path setpriv) {

    static final int NOBODY_FALLBACK = 65534;

    /** {@code null} when the JVM is not root: then everything runs as the current user, unwrapped. */
    static RunAs detect() throws IOException {
        if (effectiveUid() != 0) return null;
        int uid = NOBODY_FALLBACK, gid = NOBODY_FALLBACK;
        Path passwd = Path.of("/etc/passwd");
        if (Files.isReadable(passwd)) {
            for (String line : Files.readAllLines(passwd)) {
                String[] f = line.split(":");
                if (f.length >= 4 && f[0].equals("nobody")) {
                    try {
                        uid = Integer.parseInt(f[2]);
                        gid = Integer.parseInt(f[3]);
                    } catch (NumberFormatException ignored) { // keep the fallback
                    }
                    break;
                }
            }
        }
        Path setpriv = List.of("/usr/bin/setpriv", "/bin/setpriv", "/usr/sbin/setpriv", "/sbin/setpriv").stream()
                .map(Path::of).filter(Files::isExecutable).findFirst()
                .orElseThrow(() -> new IOException("The JVM runs as root and PostgreSQL refuses to run as root, but "
                        + "setpriv (util-linux) was not found to run it as 'nobody'. Install util-linux or run as a non-root user."));
        return new RunAs(uid, gid, setpriv);
    }

    /** Effective uid from /proc/self/status ({@code Uid: real effective saved fs}); -1 if unknown. */
    static int effectiveUid() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) return Integer.parseInt(line.substring(4).trim().split("\\s+")[1]);
            }
        } catch (IOException | RuntimeException ignored) {
            // not Linux or /proc not mounted: treat as unprivileged
        }
        return -1;
    }

    List<String> prefix() {
        return List.of(setpriv.toString(), "--reuid=" + uid, "--regid=" + gid, "--clear-groups", "--");
    }

    void chown(Path p) throws IOException {
        Files.setAttribute(p, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(p, "unix:gid", gid, LinkOption.NOFOLLOW_LINKS);
    }
}
