package dev.switchboard.providers.local;

import dev.switchboard.core.failure.TerminalFailure;
import dev.switchboard.core.id.ResourceId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Moves a running app to processes of a new spec. Called by {@link LocalAppHost} under the app's lock. */
final class Handover {

    private static final Logger LOG = LoggerFactory.getLogger(Handover.class);
    private static final Duration READY_POLL = Duration.ofMillis(20);
    /** How long requests still running on replaced processes may take before those are stopped. */
    /** How long a process that listens on nothing must stay up to count as started. */
    static final Duration WORKER_SETTLE = Duration.ofSeconds(1);
    static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(10);

    private final HostContext ctx;
    private final AppIngresses ingresses;

    Handover(HostContext ctx, AppIngresses ingresses) {
        this.ctx = ctx;
        this.ingresses = ingresses;
    }

    /**
     * A new spec for a running app. An app that serves (its first process listens) is handed over without a gap:
     * the new processes start on fresh ports beside the old ones, the ingress moves to them once they listen,
     * requests still running on the old ones finish, and only then do the old ones stop. When the new processes
     * fail or never listen, they are stopped and the old ones keep serving (409 AppNotReady). An app that does
     * not listen is simply restarted on its ports.
     */
    AppSupervisor replace(ResourceId app, String hash, List<LaunchPlan> plans, AppSupervisor running) {
        if (!running.serving()) {
            Map<String, Integer> ports = running.ports();
            running.stop();
            AppSupervisor restarted = AppSupervisor.start(app, hash, plans, ports, ctx);
            ingresses.route(app, restarted.trafficPorts());
            LOG.info("App {} updated: {} container(s) restarted with the new spec", app, plans.size());
            return restarted;
        }
        AppSupervisor next = AppSupervisor.start(app, hash, plans, Map.of(), ctx);
        String failure = awaitReady(next, ctx.startTimeout(), true);
        if (failure != null) {
            next.stop();
            running.writeRecord();
            throw TerminalFailure.conflict("AppNotReady", "properties.template.containers", "the app did not become"
                    + " ready with its new settings (" + failure + "); the previous processes keep serving");
        }
        ingresses.route(app, next.trafficPorts());
        ingresses.drain(app, running.ingressPorts(), DRAIN_TIMEOUT);
        running.stop();
        next.writeRecord();
        LOG.info("App {} updated: {} container(s) handed over to processes with the new spec", app, plans.size());
        return next;
    }

    /**
     * Null once {@code app} is ready; the reason when it failed or was not ready within {@code timeout}. Without
     * {@code mustServe}, processes still up after {@link #WORKER_SETTLE} are ready too: a worker listens on nothing.
     */
    static String awaitReady(AppSupervisor app, Duration timeout, boolean mustServe) {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        while (true) {
            app.sweep(); // not in the host's sweep yet: its exits and probes are looked at here
            AppSupervisor.Readiness r = app.readiness();
            if (r.kind() == AppSupervisor.Readiness.Kind.READY) return null;
            if (r.kind() == AppSupervisor.Readiness.Kind.FAILED) return r.reason();
            if (!mustServe && System.nanoTime() - start > WORKER_SETTLE.toNanos() && app.allAlive()) return null;
            if (System.nanoTime() > deadline) return "it was not ready (listening on its PORT, readiness probe passing) within " + timeout.toSeconds() + " s";
            try {
                Thread.sleep(READY_POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "interrupted while waiting for it";
            }
        }
    }

}
