package dev.switchboard.cli;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code connection wait}: polls a connection until it meets a condition. */
@Command(name = "wait")
final class ConnectionWait extends LinkerCommand {
  static final class Condition {
    @Option(names = "--created", description = "Wait until created and provisioned.")
    boolean created;

    @Option(names = "--updated", description = "Wait until provisioned after an update.")
    boolean updated;

    @Option(names = "--deleted", description = "Wait until deleted.")
    boolean deleted;

    @Option(names = "--exists", description = "Wait until it exists (in any state).")
    boolean exists;
  }

  @ArgGroup(exclusive = true, multiplicity = "1")
  Condition condition;

  @Option(
      names = "--interval",
      paramLabel = "SECONDS",
      defaultValue = "1",
      description = "Polling interval in seconds (default: ${DEFAULT-VALUE}).")
  double intervalSeconds;

  @Option(
      names = "--timeout",
      paramLabel = "SECONDS",
      defaultValue = "300",
      description = "Maximum wait in seconds (default: ${DEFAULT-VALUE}).")
  int timeoutSeconds;

  ConnectionWait(CliEnvironment env, SourceKind kind) {
    super(env, kind);
  }

  @Override
  protected int run() throws Exception {
    if (intervalSeconds <= 0 || timeoutSeconds <= 0) {
      throw new UsageException("--interval and --timeout must be positive");
    }
    String id = linkerId();
    ArmClient c = client();
    URI uri = linkerUri(id);
    Duration interval = Duration.ofMillis(Math.max(10, (long) (intervalSeconds * 1000)));
    Instant deadline = Instant.now().plusSeconds(timeoutSeconds);
    while (!met(c, c.exchange("GET", uri, null))) {
      Duration left = Duration.between(Instant.now(), deadline);
      if (left.isNegative() || left.isZero()) {
        throw CliException.of(
            "Timeout",
            "connection '"
                + linkerName(id)
                + "' did not meet the condition within "
                + timeoutSeconds
                + " s");
      }
      Thread.sleep(left.compareTo(interval) < 0 ? left : interval);
    }
    return 0;
  }

  /** Whether one answer meets the condition; fails on errors and on a failed provisioning. */
  private boolean met(ArmClient c, ArmResponse r) throws CliException {
    if (r.status() == 404) {
      return condition.deleted;
    }
    if (!r.ok()) {
      throw c.failure(r);
    }
    if (condition.exists) {
      return true;
    }
    if (condition.deleted) {
      return false;
    }
    String state = Json.text(r.body(), "properties", "provisioningState");
    if (state == null || state.equalsIgnoreCase("Succeeded")) {
      return true;
    }
    if (state.equalsIgnoreCase("Failed") || state.equalsIgnoreCase("Canceled")) {
      throw Lro.provisioningFailed(r.body(), state);
    }
    return false;
  }
}
