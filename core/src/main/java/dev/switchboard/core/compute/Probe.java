package dev.switchboard.core.compute;

/**
 * A health probe of one container, as Container Apps define them: an HTTP GET of {@code httpPath} (null for a TCP
 * connect) on {@code port} (0: the process's own {@code PORT}). Checked every {@code periodSeconds} from
 * {@code initialDelaySeconds} after start; {@code failureThreshold} failures in a row count.
 * A startup probe holds the other two back until it passes and restarts the process when it fails; a liveness probe
 * restarts the process; a readiness probe decides whether the process takes requests.
 */
public record Probe(Type type, String httpPath, int port, int initialDelaySeconds, int periodSeconds,
                    int failureThreshold, int timeoutSeconds) {

    public enum Type {
        LIVENESS("Liveness"), READINESS("Readiness"), STARTUP("Startup");

        private final String wire;

        Type(String wire) { this.wire = wire; }

        public String wire() { return wire; }
    }

    public Probe {
        if (type == null) throw new IllegalArgumentException("a probe needs a type");
        if (port < 0 || port > 65535 || periodSeconds < 1 || failureThreshold < 1 || timeoutSeconds < 1 || initialDelaySeconds < 0) {
            throw new IllegalArgumentException("probe numbers out of range");
        }
    }

    public boolean http() {
        return httpPath != null;
    }

    /** How the probe reads in a message: {@code GET /health on port 8080}, {@code TCP on the app's PORT}. */
    public String describe(int resolvedPort) {
        return (http() ? "GET " + httpPath : "TCP connect") + " on port " + resolvedPort;
    }
}
