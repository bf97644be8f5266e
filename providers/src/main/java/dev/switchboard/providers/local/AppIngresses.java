package dev.switchboard.providers.local;

import dev.switchboard.core.id.ResourceId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One {@link IngressProxy} per app that listens. Its port is kept in the app's directory
 * ({@code ingress.port}) so a restarted host, or a replaced process, answers on the same address.
 * Callers hold the app's lock.
 */
final class AppIngresses implements AutoCloseable {

    static final String PORT_FILE = "ingress.port";
    private static final Logger LOG = LoggerFactory.getLogger(AppIngresses.class);

    private final WorkLayout layout;
    private final Map<String, IngressProxy> proxies = new ConcurrentHashMap<>();

    AppIngresses(WorkLayout layout) {
        this.layout = layout;
    }

    /** Points the app's ingress at {@code backendPorts} (none: it answers 503), starting it first if it has none. */
    void route(ResourceId app, List<Integer> backendPorts) {
        route(app, List.of(IngressProxy.Backends.all(backendPorts)));
    }

    /**
     * Splits the app's traffic over its revisions by weight (none with weight and a ready replica: it answers 503),
     * starting the ingress first if it has none. A {@link Collection}: {@code List} would clash with the method above.
     */
    void route(ResourceId app, Collection<IngressProxy.Backends> groups) {
        List<IngressProxy.Backends> wanted = List.copyOf(groups);
        IngressProxy proxy = proxies.get(app.key());
        if (proxy != null) {
            // A switch restarts the weighted round robin, so an unchanged table is left alone.
            if (!proxy.groups().equals(wanted)) proxy.switchTo(wanted);
            return;
        }
        Path portFile = layout.appDir(app).resolve(PORT_FILE);
        try {
            proxy = IngressProxy.start(readPort(portFile), wanted);
            Files.writeString(portFile, Integer.toString(proxy.port()));
            proxies.put(app.key(), proxy);
        } catch (IOException e) {
            LOG.warn("App {}: no ingress ({}); its processes are still reachable on their own ports", app, e.toString());
        }
    }

    /** Waits (at most {@code timeout} in all) for requests still running on {@code backendPorts}. */
    void drain(ResourceId app, List<Integer> backendPorts, Duration timeout) {
        IngressProxy proxy = proxies.get(app.key());
        long deadline = System.nanoTime() + timeout.toNanos();
        for (int port : backendPorts) {
            Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
            if (proxy != null && !proxy.drain(port, left)) {
                LOG.warn("App {}: requests still running on port {} after {}; stopping it anyway", app, port, timeout);
            }
        }
    }

    int port(ResourceId app) {
        IngressProxy proxy = proxies.get(app.key());
        return proxy == null ? 0 : proxy.port();
    }

    void remove(ResourceId app) {
        IngressProxy proxy = proxies.remove(app.key());
        if (proxy != null) proxy.close();
        try {
            Files.deleteIfExists(layout.appDir(app).resolve(PORT_FILE));
        } catch (IOException e) {
            LOG.warn("App {}: cannot delete its ingress port file: {}", app, e.toString());
        }
    }

    @Override
    public void close() {
        proxies.values().forEach(IngressProxy::close);
        proxies.clear();
    }

    private static int readPort(Path file) {
        try {
            return Integer.parseInt(Files.readString(file).strip());
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
    }
}
