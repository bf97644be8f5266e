package dev.switchboard.providers.local;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Stops process trees: SIGTERM to every member, a grace period, then SIGKILL to whatever is left. The handles
 * carry the start time, so a pid reused meanwhile is never signalled (the JDK checks it).
 */
final class ProcessStopper {

    static final Duration KILL_WAIT = Duration.ofSeconds(2);
    private static final long POLL_MILLIS = 25;

    private ProcessStopper() {
    }

    /**
     * The processes to stop for {@code p}: its descendants, the other members of its session when it leads one
     * (that reaches grandchildren whose parent already died), and itself last.
     */
    static List<ProcessHandle> treeOf(RunningProcess p, boolean sessionKnown) {
        Map<Long, ProcessHandle> tree = new LinkedHashMap<>();
        if (p.handle().isAlive()) {
            p.handle().descendants().forEach(h -> tree.put(h.pid(), h));
        }
        if (sessionKnown || p.leadsSession()) {
            for (ProcessHandle h : OsProcesses.sessionMembers(p.pid())) tree.putIfAbsent(h.pid(), h);
        }
        tree.remove(p.pid());
        tree.remove(ProcessHandle.current().pid());
        List<ProcessHandle> out = new ArrayList<>(tree.values());
        out.add(p.handle());
        return out;
    }

    static void terminate(Collection<ProcessHandle> handles) {
        for (ProcessHandle h : handles) {
            if (h.pid() != ProcessHandle.current().pid()) h.destroy();
        }
    }

    /** Waits up to {@code grace} for all of {@code handles} to end, then kills the rest and waits for them. */
    static void awaitOrKill(Collection<ProcessHandle> handles, Duration grace) {
        awaitOrKill(handles, grace, List::of);
    }

    /**
     * Like {@link #awaitOrKill(Collection, Duration)}; {@code latecomers} names processes that appeared after the
     * SIGTERM (children forked meanwhile in a stopped session): they are killed too.
     */
    static void awaitOrKill(Collection<ProcessHandle> handles, Duration grace,
                            Supplier<? extends Collection<ProcessHandle>> latecomers) {
        boolean gone = awaitGone(handles, grace);
        List<ProcessHandle> all = new ArrayList<>(handles);
        all.addAll(latecomers.get());
        if (gone && all.size() == handles.size()) return;
        for (ProcessHandle h : all) {
            if (!isGone(h) && h.pid() != ProcessHandle.current().pid()) h.destroyForcibly();
        }
        awaitGone(all, KILL_WAIT);
    }

    /** SIGTERM, up to {@code grace}, then SIGKILL. */
    static void stop(Collection<ProcessHandle> handles, Duration grace) {
        terminate(handles);
        awaitOrKill(handles, grace);
    }

    static boolean awaitGone(Collection<ProcessHandle> handles, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            boolean all = true;
            for (ProcessHandle h : handles) {
                if (!isGone(h)) {
                    all = false;
                    break;
                }
            }
            if (all) return true;
            if (System.nanoTime() >= deadline) return false;
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    /** Gone: exited, reaped, or a zombie (a zombie runs nothing; some inits never reap it). */
    static boolean isGone(ProcessHandle h) {
        if (!h.isAlive()) return true;
        return OsProcesses.stat(h.pid()).map(OsProcesses.Stat::zombie).orElse(true);
    }
}
