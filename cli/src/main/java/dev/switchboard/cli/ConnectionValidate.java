package dev.switchboard.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code connection validate}: exits 0 when the connection is available, else 1. */
@Command(name = "validate")
final class ConnectionValidate extends LinkerCommand {
  @Option(
      names = "--timeout",
      paramLabel = "SECONDS",
      defaultValue = "300",
      description = "How long to wait for the validation (default: ${DEFAULT-VALUE} s).")
  int timeoutSeconds;

  ConnectionValidate(CliEnvironment env, SourceKind kind) {
    super(env, kind);
  }

  @Override
  protected int run() throws Exception {
    if (timeoutSeconds <= 0) {
      throw new UsageException("--timeout must be a positive number of seconds");
    }
    String id = linkerId();
    JsonNode result = postAction(id, "validateLinker", Duration.ofSeconds(timeoutSeconds));
    if (!result.path("properties").has("isConnectionAvailable")) {
      throw CliException.of(
          "InvalidResponse", "the server returned no validation result for '" + linkerName(id) + "'");
    }
    emit(result, Views::validation);
    if (result.path("properties").path("isConnectionAvailable").asBoolean(false)) {
      return 0;
    }
    env.err()
        .println(
            "error: ConnectionNotAvailable: connection '"
                + linkerName(id)
                + "' did not pass validation");
    return 1;
  }
}
