package dev.switchboard.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.util.Optional;

/** One HTTP answer: status, headers, raw text and (when it is JSON) the parsed body. */
record ArmResponse(URI uri, int status, HttpHeaders headers, String text, JsonNode json) {

  boolean ok() {
    return status >= 200 && status < 300;
  }

  /** The JSON body, or a missing node when the body is empty or not JSON. */
  JsonNode body() {
    return json == null ? MissingNode.getInstance() : json;
  }

  /** A header by case-insensitive name, when present and not blank. */
  Optional<String> header(String name) {
    return headers.firstValue(name).map(String::strip).filter(s -> !s.isEmpty());
  }

  /** The {@code Retry-After} delay in seconds, when given as a number. */
  Optional<Duration> retryAfter() {
    return header("Retry-After")
        .flatMap(
            v -> {
              try {
                return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(v))));
              } catch (NumberFormatException e) {
                return Optional.empty();
              }
            });
  }
}
