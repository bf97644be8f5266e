package dev.switchboard.app.bench;

import dev.switchboard.core.id.ResourceId;
import dev.switchboard.core.secret.Secret;
import dev.switchboard.engine.resources.ResourceService;
import dev.switchboard.providers.nats.NatsBcrypt;
import dev.switchboard.providers.nats.NatsHandshake;
import dev.switchboard.providers.nats.NatsTestServer;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * NATS has no API for users: the engine series rewrites the authorization file of a private nats-server and signals
 * it; the floor does the same on a second private server, so neither sees the other's file. Floor per create: bcrypt
 * the password (the cost the nats CLI uses), write the whole file (users with publish/subscribe on {@code <login>.>},
 * subscribe on {@code _INBOX.>}) beside it and rename it over, {@code kill -HUP}, and poll a login until the server
 * has loaded it. The poll logs in as a probe user with a cheap hash and a new password each time, as the provider
 * does, because polling with the new user itself would pay the full bcrypt cost on the server per attempt.
 */
final class NatsBench implements BenchTarget {
    private static final String PROBE = "bench_probe";
    private final NatsTestServer engineServer;
    private final NatsTestServer floorServer;
    private final NatsBcrypt bcrypt;
    private final SecureRandom random;
    private final Map<String, String> floorUsers = new LinkedHashMap<>();

    NatsBench(NatsTestServer engineServer, NatsTestServer floorServer, SecureRandom random) {
        this.engineServer = engineServer;
        this.floorServer = floorServer;
        this.random = random;
        this.bcrypt = new NatsBcrypt(random);
    }

    @Override
    public String name() { return "nats"; }

    @Override
    public String describe() { return "nats-server " + engineServer.host() + ":" + engineServer.port() + " (floor: :" + floorServer.port() + ")"; }

    @Override
    public ResourceId register(ResourceService resources, ResourceId group, String marker) {
        ResourceId server = ResourceId.parse(group + "/providers/Switchboard.Messaging/natsServers/bus");
        resources.put(server, Map.of("location", "local", "properties", Map.of("host", engineServer.host(), "port", engineServer.port(),
                "administratorLogin", engineServer.adminLogin(), "administratorLoginPassword", engineServer.adminPassword().reveal(),
                "authorizationFile", engineServer.authorizationFile().toString(), "pidFile", engineServer.pidFile().toString())),
                null, "bench");
        enforceFloorAuthorization();
        return server;
    }

    /**
     * The floor server starts without authorization and would accept the probe with any password: its first file
     * is written and loaded here, before the timed creates, and a wrong password must be refused.
     */
    private void enforceFloorAuthorization() {
        try {
            rewriteAndReload();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (NatsHandshake.accepts(floorServer.host(), floorServer.port(), PROBE, "not-the-token", Duration.ofSeconds(5))) {
                if (System.nanoTime() > deadline) throw new IllegalStateException("the floor's nats-server did not load its users");
                TimeUnit.MILLISECONDS.sleep(50);
            }
        } catch (Exception e) {
            throw new IllegalStateException("preparing the floor's nats-server: " + e.getMessage(), e);
        }
    }

    @Override
    public void floorCreate(String login, Secret password) throws Exception {
        floorUsers.put(login, bcrypt.hash(password.reveal().getBytes(StandardCharsets.UTF_8), NatsBcrypt.USER_COST));
        rewriteAndReload();
    }

    @Override
    public void floorDrop(String login) throws Exception {
        if (floorUsers.remove(login) != null) rewriteAndReload();
    }

    private void rewriteAndReload() throws Exception {
        String token = HexFormat.of().formatHex(bytes(16));
        StringBuilder text = new StringBuilder("authorization {\n  users = [\n");
        text.append("    {user: \"" + PROBE + "\", password: \"").append(bcrypt.hash(token.getBytes(StandardCharsets.UTF_8),
                NatsBcrypt.PROBE_COST)).append("\", permissions: {publish: {deny: [\">\"]}, subscribe: {deny: [\">\"]}}}\n");
        for (Map.Entry<String, String> u : floorUsers.entrySet()) {
            String own = "\"" + u.getKey() + ".>\"";
            text.append("    {user: \"").append(u.getKey()).append("\", password: \"").append(u.getValue())
                    .append("\", permissions: {publish: {allow: [").append(own).append("]}, subscribe: {allow: [").append(own)
                    .append(", \"_INBOX.>\"]}}}\n");
        }
        Path file = floorServer.authorizationFile();
        Path temp = Files.createTempFile(file.getParent(), ".authorization-", ".tmp");
        Files.writeString(temp, text.append("  ]\n}\n"));
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        Process kill = new ProcessBuilder("kill", "-HUP", Long.toString(floorServer.pid())).start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) throw new IllegalStateException("kill -HUP failed");
        awaitProbe(token);
    }

    private void awaitProbe(String token) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!NatsHandshake.accepts(floorServer.host(), floorServer.port(), PROBE, token, Duration.ofSeconds(5))) {
            if (System.nanoTime() > deadline) throw new IllegalStateException("the floor's nats-server did not reload");
            TimeUnit.MILLISECONDS.sleep(50);
        }
    }

    /** Users in either server's authorization file (the files are what the servers enforce once reloaded). */
    @Override
    public List<String> logins(String marker) throws Exception {
        List<String> out = new ArrayList<>();
        for (Path file : List.of(engineServer.authorizationFile(), floorServer.authorizationFile())) {
            for (String line : Files.readAllLines(file)) {
                int at = line.indexOf("user: \"");
                if (at < 0) continue;
                String name = line.substring(at + 7, line.indexOf('"', at + 7));
                if (name.contains(marker)) out.add(name);
            }
        }
        return out;
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    @Override
    public void close() {
        engineServer.close();
        floorServer.close();
    }
}
