package dev.switchboard.app.bench;

import dev.switchboard.core.id.ResourceId;
import dev.switchboard.server.SwitchboardServer;

import java.util.Map;

/** The scenario benchmarks' connection: to a PostgreSQL database, auth {@code secret}, made through the engine and waited for. */
final class BenchConnections {
    private BenchConnections() { }

    /** Creates {@code linker} (an app's linker, or a connector: no app) to {@code db}; fails unless it succeeded. */
    static void create(SwitchboardServer server, ResourceId linker, ResourceId db, String clientType) throws Exception {
        Map<String, Object> body = Map.of("properties", Map.of("targetService", Map.of("type", "AzureResource", "id", db.toString()),
                "authInfo", Map.of("authType", "secret"), "clientType", clientType));
        ResourceId source = linker.isExtension() ? linker.scope() : null;
        var done = server.linkers().createOrUpdate(linker, source, body, false, null, "bench").completion().get();
        if (!"Succeeded".equals(done.status())) throw new IllegalStateException("create failed: " + done.errorMessage());
    }
}
