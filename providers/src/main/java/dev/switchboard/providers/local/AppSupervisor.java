package dev.switchboard.providers.local;

import dev.switchboard.core.compute.AppObservation;
import dev.switchboard.core.id.ResourceId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One app as this host runs it: a {@link ProcessSupervisor} per container, all started from one spec (identified
 * by its hash), and the PID record that lets a later host adopt them. Created and replaced by
 * {@link LocalAppHost} under the app's lock; the supervisors' restarts update the record through
 * {@link #recordStarted}.
 */
final class AppSupervisor {

    private static final Logger LOG = LoggerFactory.getLogger(AppSupervisor.class);

    private final ResourceId id;
    private final String specHash;
    private final HostContext ctx;
    private final Path recordFile;
    private final List<ProcessSupervisor> processes = new ArrayList<>();
    private final Map<String, PidRecord.Entry> entries = new LinkedHashMap<>(); // guarded by this

    private AppSupervisor(ResourceId id, String specHash, List<LaunchPlan> plans, HostContext ctx) {
        this.id = id;
        this.specHash = specHash;
        this.ctx = ctx;
        this.recordFile = ctx.layout().recordFile(id);
        for (LaunchPlan plan : plans) processes.add(new ProcessSupervisor(id, plan, ctx, this::recordStarted));
    }

    /** Starts every container; if one cannot start, stops the ones already started and rethrows. */
    static AppSupervisor start(ResourceId id, String specHash, List<LaunchPlan> plans, Map<String, Integer> preferredPorts,
                               HostContext ctx) {
        ctx.layout().ensureAppDir(id);
        AppSupervisor app = new AppSupervisor(id, specHash, plans, ctx);
        List<ProcessSupervisor> started = new ArrayList<>();
        try {
            for (ProcessSupervisor p : app.processes) {
                p.start(preferredPorts.getOrDefault(p.container(), 0));
                started.add(p);
            }
        } catch (RuntimeException e) {
            stopAll(started, ctx);
            app.deleteRecord();
            throw e;
        }
        return app;
    }

    /** Takes over processes an earlier host started for exactly this spec: {@code live} has one per container. */
    static AppSupervisor adopt(ResourceId id, String specHash, List<LaunchPlan> plans,
                               Map<String, LiveEntry> live, HostContext ctx) {
        ctx.layout().ensureAppDir(id);
        AppSupervisor app = new AppSupervisor(id, specHash, plans, ctx);
        for (ProcessSupervisor p : app.processes) {
            LiveEntry e = live.get(p.container());
            p.adopt(e.process(), e.entry().port());
        }
        return app;
    }

    /** A recorded process that still runs (pid and start time verified). */
    record LiveEntry(PidRecord.Entry entry, RunningProcess process) {
    }

    ResourceId id() {
        return id;
    }

    String specHash() {
        return specHash;
    }

    List<ProcessSupervisor> processes() {
        return processes;
    }

    /** Ports by container, to keep them across a restart with a new spec. */
    Map<String, Integer> ports() {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (ProcessSupervisor p : processes) out.put(p.container(), p.port());
        return out;
    }

    /** The ports of the first container's replicas: the ones the app's ingress forwards to. */
    List<Integer> ingressPorts() {
        return frontProcesses().stream().map(ProcessSupervisor::port).toList();
    }

    /** Whether the app serves: a replica of its first container listens on its port. */
    boolean serving() {
        return frontProcesses().stream().anyMatch(p -> OsProcesses.isListening(p.port()));
    }

    private List<ProcessSupervisor> frontProcesses() {
        return processes.stream().filter(p -> p.plan().index() == 0).toList();
    }

    /** Whether every process is up (started, not failed or waiting for a restart). */
    boolean allAlive() {
        AppObservation.State s = observe().state();
        return s == AppObservation.State.RUNNING || s == AppObservation.State.STARTING;
    }

    /** Whether a freshly started app can take requests; {@code reason} says why it cannot when FAILED. */
    record Readiness(Kind kind, String reason) {
        enum Kind { STARTING, READY, FAILED }
    }

    /** Ready means every process alive and the first one listening on its port. */
    Readiness readiness() {
        AppObservation o = observe();
        if (o.state() == AppObservation.State.FAILED || o.state() == AppObservation.State.CRASH_LOOP_BACKOFF
                || o.state() == AppObservation.State.STOPPED) {
            // A process seen dead before its exit was examined has no reason yet: the next look gives it.
            return o.replicas().stream().map(AppObservation.Replica::lastError).filter(e -> e != null).findFirst()
                    .map(why -> new Readiness(Readiness.Kind.FAILED, why))
                    .orElse(new Readiness(Readiness.Kind.STARTING, null));
        }
        for (ProcessSupervisor p : processes) {
            String why = p.notReadyBecause();
            if (why != null) return new Readiness(Readiness.Kind.FAILED, why);
        }
        boolean ready = o.state() == AppObservation.State.RUNNING && frontProcesses().stream().allMatch(ProcessSupervisor::takesRequests);
        return new Readiness(ready ? Readiness.Kind.READY : Readiness.Kind.STARTING, null);
    }

    /** Writes the PID record again from this app's processes (after another spec's processes stopped). */
    synchronized void writeRecord() {
        List<PidRecord.Entry> ordered = new ArrayList<>();
        for (ProcessSupervisor p : processes) {
            PidRecord.Entry e = entries.get(p.container());
            if (e != null) ordered.add(e);
        }
        write(ordered);
    }

    void sweep() {
        for (ProcessSupervisor p : processes) {
            p.checkExit();
            p.probe();
        }
    }

    /** The ports the ingress should send requests to now: the first container's replicas that take requests. */
    List<Integer> trafficPorts() {
        return frontProcesses().stream().filter(ProcessSupervisor::takesRequests).map(ProcessSupervisor::port).toList();
    }

    /** SIGTERM to every process tree; returns what {@link #awaitStopped} must wait for. */
    List<ProcessHandle> signalStop() {
        List<ProcessHandle> all = new ArrayList<>();
        for (ProcessSupervisor p : processes) all.addAll(p.signalStop());
        return all;
    }

    void awaitStopped(List<ProcessHandle> handles) {
        ProcessStopper.awaitOrKill(handles, ctx.stopGrace(), this::latecomers);
        for (ProcessSupervisor p : processes) p.stopped();
    }

    /** Processes forked in the stopped sessions after the SIGTERM. */
    List<ProcessHandle> latecomers() {
        List<ProcessHandle> out = new ArrayList<>();
        for (ProcessSupervisor p : processes) out.addAll(p.latecomers());
        return out;
    }

    void stop() {
        awaitStopped(signalStop());
    }

    void detach() {
        for (ProcessSupervisor p : processes) p.detach();
    }

    AppObservation observe() {
        List<AppObservation.Replica> replicas = new ArrayList<>();
        for (ProcessSupervisor p : processes) replicas.add(p.snapshot());
        return new AppObservation(id, combine(replicas.stream().map(AppObservation.Replica::state).toList()), replicas);
    }

    /**
     * CRASH_LOOP_BACKOFF if any process is in a crash loop (the most telling reason the app does not serve), else
     * FAILED if any is down, else STARTING if any is starting, else RUNNING; STOPPED when all are.
     */
    static AppObservation.State combine(List<AppObservation.State> states) {
        if (states.isEmpty() || states.stream().allMatch(s -> s == AppObservation.State.STOPPED)) {
            return AppObservation.State.STOPPED;
        }
        if (states.contains(AppObservation.State.CRASH_LOOP_BACKOFF)) return AppObservation.State.CRASH_LOOP_BACKOFF;
        if (states.stream().anyMatch(s -> s == AppObservation.State.FAILED || s == AppObservation.State.STOPPED)) {
            return AppObservation.State.FAILED;
        }
        if (states.contains(AppObservation.State.STARTING)) return AppObservation.State.STARTING;
        return AppObservation.State.RUNNING;
    }

    synchronized void recordStarted(PidRecord.Entry entry) {
        entries.put(entry.container(), entry);
        writeRecord();
    }

    private void write(List<PidRecord.Entry> ordered) {
        try {
            new PidRecord(id.toString(), specHash, ctx.clock().instant(), ordered).write(recordFile);
        } catch (IOException e) {
            LOG.warn("App {}: cannot write the PID record {}: {} (a restarted host may not adopt its processes)",
                    id, recordFile, e.toString());
        }
    }

    void deleteRecord() {
        deleteRecord(recordFile);
    }

    static void deleteRecord(Path recordFile) {
        try {
            PidRecord.delete(recordFile);
        } catch (IOException e) {
            LOG.warn("Cannot delete the PID record {}: {}", recordFile, e.toString());
        }
    }

    private static void stopAll(List<ProcessSupervisor> started, HostContext ctx) {
        List<ProcessHandle> handles = new ArrayList<>();
        for (ProcessSupervisor p : started) handles.addAll(p.signalStop());
        ProcessStopper.awaitOrKill(handles, ctx.stopGrace(), () -> {
            List<ProcessHandle> late = new ArrayList<>();
            for (ProcessSupervisor p : started) late.addAll(p.latecomers());
            return late;
        });
        for (ProcessSupervisor p : started) p.stopped();
    }
}
