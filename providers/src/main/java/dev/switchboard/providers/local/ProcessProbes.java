package dev.switchboard.providers.local;

import dev.switchboard.core.compute.Probe;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;

/**
 * The probes of one running process: runs each when it is due (on the given executor, so a slow app never holds
 * up the host's sweep), and keeps what they found. A startup probe holds the others back until it passes.
 * {@link #verdict} says whether the process must be restarted (startup or liveness failed too often); readiness
 * only decides whether it takes requests. Created anew for every start of the process.
 */
final class ProcessProbes {

    /** What the probes say of the process now. */
    enum Verdict { FINE, RESTART }

    private final Map<Probe.Type, Probe> probes = new EnumMap<>(Probe.Type.class);
    private final Map<Probe.Type, State> states = new EnumMap<>(Probe.Type.class);
    private final int processPort;
    private final Instant startedAt;

    private static final class State {
        Instant lastRun;
        boolean running;
        int failures;
        boolean everPassed;
        boolean passing;
        String lastFailure;
    }

    ProcessProbes(List<Probe> list, int processPort, Instant startedAt) {
        for (Probe p : list) {
            probes.put(p.type(), p);
            states.put(p.type(), new State());
        }
        this.processPort = processPort;
        this.startedAt = startedAt;
    }

    boolean has(Probe.Type type) {
        return probes.containsKey(type);
    }

    /**
     * Starts every probe that is due at {@code now}. Liveness and readiness wait for the startup probe and for
     * {@code started} (the process listens); their initial delay counts from the start of the process.
     */
    synchronized void tick(Instant now, ExecutorService executor, boolean started) {
        for (Probe.Type type : Probe.Type.values()) {
            Probe p = probes.get(type);
            if (p == null || (type != Probe.Type.STARTUP && (!startupPassed() || !started))) continue;
            State s = states.get(type);
            if (s.running || now.isBefore(startedAt.plusSeconds(p.initialDelaySeconds()))) continue;
            if (s.lastRun != null && now.isBefore(s.lastRun.plusSeconds(p.periodSeconds()))) continue;
            s.running = true;
            s.lastRun = now;
            try {
                executor.execute(() -> record(type, check(p)));
            } catch (RejectedExecutionException e) {
                s.running = false; // the host is closing
            }
        }
    }

    private synchronized void record(Probe.Type type, String failure) {
        State s = states.get(type);
        s.running = false;
        if (failure == null) {
            s.failures = 0;
            s.everPassed = true;
            s.passing = true;
        } else {
            s.failures++;
            s.lastFailure = failure;
            if (s.failures >= probes.get(type).failureThreshold()) s.passing = false;
        }
    }

    synchronized boolean startupPassed() {
        return !probes.containsKey(Probe.Type.STARTUP) || states.get(Probe.Type.STARTUP).everPassed;
    }

    /** Ready for requests: the readiness probe passes (true when there is none: the host decides by other means). */
    synchronized boolean ready() {
        if (!startupPassed()) return false;
        State s = states.get(Probe.Type.READINESS);
        return s == null || s.passing;
    }

    /** Why the process is not ready, once the readiness (or startup) probe has failed often enough; else null. */
    synchronized String readinessFailure() {
        for (Probe.Type type : List.of(Probe.Type.STARTUP, Probe.Type.READINESS)) {
            State s = states.get(type);
            if (s != null && !s.passing && s.failures >= probes.get(type).failureThreshold()) return message(type, s);
        }
        return null;
    }

    /** RESTART once the startup or liveness probe has failed {@code failureThreshold} times in a row. */
    synchronized Verdict verdict() {
        return restartReason() == null ? Verdict.FINE : Verdict.RESTART;
    }

    synchronized String restartReason() {
        for (Probe.Type type : List.of(Probe.Type.STARTUP, Probe.Type.LIVENESS)) {
            State s = states.get(type);
            if (s != null && s.failures >= probes.get(type).failureThreshold()) return message(type, s);
        }
        return null;
    }

    private String message(Probe.Type type, State s) {
        Probe p = probes.get(type);
        return type.wire().toLowerCase() + " probe failed " + s.failures + " times in a row ("
                + p.describe(port(p)) + ": " + s.lastFailure + ")";
    }

    private int port(Probe p) {
        return p.port() == 0 ? processPort : p.port();
    }

    /** Null when the probe passed, else what went wrong. HTTP: any status from 200 to 399 passes. */
    private String check(Probe p) {
        Duration timeout = Duration.ofSeconds(p.timeoutSeconds());
        try {
            if (!p.http()) {
                try (Socket socket = new Socket()) {
                    socket.connect(new InetSocketAddress("127.0.0.1", port(p)), (int) timeout.toMillis());
                }
                return null;
            }
            HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + port(p) + p.httpPath()).toURL().openConnection();
            c.setConnectTimeout((int) timeout.toMillis());
            c.setReadTimeout((int) timeout.toMillis());
            c.setInstanceFollowRedirects(false);
            int status = c.getResponseCode();
            try (InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream()) {
                if (in != null) in.transferTo(java.io.OutputStream.nullOutputStream());
            }
            return status >= 200 && status < 400 ? null : "HTTP " + status;
        } catch (IOException | RuntimeException e) {
            return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + LogTail.printable(e.getMessage(), 120));
        }
    }
}
