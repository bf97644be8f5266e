package dev.switchboard.core.compute;

import dev.switchboard.core.id.ResourceId;
import dev.switchboard.core.target.ApplyResult;

import java.util.List;
import java.util.Optional;

/** The seam to whatever runs apps (today: local processes). */
public interface AppHost {

    /** Starts the app, or restarts it when {@code spec} differs from what runs; NOOP when it is the same. */
    ApplyResult apply(AppSpec spec);

    ApplyResult remove(ResourceId app);

    /** Refuses (TerminalFailure) a spec that cannot run, such as a missing executable, without starting anything. */
    void check(AppSpec spec);

    Optional<AppObservation> observe(ResourceId app);

    /**
     * Splits the requests to {@code app}'s own ingress among the processes run for other ids (its revisions), by
     * weight. Each request goes to a ready process of the revision its share picked; a revision whose processes are
     * not ready gets none. With no shares the ingress stays, on its port, answering 503; {@link #remove} of the app
     * stops it.
     */
    void route(ResourceId app, java.util.List<TrafficShare> shares);

    /**
     * Waits until the processes run for {@code id} are ready: alive, readiness probes passing, and, when
     * {@code mustServe}, listening on their PORT (without it, processes that stay up a moment are ready: workers
     * listen on nothing). Null then, else why not (they failed, or {@code timeout} passed first).
     */
    String awaitReady(ResourceId id, java.time.Duration timeout, boolean mustServe);

    /** Whether the processes run for {@code id} serve requests (the first container listens on its PORT). */
    boolean serves(ResourceId id);

    /** The port of {@code app}'s own ingress (see {@link #route}); 0 when it has none. */
    int ingressPort(ResourceId app);

    /**
     * The last {@code lines} lines the app's processes printed (all containers, or only {@code container}, which
     * may be null); empty for an app the host knows nothing of.
     */
    List<String> logs(ResourceId app, String container, int lines);
}
