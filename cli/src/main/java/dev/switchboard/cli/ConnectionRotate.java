package dev.switchboard.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code connection rotate}: a new login and password for the connection, the app moved to them without a
 * failed request, the old login removed once the connection validated on the new one.
 */
@Command(name = "rotate")
final class ConnectionRotate extends LinkerCommand {
  @Option(
      names = "--timeout",
      paramLabel = "SECONDS",
      defaultValue = "300",
      description = "How long to wait for the rotation (default: ${DEFAULT-VALUE} s).")
  int timeoutSeconds;

  ConnectionRotate(CliEnvironment env, SourceKind kind) {
    super(env, kind);
  }

  @Override
  protected int run() throws Exception {
    if (timeoutSeconds <= 0) {
      throw new UsageException("--timeout must be a positive number of seconds");
    }
    String id = linkerId();
    JsonNode result = postAction(id, "rotate", Duration.ofSeconds(timeoutSeconds));
    emit(result, Views::linkers);
    return 0;
  }
}
