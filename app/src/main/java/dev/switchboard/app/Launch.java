package dev.switchboard.app;

import dev.switchboard.core.secret.Secret;
import dev.switchboard.core.target.TargetEndpoint;
import dev.switchboard.server.ServerConfig;

import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the entry point read from the process environment, handed to the commands that start a server.
 * {@code home} is the Switchboard checkout (for the example app); {@code postgresPassword} comes from
 * SWITCHBOARD_POSTGRES_PASSWORD so that it never appears on a command line.
 */
public record Launch(Path home, Path dataDir, Map<String, String> environment, String postgresPassword) {

    public static Launch fromEnvironment(Map<String, String> env) {
        String home = env.getOrDefault("SWITCHBOARD_HOME", System.getProperty("user.dir"));
        String data = env.get("SWITCHBOARD_DATA_DIR");
        Path dataDir = data != null && !data.isBlank() ? Path.of(data)
                : Path.of(env.getOrDefault("HOME", System.getProperty("user.home")), ".switchboard");
        return new Launch(Path.of(home), dataDir, Map.copyOf(env), env.get("SWITCHBOARD_POSTGRES_PASSWORD"));
    }

    /** The variables every app process inherits; everything else an app sees comes from its resource and connections. */
    public Map<String, String> appBaseEnvironment() {
        Map<String, String> base = new LinkedHashMap<>();
        for (String k : List.of("PATH", "HOME", "LANG", "TZ")) if (environment.containsKey(k)) base.put(k, environment.get(k));
        return base;
    }

    /** The shared store's password (SWITCHBOARD_STORE_PASSWORD), or null for none (trust, or in the URL). */
    public String storePassword() {
        return environment.get("SWITCHBOARD_STORE_PASSWORD");
    }

    public ServerConfig serverConfig(Path dataDir, String host, int port, String postgres, String postgresUser, boolean embedded,
                                     boolean leaveAppsRunning) {
        Optional<TargetEndpoint> pg = Optional.empty();
        if (postgres != null) {
            int colon = postgres.lastIndexOf(':');
            String pgHost = colon > 0 ? postgres.substring(0, colon) : postgres;
            int pgPort = colon > 0 ? Integer.parseInt(postgres.substring(colon + 1)) : 5432;
            pg = Optional.of(new TargetEndpoint(pgHost, pgPort, postgresUser,
                    Secret.of(postgresPassword == null ? "" : postgresPassword), "postgres"));
        }
        return new ServerConfig(dataDir, host, port, pg, embedded, appBaseEnvironment(), leaveAppsRunning, Clock.systemUTC(),
                environment.get("SWITCHBOARD_HALT_AT"), ServerConfig.ADMIN_SESSION_IDLE);
    }

    /** The JVM running Switchboard: apps written in Java (the example) run on it, whatever java is on PATH. */
    public static String currentJava() {
        return ProcessHandle.current().info().command().orElse("java");
    }
}
