package dev.switchboard.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options every leaf command accepts. */
final class GlobalOptions {
  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description =
          "Data directory with server.json and token"
              + " (default: $SWITCHBOARD_DATA_DIR, else $HOME/.switchboard).")
  Path dataDir;

  @Option(
      names = "--url",
      paramLabel = "URL",
      description = "Server URL, instead of the one in server.json (default: $SWITCHBOARD_URL).")
  String url;

  @Option(
      names = "--token",
      paramLabel = "TOKEN",
      description =
          "Access token to use instead of the data directory's token file"
              + " (default: $SWITCHBOARD_TOKEN; prefer the variable, an option shows in process lists).")
  String token;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FORMAT",
      description =
          "Output format: ${COMPLETION-CANDIDATES}"
              + " (default: table on a terminal, json otherwise).")
  OutputFormat output;

  @Option(names = "--debug", description = "Print HTTP requests and stack traces to stderr.")
  boolean debug;

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help message and exit.")
  boolean help;
}
