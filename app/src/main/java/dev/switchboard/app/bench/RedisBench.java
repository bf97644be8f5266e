package dev.switchboard.app.bench;

import dev.switchboard.core.id.ResourceId;
import dev.switchboard.core.secret.Secret;
import dev.switchboard.core.target.TargetEndpoint;
import dev.switchboard.engine.resources.ResourceService;
import redis.clients.jedis.Jedis;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Redis. Floor: one {@code ACL SETUSER} with the default scope of a connection (all keys and channels,
 * {@code +@all -@admin -@dangerous}) and the password as its SHA-256, over one Jedis connection opened per create.
 * Nothing is read first: a script that knows the name is new has nothing to check.
 */
final class RedisBench implements BenchTarget {
    private final TargetEndpoint admin;

    /** @param admin the server; its admin password null when the {@code default} user needs none */
    RedisBench(TargetEndpoint admin) {
        this.admin = admin;
    }

    @Override
    public String name() { return "redis"; }

    @Override
    public String describe() { return "Redis " + admin.host() + ":" + admin.port(); }

    @Override
    public ResourceId register(ResourceService resources, ResourceId group, String marker) {
        ResourceId server = ResourceId.parse(group + "/providers/Microsoft.Cache/redis/cache");
        Map<String, Object> props = new LinkedHashMap<>(Map.of("hostName", admin.host(), "port", admin.port()));
        if (admin.adminPassword() != null) {
            props.put("administratorLogin", admin.adminLogin());
            props.put("administratorLoginPassword", admin.adminPassword().reveal());
        }
        resources.put(server, Map.of("location", "local", "properties", props), null, "bench");
        return server;
    }

    @Override
    public void floorCreate(String login, Secret password) throws Exception {
        try (Jedis jedis = connect()) {
            jedis.aclSetUser(login, "on", "#" + sha256(password.reveal()), "~*", "&*", "+@all", "-@admin", "-@dangerous");
        }
    }

    @Override
    public void floorDrop(String login) {
        try (Jedis jedis = connect()) {
            jedis.aclDelUser(login);
        }
    }

    @Override
    public List<String> logins(String marker) {
        try (Jedis jedis = connect()) {
            return jedis.aclUsers().stream().filter(u -> u.contains(marker)).toList();
        }
    }

    private Jedis connect() {
        Jedis jedis = new Jedis(admin.host(), admin.port());
        if (admin.adminPassword() != null) jedis.auth(admin.adminLogin(), admin.adminPassword().reveal());
        return jedis;
    }

    private static String sha256(String password) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(password.getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public void close() {
        // the machine's Redis is not ours to stop
    }
}
