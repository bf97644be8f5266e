package dev.switchboard.providers.local;

import java.time.Instant;
import java.util.OptionalInt;

/**
 * One OS process of an app: either a child this host started ({@code process} set, exit code known) or one it
 * adopted from an earlier host ({@code process} null). Identity is pid plus start ticks, so a reused pid never
 * passes for the process.
 */
record RunningProcess(long pid, long startTicks, Instant startInstant, Process process, ProcessHandle handle) {

    static RunningProcess started(Process process, Instant fallbackStart) {
        ProcessHandle h = process.toHandle();
        Instant start = h.info().startInstant().orElse(fallbackStart);
        return new RunningProcess(process.pid(), OsProcesses.startTicks(process.pid()), start, process, h);
    }

    boolean adopted() {
        return process == null;
    }

    boolean isAlive() {
        if (process != null) return process.isAlive();
        return handle.isAlive() && OsProcesses.isRunning(pid, startTicks);
    }

    /** The exit code once a started child has exited; empty while it runs or for an adopted process. */
    OptionalInt exitCode() {
        if (process == null || process.isAlive()) return OptionalInt.empty();
        return OptionalInt.of(process.exitValue());
    }

    /** True when the process leads its own session (it was started through setsid): its whole tree can be found. */
    boolean leadsSession() {
        return OsProcesses.stat(pid).filter(st -> st.session() == pid && st.startTicks() == startTicks).isPresent();
    }
}
