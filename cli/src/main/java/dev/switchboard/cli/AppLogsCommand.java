package dev.switchboard.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code containerapp logs} / {@code webapp logs}: the last lines an app's processes printed. Needs a token that
 * may read secrets (an app may print what it was given).
 */
@Command(name = "logs")
final class AppLogsCommand extends BaseCommand {
  static final String API_VERSION = "2024-03-01";

  private final SourceKind kind;

  @Mixin AppAddress app;

  @Option(names = "--tail", defaultValue = "100", description = "How many lines (1-10000; default: ${DEFAULT-VALUE}).")
  int tail;

  @Option(names = "--container", description = "Only this container's lines (replicas past the first are NAME#N).")
  String container;

  AppLogsCommand(CliEnvironment env, SourceKind kind) {
    super(env);
    this.kind = kind;
  }

  @Override
  protected int run() throws Exception {
    if (tail < 1 || tail > 10_000) {
      throw new UsageException("--tail must be from 1 to 10000");
    }
    String id = app.appId(subscription(), kind);
    ArmClient c = client();
    JsonNode body = container == null
        ? c.get(c.uri(id + "/logs", API_VERSION, "tail", Integer.toString(tail))).body()
        : c.get(c.uri(id + "/logs", API_VERSION, "tail", Integer.toString(tail), "container", container)).body();
    if (format() == OutputFormat.json) {
      Json.print(env.out(), body);
    } else {
      body.path("value").forEach(line -> env.out().println(line.asText()));
    }
    return 0;
  }
}
