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
     * The last {@code lines} lines the app's processes printed (all containers, or only {@code container}, which
     * may be null); empty for an app the host knows nothing of.
     */
    List<String> logs(ResourceId app, String container, int lines);
}
