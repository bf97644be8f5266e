package dev.switchboard.app.bench;

import dev.switchboard.core.id.ResourceId;
import dev.switchboard.core.json.JsonText;
import dev.switchboard.core.secret.Secret;
import dev.switchboard.core.target.TargetEndpoint;
import dev.switchboard.engine.resources.ResourceService;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * RabbitMQ through its management API. Floor: {@code PUT /api/users/{login}} (no tags) and
 * {@code PUT /api/permissions/{vhost}/{login}} ({@code .*} for configure, write and read), with one JDK HTTP client
 * made per create (the client the provider uses).
 */
final class RabbitMqBench implements BenchTarget {
    private final TargetEndpoint admin;
    private final int managementPort;
    private String vhost;

    RabbitMqBench(TargetEndpoint admin, int managementPort) {
        this.admin = admin;
        this.managementPort = managementPort;
    }

    @Override
    public String name() { return "rabbitmq"; }

    @Override
    public String describe() { return "RabbitMQ " + admin.host() + ":" + admin.port() + " (management " + managementPort + ")"; }

    @Override
    public ResourceId register(ResourceService resources, ResourceId group, String marker) {
        ResourceId server = ResourceId.parse(group + "/providers/Switchboard.Messaging/rabbitMQServers/rabbit");
        ResourceId child = server.child("vhosts", "bench_" + marker);
        resources.put(server, Map.of("location", "local", "properties", Map.of("host", admin.host(), "port", admin.port(),
                "managementPort", managementPort, "administratorLogin", admin.adminLogin(),
                "administratorLoginPassword", admin.adminPassword().reveal())), null, "bench");
        resources.put(child, Map.of("properties", Map.of()), null, "bench");
        vhost = child.name();
        return child;
    }

    @Override
    public void floorCreate(String login, Secret password) throws Exception {
        try (HttpClient http = client()) {
            send(http, "PUT", "/api/users/" + segment(login), JsonText.object("password", password.reveal(), "tags", ""));
            send(http, "PUT", "/api/permissions/" + segment(vhost) + "/" + segment(login),
                    JsonText.object("configure", ".*", "write", ".*", "read", ".*"));
        }
    }

    @Override
    public void floorDrop(String login) throws Exception {
        try (HttpClient http = client()) {
            send(http, "DELETE", "/api/users/" + segment(login), null);
        }
    }

    @Override
    public List<String> logins(String marker) throws Exception {
        List<String> out = new ArrayList<>();
        try (HttpClient http = client()) {
            for (Object user : (List<?>) JsonText.parse(send(http, "GET", "/api/users", null))) {
                String name = String.valueOf(((Map<?, ?>) user).get("name"));
                if (name.contains(marker)) out.add(name);
            }
        }
        return out;
    }

    /** HTTP/1.1 only: the JDK client's default h2c upgrade fails on a request with a body against this API. */
    private static HttpClient client() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    }

    private String send(HttpClient http, String method, String path, String json) throws Exception {
        String auth = admin.adminLogin() + ":" + admin.adminPassword().reveal();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://" + admin.host() + ":" + managementPort + path))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(auth.getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300 && !(method.equals("DELETE") && response.statusCode() == 404)) {
            throw new IllegalStateException("RabbitMQ management API: " + method + " " + path + " answered " + response.statusCode());
        }
        return response.body();
    }

    /** A path segment: bench names are letters, digits and '_', encoded all the same. */
    private static String segment(String name) {
        return URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
    }

    @Override
    public void close() {
        // the machine's RabbitMQ is not ours to stop
    }
}
