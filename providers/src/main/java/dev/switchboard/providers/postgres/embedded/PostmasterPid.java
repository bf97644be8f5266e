package dev.switchboard.providers.postgres.embedded;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Reads the {@code postmaster.pid} of a data directory at start: a live server on it is to be adopted; a file that
 * PostgreSQL would wrongly take for a running server is removed. A dead server's file is left for PostgreSQL to clear.
 */
final class PostmasterPid {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgres.class);

    /** A live postmaster on our data directory. */
    record Live(int pid, int port) {}

    private PostmasterPid() {}

    /** The live postmaster whose postmaster.pid names {@code dataDir}, if any. */
    static Optional<Live> liveServerOn(Path dataDir) throws IOException {
        Path pidFile = dataDir.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) return Optional.empty();
        List<String> lines = Files.readAllLines(pidFile);
        long pid;
        int pidPort;
        try {
            pid = Long.parseLong(lines.get(0).strip());
            pidPort = Integer.parseInt(lines.get(3).strip());
        } catch (RuntimeException e) {
            return Optional.empty(); // half-written or garbled: let PostgreSQL judge it
        }
        Optional<ProcessHandle> ph = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        if (ph.isEmpty()) return Optional.empty(); // dead server: PostgreSQL clears its stale pid file itself
        // (the command can be unknown when /proc hides it: then the data directory line decides)
        boolean postgres = ph.get().info().command().map(c -> c.endsWith("/postgres")).orElse(true);
        boolean ours = !zombie(pid) && postgres && lines.size() > 1 && sameFile(Path.of(lines.get(1).strip()), dataDir);
        if (!ours) {
            // The pid was reused by an unrelated process (e.g. after a container restart), or is a killed server not
            // yet reaped: PostgreSQL would take it for a running server and refuse to start, so the file goes here.
            log.warn("Removing stale {} (pid {} exists but is not a running postgres on this data directory)", pidFile, pid);
            Files.delete(pidFile);
            return Optional.empty();
        }
        return Optional.of(new Live((int) pid, pidPort));
    }

    /** A process that exited but was not reaped yet (state Z in /proc/<pid>/stat) still "exists". */
    private static boolean zombie(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            char state = stat.substring(stat.lastIndexOf(')') + 1).strip().charAt(0);
            return state == 'Z' || state == 'X';
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static boolean sameFile(Path a, Path b) {
        try {
            return Files.isSameFile(a, b);
        } catch (IOException e) {
            return false;
        }
    }
}
