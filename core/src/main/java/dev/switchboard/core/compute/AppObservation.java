package dev.switchboard.core.compute;

import dev.switchboard.core.id.ResourceId;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An app as the host sees it now: one entry per running (or failed) process, and the stable port its ingress
 * listens on (0 when it has none), which stays the same while the processes behind it are replaced.
 */
public record AppObservation(ResourceId id, State state, List<Replica> replicas, int ingressPort) {

    public AppObservation(ResourceId id, State state, List<Replica> replicas) {
        this(id, state, replicas, 0);
    }

    public AppObservation withIngressPort(int port) {
        return new AppObservation(id, state, replicas, port);
    }

    /**
     * {@code CRASH_LOOP_BACKOFF} is Kubernetes' name for a process that keeps dying soon after each start and is
     * waiting for its next restart: users of container platforms look for it, and it tells a crash loop apart
     * from a single failure. Anything that treats FAILED as "not serving" must treat it the same way.
     */
    public enum State { RUNNING, STARTING, FAILED, CRASH_LOOP_BACKOFF, STOPPED }

    /**
     * One process. {@code liveEnvironment} is read from the running process itself (not from what was asked),
     * so validation can prove the app really holds its configuration. {@code restartCount} counts the restarts
     * since this host began supervising it (a process adopted from an earlier host starts at 0);
     * {@code nextRestartAt} is set only while it waits for a restart.
     */
    public record Replica(String container, long pid, int port, Instant startedAt, boolean alive,
                          Map<String, String> liveEnvironment, String lastError, State state, int restartCount,
                          Instant nextRestartAt) {

        /** A process this host does not supervise (known from a PID record): nothing restarts it. */
        public Replica(String container, long pid, int port, Instant startedAt, boolean alive,
                       Map<String, String> liveEnvironment, String lastError) {
            this(container, pid, port, startedAt, alive, liveEnvironment, lastError,
                    alive ? State.RUNNING : State.STOPPED, 0, null);
        }

        @Override
        public String toString() {
            return "Replica[container=" + container + ", pid=" + pid + ", port=" + port + ", alive=" + alive
                    + ", state=" + state + ", restarts=" + restartCount + "]";
        }
    }

    public Replica primary() {
        return replicas.isEmpty() ? null : replicas.get(0);
    }
}
