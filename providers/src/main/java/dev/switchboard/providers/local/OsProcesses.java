package dev.switchboard.providers.local;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What Linux says about processes, read from {@code /proc}. The JDK's {@link ProcessHandle} counts a zombie as
 * alive, and a zombie re-parented to an init that does not reap (some container inits) stays one for ever, so
 * every liveness question the app host asks goes through {@link #isRunning}.
 */
final class OsProcesses {

    private static final Path PROC = Path.of("/proc");

    private OsProcesses() {
    }

    /** The fields of {@code /proc/<pid>/stat} the app host needs. {@code startTicks} counts clock ticks since boot. */
    record Stat(long pid, char state, long ppid, long processGroup, long session, long startTicks) {
        boolean zombie() {
            return state == 'Z' || state == 'X' || state == 'x';
        }
    }

    static Optional<Stat> stat(long pid) {
        String s;
        try {
            s = Files.readString(PROC.resolve(Long.toString(pid)).resolve("stat"));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        return parseStat(pid, s);
    }

    static Optional<Stat> parseStat(long pid, String s) {
        int close = s.lastIndexOf(')');
        if (close < 0 || close + 2 > s.length()) return Optional.empty();
        String[] f = s.substring(close + 2).trim().split("\\s+");
        if (f.length < 20 || f[0].isEmpty()) return Optional.empty();
        try {
            return Optional.of(new Stat(pid, f[0].charAt(0), Long.parseLong(f[1]), Long.parseLong(f[2]),
                    Long.parseLong(f[3]), Long.parseLong(f[19])));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** True when the process exists, is not a zombie, and (when {@code startTicks > 0}) is the one started then. */
    static boolean isRunning(long pid, long startTicks) {
        return stat(pid).filter(st -> !st.zombie() && (startTicks <= 0 || st.startTicks() == startTicks)).isPresent();
    }

    static long startTicks(long pid) {
        return stat(pid).map(Stat::startTicks).orElse(0L);
    }

    /** Every live (non-zombie) process of session {@code sessionId}; never the session this JVM belongs to. */
    static List<ProcessHandle> sessionMembers(long sessionId) {
        List<ProcessHandle> out = new ArrayList<>();
        if (sessionId <= 1) return out;
        long self = ProcessHandle.current().pid();
        long ownSession = stat(self).map(Stat::session).orElse(-1L);
        if (sessionId == ownSession) return out;
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(PROC)) {
            for (Path p : dir) {
                String name = p.getFileName().toString();
                if (name.isEmpty() || !Character.isDigit(name.charAt(0))) continue;
                long pid;
                try {
                    pid = Long.parseLong(name);
                } catch (NumberFormatException e) {
                    continue;
                }
                if (pid == self) continue;
                stat(pid).filter(st -> st.session() == sessionId && !st.zombie())
                        .flatMap(st -> ProcessHandle.of(st.pid()))
                        .ifPresent(out::add);
            }
        } catch (IOException e) {
            return out;
        }
        return out;
    }

    /** True when some socket listens on TCP {@code port} (any local address, IPv4 or IPv6). */
    static boolean isListening(int port) {
        if (port <= 0) return false;
        String hexPort = String.format(":%04X", port);
        for (String table : List.of("tcp", "tcp6")) {
            List<String> lines;
            try {
                lines = Files.readAllLines(PROC.resolve("net").resolve(table));
            } catch (IOException | RuntimeException e) {
                continue;
            }
            for (int i = 1; i < lines.size(); i++) {
                String[] f = lines.get(i).trim().split("\\s+");
                if (f.length > 3 && f[1].endsWith(hexPort) && f[3].equals("0A")) return true;
            }
        }
        return false;
    }
}
