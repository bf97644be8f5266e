package dev.switchboard.app.bench;

import dev.switchboard.core.id.ResourceId;
import dev.switchboard.core.secret.PasswordGenerator;
import dev.switchboard.core.store.Operation;
import dev.switchboard.engine.LinkerService;
import dev.switchboard.server.ServerConfig;
import dev.switchboard.server.SwitchboardServer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One target's measurement: N connection creates through the engine (the linker service, to the end of the
 * operation) alternating with N floor creates, after untimed warm-up creates. Alternating keeps both series on the
 * same target state (every login makes the catalog, ACL list or file a little bigger); measuring one series after
 * the other would favour the first. Everything both series created is removed afterwards and the target is asked
 * what is left that carries the run's marker.
 */
public final class BenchRun {
    private final SwitchboardServer server;
    private final PasswordGenerator passwords;
    private final int warmup;
    private final int count;

    /** Nanoseconds per create of each series, and what the target still held after clean-up. */
    public record Result(String target, String description, int count, List<Long> engine, List<Long> floor, List<String> left) { }

    public BenchRun(SwitchboardServer server, PasswordGenerator passwords, int warmup, int count) {
        this.server = server;
        this.passwords = passwords;
        this.warmup = warmup;
        this.count = count;
    }

    public Result run(BenchTarget target) throws Exception {
        String marker = passwords.suffix(6);
        ResourceId group = ResourceId.resourceGroup(ServerConfig.SUBSCRIPTION, "bench-" + target.name() + "-" + marker);
        ResourceId app = ResourceId.parse(group + "/providers/Microsoft.App/containerApps/bench-app");
        var resources = server.resources();
        resources.put(group, Map.of("location", "local"), null, "bench");
        List<Long> engine = new ArrayList<>();
        List<Long> floor = new ArrayList<>();
        List<String> floorLogins = new ArrayList<>();
        try {
            ResourceId targetId = target.register(resources, group, marker);
            // An app with nothing to run: the engine's work is measured, not an app restart.
            resources.put(app, Map.of("location", "local", "properties", Map.of()), null, "bench");
            Map<String, Object> body = linkerBody(targetId, target.access());
            for (int i = 0; i < warmup + count; i++) {
                long e = createThroughEngine(app, "b" + marker + "n" + i, body);
                String login = "sb_floor_" + marker + "_" + i;
                floorLogins.add(login);
                long start = System.nanoTime();
                target.floorCreate(login, passwords.next());
                long f = System.nanoTime() - start;
                if (i >= warmup) {
                    engine.add(e);
                    floor.add(f);
                }
            }
        } finally {
            cleanUp(target, floorLogins, app, group);
        }
        return new Result(target.name(), target.describe(), count, engine, floor, target.logins(marker));
    }

    /**
     * Every step is tried even when one before it failed (a run interrupted half-way must still remove what it
     * made); the first failure is rethrown at the end, and the target is asked afterwards what is left anyway.
     */
    private void cleanUp(BenchTarget target, List<String> floorLogins, ResourceId app, ResourceId group) throws Exception {
        Exception first = null;
        for (String login : floorLogins) {
            try {
                target.floorDrop(login);
            } catch (Exception e) {
                if (first == null) first = e;
            }
        }
        try {
            deleteLinkers(app);
            server.resources().delete(group, null);
        } catch (Exception e) {
            if (first == null) first = e;
        }
        if (first != null) throw first;
    }

    private long createThroughEngine(ResourceId app, String name, Map<String, Object> body) throws Exception {
        ResourceId linker = app.extension("Microsoft.ServiceLinker", "linkers", name);
        long start = System.nanoTime();
        LinkerService.Accepted a = server.linkers().createOrUpdate(linker, app, body, false, null, "bench");
        Operation done = a.completion().get();
        long took = System.nanoTime() - start;
        if (!Operation.SUCCEEDED.equals(done.status())) throw new IllegalStateException("create failed: " + done.errorMessage());
        return took;
    }

    private void deleteLinkers(ResourceId app) throws Exception {
        if (server.resources().get(app).isEmpty()) return;
        for (var linker : server.resources().list(app, "Microsoft.ServiceLinker/linkers")) {
            Optional<LinkerService.Started> started = server.linkers().delete(linker.id(), null, "bench");
            if (started.isPresent()) started.get().completion().get();
        }
    }

    private static Map<String, Object> linkerBody(ResourceId target, Map<String, Object> access) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("targetService", Map.of("type", "AzureResource", "id", target.toString()));
        properties.put("authInfo", Map.of("authType", "secret"));
        properties.put("clientType", "none");
        if (!access.isEmpty()) properties.put("access", access);
        return Map.of("properties", properties);
    }
}
