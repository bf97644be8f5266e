package dev.switchboard.providers.local;

import dev.switchboard.core.compute.AppObservation;
import dev.switchboard.core.failure.TerminalFailure;
import dev.switchboard.core.id.ResourceId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeSet;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Keeps one container's process running: starts it, notices when it dies (the host's sweep calls
 * {@link #checkExit()}), restarts it with exponential backoff, and stops its whole tree on request.
 * All state is guarded by this object's monitor; the only call out while holding it is the record sink
 * (lock order: supervisor, then app), so there is no cycle.
 */
final class ProcessSupervisor {

    enum Phase { STARTING, RUNNING, BACKOFF, STOPPED }

    private static final Logger LOG = LoggerFactory.getLogger(ProcessSupervisor.class);
    private static final Duration SESSION_WAIT = Duration.ofMillis(200);

    private final ResourceId app;
    private final LaunchPlan plan;
    private final HostContext ctx;
    private final Consumer<PidRecord.Entry> recordSink;

    private Phase phase = Phase.STOPPED;
    private RunningProcess current;
    private boolean sessionKnown;
    private int port;
    private Instant spawnedAt;
    private int consecutiveFailures;
    /** New processes started after a crash since this host began supervising (an adopted process starts at 0). */
    private int restartCount;
    private String lastError;
    private Instant nextRestartAt;
    private ScheduledFuture<?> pendingRestart;
    private boolean stopRequested;
    private ProcessProbes probes;
    /** Why this host ended the process (a failed probe), for the restart's message instead of the bare exit. */
    private String killedBecause;

    ProcessSupervisor(ResourceId app, LaunchPlan plan, HostContext ctx, Consumer<PidRecord.Entry> recordSink) {
        this.app = app;
        this.plan = plan;
        this.ctx = ctx;
        this.recordSink = recordSink;
    }

    String container() {
        return plan.container();
    }

    LaunchPlan plan() {
        return plan;
    }

    synchronized int port() {
        return port;
    }

    synchronized Phase phase() {
        return phase;
    }

    /** Starts the first process; a start the OS refuses is the caller's fault (400), anything else transient. */
    synchronized void start(int preferredPort) {
        port = ctx.ports().allocate(preferredPort);
        try {
            spawn();
        } catch (IOException e) {
            ctx.ports().release(port);
            phase = Phase.STOPPED;
            throw TerminalFailure.badRequest("InvalidContainerCommand",
                    "properties.template.containers[" + plan.index() + "].command",
                    "Container '" + LogTail.printable(plan.container(), 80) + "' could not be started: "
                            + LogTail.printable(String.valueOf(e.getMessage()), 300));
        }
    }

    /** Takes over a process an earlier host started (pid and start time already verified). */
    synchronized void adopt(RunningProcess process, int recordedPort) {
        current = process;
        port = recordedPort;
        ctx.ports().claim(recordedPort);
        spawnedAt = process.startInstant() != null ? process.startInstant() : ctx.clock().instant();
        sessionKnown = process.leadsSession();
        phase = Phase.RUNNING;
        probes = new ProcessProbes(plan.probes(), recordedPort, ctx.clock().instant());
        LOG.info("Adopted app {} container {}: pid {} on port {}", app, plan.container(), process.pid(), port);
        publish();
    }

    private void spawn() throws IOException {
        Files.createDirectories(plan.workDir());
        List<String> cmd = new ArrayList<>();
        if (ctx.setsid() != null) cmd.add(ctx.setsid().toString());
        cmd.addAll(plan.commandLine());
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .directory(plan.workDir().toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(plan.logFile().toFile()));
        Map<String, String> env = pb.environment();
        env.clear();
        env.putAll(plan.environment());
        env.put(LaunchPlanner.PORT, Integer.toString(port));
        Process p = pb.start();
        Instant now = ctx.clock().instant();
        current = RunningProcess.started(p, now);
        sessionKnown = ctx.setsid() != null && awaitOwnSession(current);
        spawnedAt = now;
        nextRestartAt = null;
        phase = Phase.STARTING;
        probes = new ProcessProbes(plan.probes(), port, now);
        killedBecause = null;
        LOG.info("Started app {} container {}: pid {} on port {}, env names {}", app, plan.container(), p.pid(), port,
                new TreeSet<>(plan.environment().keySet()));
        publish();
    }

    /** setsid makes the process a session leader right after it starts; confirm it before relying on it. */
    private static boolean awaitOwnSession(RunningProcess p) {
        long deadline = System.nanoTime() + SESSION_WAIT.toNanos();
        while (true) {
            if (p.leadsSession()) return true;
            if (System.nanoTime() > deadline || !p.isAlive()) return false;
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    private void publish() {
        recordSink.accept(new PidRecord.Entry(plan.container(), current.pid(), current.startInstant(),
                current.startTicks(), port, plan.containerHash()));
    }

    /** What the process was given that could be secret: its settings (not the host's PATH and HOME) and binding files. */
    private java.util.List<String> secretLike() {
        java.util.List<String> out = new java.util.ArrayList<>(plan.bindingFiles().values());
        plan.environment().forEach((k, v) -> {
            if (!k.equals("PATH") && !k.equals("HOME")) out.add(v);
        });
        return out;
    }

    /** Called by the host's sweep: notices an unexpected exit and schedules the restart. */
    synchronized void checkExit() {
        if (stopRequested || current == null || phase == Phase.BACKOFF || phase == Phase.STOPPED) return;
        if (!sessionKnown && current.leadsSession()) sessionKnown = true;
        if (current.isAlive()) return;
        Instant now = ctx.clock().instant();
        OptionalInt code = current.exitCode();
        String last = LogTail.masked(LogTail.lastLine(plan.logFile()), secretLike());
        lastError = killedBecause != null ? "restarted: " + killedBecause
                : (code.isPresent() ? "exited with code " + code.getAsInt()
                : "exited (exit code unknown: the process was adopted from an earlier host)")
                + (last == null ? "" : ": " + last);
        Duration ran = spawnedAt == null ? Duration.ZERO : Duration.between(spawnedAt, now);
        if (ran.compareTo(Backoff.STABLE_RUN) >= 0) consecutiveFailures = 0;
        consecutiveFailures++;
        // leftovers of the dead process (children in its session) must not keep its port or run twice
        if (sessionKnown) ProcessStopper.terminate(OsProcesses.sessionMembers(current.pid()));
        scheduleRestart(now, "pid " + current.pid() + " "
                + (code.isPresent() ? "exited with code " + code.getAsInt() : "exited"));
    }

    private void scheduleRestart(Instant now, String why) {
        Duration delay = Backoff.delay(consecutiveFailures);
        phase = Phase.BACKOFF;
        nextRestartAt = now.plus(delay);
        LOG.warn("App {} container {}: {}; restart {} in {} s", app, plan.container(), why, consecutiveFailures,
                delay.toSeconds());
        try {
            pendingRestart = ctx.scheduler().schedule(this::restart, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            pendingRestart = null; // the host is closing
        }
    }

    private synchronized void restart() {
        pendingRestart = null;
        if (stopRequested || phase != Phase.BACKOFF) return;
        if (current != null && sessionKnown) {
            List<ProcessHandle> leftovers = OsProcesses.sessionMembers(current.pid());
            leftovers.forEach(ProcessHandle::destroyForcibly);
        }
        try {
            ctx.ports().release(port);
            port = ctx.ports().allocate(port);
            spawn();
            restartCount++;
        } catch (IOException | RuntimeException e) {
            consecutiveFailures++;
            lastError = "restart failed: " + LogTail.printable(String.valueOf(e.getMessage()), 300);
            scheduleRestart(ctx.clock().instant(), "restart failed");
        }
    }

    /**
     * Runs the probes that are due; a process whose startup or liveness probe failed too often is killed, and
     * the sweep restarts it as it would after a crash (with backoff).
     */
    synchronized void probe() {
        if (stopRequested || current == null || probes == null || !current.isAlive()) return;
        if (phase != Phase.STARTING && phase != Phase.RUNNING) return;
        refreshStarted();
        // Only a startup probe runs while the process has not started listening: a slow start is not a failure.
        probes.tick(ctx.clock().instant(), ctx.probes(), phase == Phase.RUNNING);
        String reason = probes.restartReason();
        if (reason == null) return;
        killedBecause = reason;
        LOG.warn("App {} container {}: {}; killing pid {}", app, plan.container(), reason, current.pid());
        // As a kubelet would after the grace period: a process that failed its probe may not answer SIGTERM either.
        ProcessStopper.treeOf(current, sessionKnown).forEach(ProcessHandle::destroyForcibly);
        probes = null;
    }

    /** STARTING becomes RUNNING once the process listens on its port, or when the start timeout has passed. */
    private void refreshStarted() {
        if (phase != Phase.STARTING) return;
        Duration age = Duration.between(spawnedAt, ctx.clock().instant());
        if (OsProcesses.isListening(port) || age.compareTo(ctx.startTimeout()) >= 0) phase = Phase.RUNNING;
    }

    /** Takes requests: alive, started, and ready by its readiness probe (or, without one, listening on its port). */
    synchronized boolean takesRequests() {
        if (current == null || !current.isAlive() || (phase != Phase.RUNNING && phase != Phase.STARTING) || probes == null) return false;
        if (probes.has(dev.switchboard.core.compute.Probe.Type.READINESS)) return probes.ready();
        return probes.startupPassed() && OsProcesses.isListening(port);
    }

    /** Why the process will not become ready (its readiness or startup probe failed often enough); else null. */
    synchronized String notReadyBecause() {
        return probes == null ? null : probes.readinessFailure();
    }

    /** Stops supervising and sends SIGTERM to the process tree; returns what to wait for. */
    synchronized List<ProcessHandle> signalStop() {
        stopRequested = true;
        cancelRestart();
        phase = Phase.STOPPED;
        if (current == null) return List.of();
        List<ProcessHandle> tree = ProcessStopper.treeOf(current, sessionKnown);
        ProcessStopper.terminate(tree);
        return tree;
    }

    /** Processes still in the stopped process's session (forked after the SIGTERM). */
    synchronized List<ProcessHandle> latecomers() {
        if (current == null || !sessionKnown) return List.of();
        return OsProcesses.sessionMembers(current.pid());
    }

    /** After the tree is gone: gives the port back. */
    synchronized void stopped() {
        ctx.ports().release(port);
    }

    /** Stops supervising but leaves the process running (for a host closed with leaveRunning). */
    synchronized void detach() {
        stopRequested = true;
        cancelRestart();
    }

    private void cancelRestart() {
        if (pendingRestart != null) pendingRestart.cancel(false);
        pendingRestart = null;
        nextRestartAt = null;
    }

    /** The process as it is now, with its state and the environment read from the live process. */
    synchronized AppObservation.Replica snapshot() {
        checkExit();
        Instant next = phase == Phase.BACKOFF ? nextRestartAt : null;
        if (current == null) {
            return new AppObservation.Replica(plan.container(), 0, port, null, false, Map.of(), lastError, state(),
                    restartCount, next);
        }
        boolean alive = phase != Phase.BACKOFF && phase != Phase.STOPPED && current.isAlive();
        if (alive) refreshStarted();
        String error = lastError;
        if (next != null) error = lastError + " (restart " + consecutiveFailures + " at " + next + ")";
        return new AppObservation.Replica(plan.container(), current.pid(), port, current.startInstant(), alive,
                alive ? LiveEnvironment.read(current.pid()) : Map.of(), error, state(), restartCount, next);
    }

    /** The state to report for this process, once its exit and start were looked at. */
    private AppObservation.State state() {
        return switch (phase) {
            case STARTING -> current != null && current.isAlive() ? AppObservation.State.STARTING : AppObservation.State.FAILED;
            case RUNNING -> current != null && current.isAlive() ? AppObservation.State.RUNNING : AppObservation.State.FAILED;
            case BACKOFF -> Backoff.crashLooping(consecutiveFailures)
                    ? AppObservation.State.CRASH_LOOP_BACKOFF : AppObservation.State.FAILED;
            case STOPPED -> AppObservation.State.STOPPED;
        };
    }
}
