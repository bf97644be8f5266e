package dev.switchboard.server.api;

import java.util.Map;

/** An HTTP request as the API handlers see it, independent of the HTTP library. Header names are lower-case. */
public record ApiRequest(String method, String path, Map<String, String> query, Map<String, String> headers,
                         Map<String, Object> body, String baseUrl) {
    public String header(String name) {
        return headers.get(name.toLowerCase());
    }

    public String apiVersion() {
        return query.get("api-version");
    }
}
