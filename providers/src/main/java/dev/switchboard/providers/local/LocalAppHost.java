package dev.switchboard.providers.local;

import dev.switchboard.core.compute.SpecHash;
import dev.switchboard.core.compute.AppHost;
import dev.switchboard.core.compute.AppObservation;
import dev.switchboard.core.compute.AppSpec;
import dev.switchboard.core.compute.TrafficShare;
import dev.switchboard.core.failure.TerminalFailure;
import dev.switchboard.core.id.ResourceId;
import dev.switchboard.core.target.ApplyResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Runs apps as local processes (Linux): one process per container, started in its own session, with exactly the
 * spec's environment plus {@code PORT} (a free loopback port, kept across restarts while it stays free) plus the
 * host variables in {@link #INHERITED_VARIABLES}; working directory {@code workRoot/<app>/}; stdout and stderr
 * appended to {@code workRoot/<app>/<container>.log}.
 *
 * <p>A process that dies is restarted after 1 s, 2 s, 4 s ... at most 30 s (the app is FAILED meanwhile). A PID
 * record ({@code workRoot/<app>/pids.txt}) lets a later host on the same work root adopt still-running processes
 * (pid and start time must both match) instead of starting duplicates. {@link #close()} stops every process
 * unless the host leaves them running.
 *
 * <p>apply, adopt, remove and observe may be called from many threads; calls for one app are serialised.
 * Environment values may be secrets: this class logs variable names only and writes only a digest of the spec.
 */
public final class LocalAppHost implements AppHost, AutoCloseable {

    /** Host variables copied into every process (when the base environment has them); the spec's env wins. */
    public static final List<String> INHERITED_VARIABLES = List.of("PATH", "HOME", "LANG", "JAVA_HOME");
    /** How long a process gets between SIGTERM and SIGKILL. */
    public static final Duration STOP_GRACE = Duration.ofSeconds(5);

    private static final Logger LOG = LoggerFactory.getLogger(LocalAppHost.class);
    private static final Duration SWEEP_INTERVAL = Duration.ofMillis(200);

    /** Start instants are derived from a boot time the kernel recomputes; the exact check is on start ticks. */
    private static final Duration START_INSTANT_TOLERANCE = Duration.ofSeconds(2);
    private static final List<Path> SETSID_CANDIDATES = List.of(Path.of("/usr/bin/setsid"), Path.of("/bin/setsid"));

    private final WorkLayout layout;
    private final HostContext ctx;
    private final LaunchPlanner planner;
    private final ScheduledExecutorService scheduler;
    private final Map<String, AppSlot> slots = new ConcurrentHashMap<>();
    private final AppIngresses ingresses;
    /** Per app that splits its requests among revisions: the shares {@link #route} was last given. */
    private final Map<String, Routed> traffic = new ConcurrentHashMap<>();
    /** Held while a split is read and written to its ingress, so that an older split never overwrites a newer one. */
    private final Object routing = new Object();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile boolean leaveRunning;

    private record Routed(ResourceId app, List<TrafficShare> shares) { }

    /** Per app: the lock that serialises calls, and what runs. */
    private static final class AppSlot {
        final ReentrantLock lock = new ReentrantLock();
        volatile AppSupervisor app;
    }

    /**
     * @param workRoot        directory for the apps' working directories, logs and PID records (created if missing)
     * @param clock           time source for start, failure and restart times
     * @param startTimeout    how long a fresh process may take to listen on its PORT: it is STARTING until it
     *                        listens or this has passed (a process that never listens is RUNNING after it)
     * @param baseEnvironment the host's environment as the caller sees it; only {@link #INHERITED_VARIABLES} are
     *                        passed on to the apps
     * @param leaveRunning    when true, {@link #close()} stops supervising but leaves the processes (and their PID
     *                        records) for a later host to adopt
     */
    public LocalAppHost(Path workRoot, Clock clock, Duration startTimeout, Map<String, String> baseEnvironment,
                        boolean leaveRunning) {
        Objects.requireNonNull(workRoot, "workRoot");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(startTimeout, "startTimeout");
        Objects.requireNonNull(baseEnvironment, "baseEnvironment");
        if (startTimeout.isNegative()) throw new IllegalArgumentException("startTimeout must not be negative");
        this.layout = new WorkLayout(workRoot);
        this.ingresses = new AppIngresses(layout);
        try {
            Files.createDirectories(layout.root());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the app host's work root " + layout.root(), e);
        }
        Map<String, String> inherited = new LinkedHashMap<>();
        for (String name : INHERITED_VARIABLES) {
            String value = baseEnvironment.get(name);
            if (value != null) inherited.put(name, value);
        }
        this.planner = new LaunchPlanner(layout, inherited);
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "switchboard-local-app-host");
            t.setDaemon(true);
            return t;
        });
        Path setsid = SETSID_CANDIDATES.stream().filter(Files::isExecutable).findFirst().orElse(null);
        if (setsid == null) {
            LOG.warn("No setsid binary: app processes share Switchboard's session; grandchildren of a crashed app"
                    + " process may outlive it");
        }
        this.ctx = new HostContext(layout, new PortAllocator(), scheduler, clock, startTimeout, STOP_GRACE, setsid,
                Executors.newVirtualThreadPerTaskExecutor());
        this.leaveRunning = leaveRunning;
        scheduler.scheduleWithFixedDelay(this::sweep, SWEEP_INTERVAL.toMillis(), SWEEP_INTERVAL.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** A host that stops its apps on {@link #close()}. */
    public LocalAppHost(Path workRoot, Clock clock, Duration startTimeout, Map<String, String> baseEnvironment) {
        this(workRoot, clock, startTimeout, baseEnvironment, false);
    }

    /** Whether {@link #close()} leaves the apps running for a later host to adopt. */
    public void setLeaveRunning(boolean leaveRunning) {
        this.leaveRunning = leaveRunning;
    }

    public boolean leaveRunning() {
        return leaveRunning;
    }

    /** The directory of an app: its processes' working directory, logs and PID record. */
    public Path appDirectory(ResourceId app) {
        return layout.appDir(app);
    }

    /**
     * Starts the app (CREATED), or does nothing when the same spec already runs (NOOP), or stops what runs and
     * starts the new spec (UPDATED). Processes of an earlier host recorded for this app are adopted when they
     * still run this spec. An invalid spec (such as a missing executable) is refused with a 400
     * {@link TerminalFailure} before anything is stopped or started.
     */
    @Override
    public ApplyResult apply(AppSpec spec) {
        return converge(spec);
    }

    /**
     * Takes an app over after a restart of Switchboard: processes recorded by an earlier host on this work root
     * whose pid and start time still match are adopted without a restart (NOOP when they run this spec);
     * a dead or reused pid means a fresh start. Same contract as {@link #apply}, which adopts too.
     */
    public ApplyResult adopt(AppSpec spec) {
        return converge(spec);
    }

    private ApplyResult converge(AppSpec spec) {
        Objects.requireNonNull(spec, "spec");
        ensureOpen();
        List<LaunchPlan> plans = planner.plan(spec);
        String hash = SpecHash.of(spec);
        AppSlot slot = slot(spec.id());
        slot.lock.lock();
        try {
            ensureOpen();
            BindingFiles.writeAll(plans);
            AppSupervisor running = slot.app;
            if (running != null) {
                if (running.specHash().equals(hash)) return ApplyResult.NOOP;
                slot.app = new Handover(ctx, ingresses).replace(spec.id(), hash, plans, running);
                BindingFiles.deleteAllExcept(layout.appDir(spec.id()), plans);
                return ApplyResult.UPDATED;
            }
            Optional<PidRecord> record = PidRecord.read(layout.recordFile(spec.id()));
            Map<String, Integer> ports = new HashMap<>();
            Map<String, AppSupervisor.LiveEntry> live = new LinkedHashMap<>();
            if (record.isPresent()) {
                for (PidRecord.Entry e : record.get().entries()) {
                    ports.put(e.container(), e.port());
                    verify(e).ifPresent(p -> live.put(e.container(), new AppSupervisor.LiveEntry(e, p)));
                }
                if (hash.equals(record.get().specHash()) && live.size() == plans.size()
                        && plans.stream().allMatch(p -> live.containsKey(p.container())
                        && live.get(p.container()).entry().containerHash().equals(p.containerHash()))) {
                    slot.app = AppSupervisor.adopt(spec.id(), hash, plans, live, ctx);
                    ingresses.route(spec.id(), slot.app.trafficPorts());
                    return ApplyResult.NOOP;
                }
                if (!live.isEmpty()) {
                    LOG.info("App {}: stopping {} process(es) of an earlier host that run another spec", spec.id(),
                            live.size());
                    stopRecorded(live.values());
                }
            }
            slot.app = AppSupervisor.start(spec.id(), hash, plans, ports, ctx);
            ingresses.route(spec.id(), slot.app.trafficPorts());
            return live.isEmpty() ? ApplyResult.CREATED : ApplyResult.UPDATED;
        } finally {
            slot.lock.unlock();
        }
    }

    /** Refuses a spec that could not start (such as a missing executable) without starting anything. */
    @Override
    public void check(AppSpec spec) {
        planner.plan(spec);
    }

    /** Stops the app's processes (whole trees) and its ingress and removes its PID record; its logs stay. */
    @Override
    public ApplyResult remove(ResourceId app) {
        Objects.requireNonNull(app, "app");
        ensureOpen();
        AppSlot slot = slot(app);
        slot.lock.lock();
        try {
            Path recordFile = layout.recordFile(app);
            AppSupervisor running = slot.app;
            synchronized (routing) {
                ingresses.remove(app);
                if (traffic.remove(app.key()) != null) LOG.info("App {}: its traffic split is gone", app);
            }
            if (running != null) {
                slot.app = null;
                // A revision's requests through its app's ingress finish before its processes stop.
                if (app.parent() != null) ingresses.drain(app.parent(), running.ingressPorts(), Handover.DRAIN_TIMEOUT);
                running.stop();
                AppSupervisor.deleteRecord(recordFile);
                BindingFiles.deleteAll(layout.appDir(app));
                LOG.info("App {} removed", app);
                return ApplyResult.DELETED;
            }
            Optional<PidRecord> record = PidRecord.read(recordFile);
            if (record.isEmpty() && !Files.exists(recordFile)) return ApplyResult.NOOP;
            record.ifPresent(r -> {
                List<AppSupervisor.LiveEntry> live = new ArrayList<>();
                for (PidRecord.Entry e : r.entries()) verify(e).ifPresent(p -> live.add(new AppSupervisor.LiveEntry(e, p)));
                stopRecorded(live);
            });
            AppSupervisor.deleteRecord(recordFile);
            BindingFiles.deleteAll(layout.appDir(app));
            LOG.info("App {} removed (it was recorded by an earlier host)", app);
            return ApplyResult.DELETED;
        } finally {
            slot.lock.unlock();
        }
    }

    @Override
    public void route(ResourceId app, List<TrafficShare> shares) {
        Objects.requireNonNull(app, "app");
        ensureOpen();
        layout.ensureAppDir(app);
        Routed routed = new Routed(app, List.copyOf(shares));
        synchronized (routing) {
            traffic.put(app.key(), routed);
            ingresses.route(app, groups(routed));
        }
    }

    @Override
    public int ingressPort(ResourceId app) {
        return ingresses.port(app);
    }

    /** The ready ports of each share's revision, as the app's ingress splits among them. */
    private List<IngressProxy.Backends> groups(Routed routed) {
        List<IngressProxy.Backends> out = new ArrayList<>();
        for (TrafficShare share : routed.shares()) {
            AppSlot slot = slots.get(share.revision().key());
            AppSupervisor running = slot == null ? null : slot.app;
            out.add(new IngressProxy.Backends(share.revision().name(), share.weight(),
                    running == null ? List.of() : running.trafficPorts()));
        }
        return out;
    }

    @Override
    public String awaitReady(ResourceId app, Duration timeout, boolean mustServe) {
        AppSupervisor running = slot(app).app;
        if (running == null) return "it is not running";
        return Handover.awaitReady(running, timeout, mustServe);
    }

    @Override
    public boolean serves(ResourceId app) {
        AppSupervisor running = slot(app).app;
        return running != null && running.serving();
    }

    /**
     * The app as it runs now, each process with its live environment read from {@code /proc}. An app this host
     * does not supervise but that has a PID record is reported from the record (RUNNING when its processes all
     * still run, STOPPED when none does). Empty when the host knows nothing of the app.
     */
    @Override
    public Optional<AppObservation> observe(ResourceId app) {
        Objects.requireNonNull(app, "app");
        AppSlot slot = slot(app);
        slot.lock.lock();
        try {
            AppSupervisor running = slot.app;
            if (running != null) return Optional.of(running.observe().withIngressPort(ingresses.port(app)));
            return PidRecord.read(layout.recordFile(app)).map(r -> fromRecord(app, r));
        } finally {
            slot.lock.unlock();
        }
    }

    private static AppObservation fromRecord(ResourceId app, PidRecord record) {
        List<AppObservation.Replica> replicas = new ArrayList<>();
        int alive = 0;
        for (PidRecord.Entry e : record.entries()) {
            Optional<RunningProcess> p = verify(e);
            if (p.isPresent()) {
                alive++;
                replicas.add(new AppObservation.Replica(e.container(), e.pid(), e.port(), e.startInstant(), true,
                        LiveEnvironment.read(e.pid()), null));
            } else {
                replicas.add(new AppObservation.Replica(e.container(), e.pid(), e.port(), e.startInstant(), false,
                        Map.of(), "not running (recorded by an earlier host, not supervised)"));
            }
        }
        AppObservation.State state = alive == 0 ? AppObservation.State.STOPPED
                : alive == replicas.size() ? AppObservation.State.RUNNING : AppObservation.State.FAILED;
        return new AppObservation(app, state, replicas);
    }

    /**
     * The last {@code lines} lines of the app's log. With several containers, each contributes up to
     * {@code lines} lines, prefixed with {@code [container] }, in container order.
     */
    public List<String> tail(ResourceId app, int lines) {
        Objects.requireNonNull(app, "app");
        if (lines < 0) throw new IllegalArgumentException("lines must not be negative");
        Map<String, Path> logs = new LinkedHashMap<>();
        AppSlot slot = slots.get(app.key());
        AppSupervisor running = slot == null ? null : slot.app;
        if (running != null) {
            for (ProcessSupervisor p : running.processes()) logs.put(p.container(), p.plan().logFile());
        } else {
            try (DirectoryStream<Path> dir = Files.newDirectoryStream(layout.appDir(app), "*" + WorkLayout.LOG_SUFFIX)) {
                List<Path> files = new ArrayList<>();
                dir.forEach(files::add);
                files.sort(null);
                for (Path f : files) {
                    String name = f.getFileName().toString();
                    logs.put(name.substring(0, name.length() - WorkLayout.LOG_SUFFIX.length()), f);
                }
            } catch (IOException e) {
                return List.of();
            }
        }
        if (logs.size() == 1) return LogTail.lastLines(logs.values().iterator().next(), lines);
        List<String> out = new ArrayList<>();
        logs.forEach((container, file) -> LogTail.lastLines(file, lines).forEach(l -> out.add("[" + container + "] " + l)));
        return out;
    }

    @Override
    public List<String> logs(ResourceId app, String container, int lines) {
        return container == null ? tail(app, lines) : tail(app, container, lines);
    }

    /** The last {@code lines} lines of one container's log. */
    public List<String> tail(ResourceId app, String container, int lines) {
        Objects.requireNonNull(app, "app");
        Objects.requireNonNull(container, "container");
        if (lines < 0) throw new IllegalArgumentException("lines must not be negative");
        return LogTail.lastLines(layout.logFile(app, container), lines);
    }

    /**
     * Stops every app this host runs (SIGTERM to all at once, then SIGKILL after {@link #STOP_GRACE}) unless it
     * leaves them running, then stops the scheduler. PID records stay, so a later host keeps the same ports.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) return;
        boolean leave = leaveRunning;
        List<AppSupervisor> stopping = new ArrayList<>();
        List<ProcessHandle> handles = new ArrayList<>();
        for (AppSlot slot : slots.values()) {
            slot.lock.lock();
            try {
                AppSupervisor app = slot.app;
                if (app == null) continue;
                slot.app = null;
                if (leave) {
                    app.detach();
                } else {
                    handles.addAll(app.signalStop());
                    stopping.add(app);
                }
            } finally {
                slot.lock.unlock();
            }
        }
        ProcessStopper.awaitOrKill(handles, STOP_GRACE, () -> {
            List<ProcessHandle> late = new ArrayList<>();
            for (AppSupervisor app : stopping) late.addAll(app.latecomers());
            return late;
        });
        for (AppSupervisor app : stopping) app.awaitStopped(List.of());
        ingresses.close();
        ctx.probes().shutdownNow();
        scheduler.shutdownNow();
        try {
            if (!scheduler.awaitTermination(2, TimeUnit.SECONDS)) LOG.warn("The app host's scheduler did not stop");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (leave) {
            LOG.info("Local app host closed; its apps are left running for a later host to adopt");
        } else {
            LOG.info("Local app host closed; {} app(s) stopped", stopping.size());
        }
    }

    private void sweep() {
        if (closed.get()) return;
        for (AppSlot slot : slots.values()) {
            AppSupervisor app = slot.app;
            if (app == null) continue;
            try {
                app.sweep();
                routeReady(slot);
            } catch (RuntimeException e) {
                LOG.warn("App {}: supervision check failed: {}", app.id(), e.toString());
            }
        }
        // Readiness changes move a revision's processes in or out of its app's split, as for a single app.
        // Under the routing lock, from the split as it is then: a split read before a rollout switched it must not be
        // written back over the new one (its old revision, stopped meanwhile, would get requests it refuses).
        for (String key : List.copyOf(traffic.keySet())) {
            synchronized (routing) {
                Routed routed = traffic.get(key);
                if (routed == null) continue;
                try {
                    ingresses.route(routed.app(), groups(routed));
                } catch (RuntimeException e) {
                    LOG.warn("App {}: traffic split not updated: {}", routed.app(), e.toString());
                }
            }
        }
    }

    /**
     * Requests go only to processes that are ready: a failing readiness probe takes one out, a passing one brings
     * it back. Skipped while the app is being changed (its lock is held), so a handover's routing is never undone.
     */
    private void routeReady(AppSlot slot) {
        if (!slot.lock.tryLock()) return;
        try {
            AppSupervisor app = slot.app;
            if (app != null) ingresses.route(app.id(), app.trafficPorts());
        } finally {
            slot.lock.unlock();
        }
    }

    /** The recorded process if it still runs: same pid, same start ticks, same start instant (within tolerance). */
    static Optional<RunningProcess> verify(PidRecord.Entry e) {
        if (e.pid() <= 1 || e.pid() == ProcessHandle.current().pid()) return Optional.empty();
        if (e.startTicks() <= 0 && e.startInstant() == null) return Optional.empty();
        Optional<OsProcesses.Stat> stat = OsProcesses.stat(e.pid());
        if (stat.isEmpty() || stat.get().zombie()) return Optional.empty();
        if (e.startTicks() > 0 && stat.get().startTicks() != e.startTicks()) return Optional.empty();
        Optional<ProcessHandle> handle = ProcessHandle.of(e.pid());
        if (handle.isEmpty()) return Optional.empty();
        Optional<Instant> started = handle.get().info().startInstant();
        if (e.startInstant() != null) {
            if (started.isEmpty()) return Optional.empty();
            if (Duration.between(e.startInstant(), started.get()).abs().compareTo(START_INSTANT_TOLERANCE) > 0) {
                return Optional.empty();
            }
        }
        return Optional.of(new RunningProcess(e.pid(), stat.get().startTicks(), started.orElse(e.startInstant()),
                null, handle.get()));
    }

    private void stopRecorded(Iterable<AppSupervisor.LiveEntry> live) {
        List<ProcessHandle> handles = new ArrayList<>();
        for (AppSupervisor.LiveEntry e : live) handles.addAll(ProcessStopper.treeOf(e.process(), false));
        ProcessStopper.stop(handles, STOP_GRACE);
    }

    private AppSlot slot(ResourceId id) {
        return slots.computeIfAbsent(id.key(), k -> new AppSlot());
    }

    private void ensureOpen() {
        if (closed.get()) throw new IllegalStateException("The local app host is closed");
    }
}
