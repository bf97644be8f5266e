package dev.switchboard.server.cluster;

import dev.switchboard.server.api.ApiResponse;
import dev.switchboard.server.api.ArmErrors;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * On a replica that does not lead, a request that changes something is sent on to the leader as it came (its
 * token included: the leader checks it against the same store) and the leader's answer is given back. Reads are
 * answered here, from the shared store.
 */
public final class LeaderForwarder {
    /** Request headers the leader needs; the rest describe this hop. */
    private static final List<String> FORWARDED = List.of("Authorization", "Content-Type", "If-Match", "If-None-Match");
    /** Answer headers the client needs (an operation's status URL, the ETag). */
    private static final List<String> RETURNED = List.of("ETag", "Azure-AsyncOperation", "Location", "Retry-After");
    private final Leadership leadership;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();

    public LeaderForwarder(Leadership leadership) {
        this.leadership = leadership;
    }

    /** The leader's answer, or empty when this replica answers itself (it leads, or the request only reads). */
    public Optional<ApiResponse> forward(String method, String pathAndQuery, Map<String, String> headers,
                                         java.util.function.Supplier<byte[]> readBody) {
        if (leadership.isLeader() || method.equals("GET") || method.equals("HEAD")) return Optional.empty();
        Optional<String> leader = leadership.leaderUrl();
        if (leader.isEmpty()) {
            return Optional.of(ArmErrors.of(503, "NoLeader", null, "No Switchboard replica leads right now (one is"
                    + " being elected); retry in a few seconds.").withHeader("Retry-After", "2"));
        }
        byte[] body = readBody.get();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(leader.get() + pathAndQuery)).timeout(Duration.ofSeconds(120))
                .method(method, body == null || body.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        for (String name : FORWARDED) {
            String value = headers.get(name.toLowerCase(java.util.Locale.ROOT));
            if (value != null) request.header(name, value);
        }
        try {
            return Optional.of(answer(http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray())));
        } catch (IOException e) {
            return Optional.of(ArmErrors.of(503, "LeaderUnreachable", null, "The leading replica (" + leader.get()
                    + ") did not answer: " + e.getClass().getSimpleName() + "; retry in a few seconds.").withHeader("Retry-After", "2"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of(ArmErrors.of(503, "LeaderUnreachable", null, "interrupted"));
        }
    }

    private ApiResponse answer(HttpResponse<byte[]> r) throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        for (String name : RETURNED) r.headers().firstValue(name).ifPresent(v -> headers.put(name, v));
        Object body = r.body().length == 0 ? null : json.readValue(r.body(), Object.class);
        return new ApiResponse(r.statusCode(), headers, body);
    }
}
