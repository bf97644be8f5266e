package dev.switchboard.engine;

import dev.switchboard.core.failure.TerminalFailure;
import dev.switchboard.core.failure.TransientFailure;
import dev.switchboard.core.linker.RotationSchedule;
import dev.switchboard.core.store.StoredResource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Starts the rotations that are due: every connection with a {@link RotationSchedule} whose period has passed
 * since its last rotation (or its creation) and that is not busy or failed. The server calls it on a period.
 */
public final class RotationScheduler {
    public static final String ACTOR = "switchboard:rotation-schedule";
    private static final Logger LOG = LoggerFactory.getLogger(RotationScheduler.class);
    private static final String LINKERS = "Microsoft.ServiceLinker/linkers";

    private final Stores stores;
    private final LinkerService linkers;

    public RotationScheduler(Stores stores, LinkerService linkers) {
        this.stores = stores;
        this.linkers = linkers;
    }

    /** The rotations started (their completions run in the background). */
    public List<LinkerService.Started> rotateDue(Instant now) {
        List<LinkerService.Started> started = new ArrayList<>();
        for (StoredResource linker : stores.resources().ofType(LINKERS)) {
            if (!due(linker, now)) continue;
            try {
                started.add(linkers.rotate(linker.id(), null, ACTOR));
            } catch (TerminalFailure | TransientFailure e) {
                LOG.warn("Scheduled rotation of {} not started: {}", linker.id(), e.getMessage());
            }
        }
        return started;
    }

    private static boolean due(StoredResource linker, Instant now) {
        if (!"Succeeded".equals(linker.properties().get("provisioningState"))) return false;
        Optional<RotationSchedule> schedule = RotationSchedule.read(linker.properties());
        Instant since = RotationSchedule.lastRotated(linker.properties()).orElse(linker.createdAt());
        return schedule.isPresent() && since != null && schedule.get().due(since, now);
    }
}
