package dev.switchboard.app.bench;

import dev.switchboard.core.id.ResourceId;
import dev.switchboard.core.secret.Secret;
import dev.switchboard.engine.resources.ResourceService;

import java.util.List;
import java.util.Map;

/**
 * One kind of target as the benchmark uses it: how to register it with Switchboard (the engine series) and the raw
 * floor, the same admin work done directly with the client library the provider uses, one session per create and
 * nothing around it (no observing, no journal). Both series use logins carrying the run's marker, so
 * {@link #logins} can tell whether anything was left behind.
 */
public interface BenchTarget extends AutoCloseable {
    /** The {@code --target} name: postgres, mysql, ... */
    String name();

    /** What and where, for the report: {@code PostgreSQL 127.0.0.1:5432}. */
    String describe();

    /** Registers the server (and the child a connection targets, if any) under {@code group}; returns the target's id. */
    ResourceId register(ResourceService resources, ResourceId group, String marker);

    /** The linker's {@code properties.access}; empty for the kind's defaults (the floor grants the same). */
    default Map<String, Object> access() {
        return Map.of();
    }

    /** The floor: create {@code login} with {@code password} and grant it what a connection gets by default. */
    void floorCreate(String login, Secret password) throws Exception;

    /** Removes a login the floor created (and its grants). */
    void floorDrop(String login) throws Exception;

    /** The logins (users, clients, roles, principals) the target holds whose name contains {@code marker}. */
    List<String> logins(String marker) throws Exception;

    /** Stops whatever the target started for the run (a private broker); the machine's services are left alone. */
    @Override
    void close();
}
