package dev.switchboard.server.api;

import java.util.LinkedHashMap;
import java.util.Map;

/** What a handler answers: a status, headers and a JSON-able body (maps, lists, strings, numbers) or null. */
public record ApiResponse(int status, Map<String, String> headers, Object body) {
    public static ApiResponse ok(Object body) {
        return new ApiResponse(200, Map.of(), body);
    }

    public static ApiResponse of(int status, Object body) {
        return new ApiResponse(status, Map.of(), body);
    }

    public static ApiResponse noContent() {
        return new ApiResponse(204, Map.of(), null);
    }

    /** A body written as it is, not as JSON: exported template code. */
    public record Text(String contentType, String text) { }

    public static ApiResponse text(String contentType, String text) {
        return new ApiResponse(200, Map.of(), new Text(contentType, text));
    }

    public ApiResponse withHeader(String name, String value) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put(name, value);
        return new ApiResponse(status, h, body);
    }
}
