package dev.switchboard.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code connection export}: the connection and everything it did (the app's identity, its settings, the login on
 * the target) as template code, printed as the server sends it (no JSON or table view of its own). The server
 * checks the format, so a new one needs no new CLI.
 */
@Command(name = "export")
final class ConnectionExportCommand extends LinkerCommand {
  @Option(
      names = "--format",
      required = true,
      paramLabel = "FORMAT",
      description = "arm, bicep, terraform or kubernetes.")
  String format;

  @Option(
      names = "--output-file",
      paramLabel = "FILE",
      description = "Write the export to FILE instead of standard output.")
  Path outputFile;

  ConnectionExportCommand(CliEnvironment env, SourceKind kind) {
    super(env, kind);
  }

  @Override
  protected int run() throws Exception {
    String id = linkerId();
    ArmClient c = client();
    String text =
        c.get(c.uri(id + "/export", ConnectionCommands.API_VERSION, "format", format.strip())).text();
    if (outputFile == null) {
      env.out().print(text);
      return 0;
    }
    Files.writeString(outputFile, text, StandardCharsets.UTF_8);
    env.err().println("exported connection '" + linkerName(id) + "' as " + format.strip() + " to " + outputFile);
    return 0;
  }
}
