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

    public enum State { RUNNING, STARTING, FAILED, STOPPED }

    /**
     * One process. {@code liveEnvironment} is read from the running process itself (not from what was asked),
     * so validation can prove the app really holds its configuration.
     */
    public record Replica(String container, long pid, int port, Instant startedAt, boolean alive,
                          Map<String, String> liveEnvironment, String lastError) {
        @Override
        public String toString() {
            return "Replica[container=" + container + ", pid=" + pid + ", port=" + port + ", alive=" + alive + "]";
        }
    }

    public Replica primary() {
        return replicas.isEmpty() ? null : replicas.get(0);
    }
}
