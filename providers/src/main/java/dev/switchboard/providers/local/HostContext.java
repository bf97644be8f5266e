package dev.switchboard.providers.local;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What every supervisor of one {@link LocalAppHost} shares.
 *
 * @param setsid       {@code setsid} binary used to start each process in its own session (so its whole tree can
 *                     be stopped and it does not get the terminal's signals), or null to start processes directly
 * @param startTimeout how long a fresh process may take to listen on its PORT before it counts as running anyway
 * @param probes       runs the processes' health probes (virtual threads: a slow app never delays the sweep)
 */
record HostContext(WorkLayout layout, PortAllocator ports, ScheduledExecutorService scheduler, Clock clock,
                   Duration startTimeout, Duration stopGrace, Path setsid, ExecutorService probes) {
}
