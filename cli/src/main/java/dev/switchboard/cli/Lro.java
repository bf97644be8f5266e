package dev.switchboard.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** Waits for ARM long-running operations. */
final class Lro {
  static final Duration POLL_INTERVAL = Duration.ofMillis(250);
  private static final Duration MIN_DELAY = Duration.ofMillis(50);
  private static final Set<String> TERMINAL_STATES = Set.of("succeeded", "failed", "canceled");

  private final ArmClient client;
  private final Duration timeout;
  private final Instant deadline;

  Lro(ArmClient client, Duration timeout) {
    this.client = client;
    this.timeout = timeout;
    this.deadline = Instant.now().plus(timeout);
  }

  /**
   * Waits for the operation an answer started. Follows {@code Azure-AsyncOperation} (status
   * resource) when present, else a {@code Location} given with a 202 (polled while it answers 202).
   *
   * @return the last body read (the status resource or the Location result), or empty when the
   *     answer carried nothing to poll
   * @throws CliException when the operation fails, is canceled or times out
   */
  Optional<JsonNode> await(ArmResponse initial) throws CliException, InterruptedException {
    Optional<String> async = initial.header("Azure-AsyncOperation");
    if (async.isPresent()) {
      return Optional.of(awaitStatus(client.follow(async.get(), initial.uri()), initial));
    }
    Optional<String> location = initial.header("Location");
    if (location.isPresent() && initial.status() == 202) {
      return Optional.of(awaitLocation(client.follow(location.get(), initial.uri()), initial));
    }
    return Optional.empty();
  }

  /** Polls an {@code Azure-AsyncOperation} status resource until it reaches a terminal status. */
  JsonNode awaitStatus(URI statusUri, ArmResponse previous)
      throws CliException, InterruptedException {
    ArmResponse last = previous;
    while (true) {
      pause(last);
      last = client.get(statusUri);
      String status = Json.text(last.body(), "status");
      String s = status == null ? "" : status.toLowerCase(Locale.ROOT);
      switch (s) {
        case "succeeded" -> {
          return last.body();
        }
        case "failed" -> throw operationFailed(last.body(), "Failed");
        case "canceled", "cancelled" -> throw operationFailed(last.body(), "Canceled");
        default -> {
          // still running
        }
      }
    }
  }

  /** Polls a {@code Location} URL while it answers 202; returns the first other 2xx body. */
  JsonNode awaitLocation(URI location, ArmResponse previous)
      throws CliException, InterruptedException {
    ArmResponse last = previous;
    while (true) {
      pause(last);
      last = client.get(location);
      if (last.status() != 202) {
        return last.body();
      }
    }
  }

  /**
   * Polls a resource until its {@code properties.provisioningState} is terminal; for resources
   * whose create/update answered without an operation to follow.
   */
  JsonNode awaitProvisioning(URI resource, JsonNode current)
      throws CliException, InterruptedException {
    JsonNode body = current;
    ArmResponse last = null;
    while (true) {
      String state = Json.text(body, "properties", "provisioningState");
      if (state == null || TERMINAL_STATES.contains(state.toLowerCase(Locale.ROOT))) {
        if ("failed".equalsIgnoreCase(state) || "canceled".equalsIgnoreCase(state)) {
          throw provisioningFailed(body, state);
        }
        return body;
      }
      pause(last);
      last = client.get(resource);
      body = last.body();
    }
  }

  static boolean isTerminal(String provisioningState) {
    return provisioningState == null
        || TERMINAL_STATES.contains(provisioningState.toLowerCase(Locale.ROOT));
  }

  static CliException provisioningFailed(JsonNode resource, String state) {
    String name = Json.text(resource, "name");
    return CliException.of(
        "Provisioning" + state,
        (name == null ? "the resource" : "'" + name + "'") + " ended in state " + state);
  }

  private void pause(ArmResponse last) throws CliException, InterruptedException {
    Duration delay = last == null ? POLL_INTERVAL : last.retryAfter().orElse(POLL_INTERVAL);
    if (delay.compareTo(MIN_DELAY) < 0) {
      delay = MIN_DELAY;
    }
    Duration left = Duration.between(Instant.now(), deadline);
    if (left.isNegative() || left.isZero()) {
      throw timedOut();
    }
    Thread.sleep(delay.compareTo(left) < 0 ? delay : left);
  }

  private CliException timedOut() {
    return CliException.of(
        "Timeout",
        "the operation did not finish within "
            + timeout.toSeconds()
            + " s (it may still finish on the server; raise --timeout or check again later)");
  }

  private static CliException operationFailed(JsonNode status, String fallback) {
    String code = Json.text(status, "error", "code");
    String message = Json.text(status, "error", "message");
    if (code == null) {
      code = "Operation" + fallback;
    }
    if (message == null) {
      message = "the operation ended with status " + Json.text(status, "status");
    }
    return CliException.of(code, message);
  }
}
