package dev.switchboard.cli;

import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Help;

/**
 * Builds the CLI's picocli commands.
 *
 * <p>Standalone: {@code CliEntry.commandLine(env).execute(args)}. Mounted into another launcher:
 * add each element of {@link #subcommands} with {@code root.addSubcommand(element)}, then call
 * {@link #configure} on the root so usage errors are reported the same way.
 */
public final class CliEntry {

  private CliEntry() {}

  /** The standalone {@code switchboard} command with all CLI subcommands, configured for {@code env}. */
  public static CommandLine commandLine(CliEnvironment env) {
    CommandLine root =
        GroupNode.of(
            env,
            "switchboard",
            "Switchboard command-line client: talks to a running Switchboard server"
                + " (found through server.json and token in the data directory).");
    for (Object sub : subcommands(env)) {
      root.addSubcommand(sub);
    }
    return configure(root, env);
  }

  /**
   * The CLI's top-level commands, {@code containerapp}, {@code webapp}, {@code connection}, {@code
   * group}, {@code resource}, {@code token} and {@code audit}, each a fully built {@link CommandLine} (with its nested
   * subcommands) that can be passed to {@link CommandLine#addSubcommand(Object)}.
   */
  public static List<Object> subcommands(CliEnvironment env) {
    return List.of(
        ConnectionCommands.tree(env, SourceKind.CONTAINER_APP),
        ConnectionCommands.tree(env, SourceKind.WEB_APP),
        ConnectionCommands.tree(env, SourceKind.ANY),
        GroupCommands.tree(env),
        DeploymentCommands.tree(env),
        ResourceCommands.tree(env),
        TokenCommands.tree(env),
        GroupNode.leaf(new AuditCommand(env), "audit",
            "Show the audit log: every write, who made it, when, and how it ended."));
  }

  /**
   * Configures a root command line (and the subcommands it already has): output streams, colors
   * only on a terminal, no picocli {@code @argument-files} (the CLI reads {@code @file} values
   * itself), and usage errors as one {@code error: …} line plus a hint (exit code 2).
   */
  public static CommandLine configure(CommandLine root, CliEnvironment env) {
    // "@file" is ours (--properties @file, like az), not picocli's argument files
    root.setExpandAtFiles(false);
    root.setOut(env.out());
    root.setErr(env.err());
    root.setColorScheme(
        Help.defaultColorScheme(env.stdoutIsTerminal() ? Help.Ansi.ON : Help.Ansi.OFF));
    root.setParameterExceptionHandler(
        (ex, args) -> {
          CommandLine cmd = ex.getCommandLine();
          printUsageError(
              cmd.getErr(), ex.getMessage(), cmd.getCommandSpec().qualifiedName());
          return cmd.getExitCodeExceptionMapper() != null
              ? cmd.getExitCodeExceptionMapper().getExitCode(ex)
              : cmd.getCommandSpec().exitCodeOnInvalidInput();
        });
    return root;
  }

  static void printUsageError(PrintWriter err, String message, String qualifiedName) {
    String m = CliException.oneLine(message);
    if (m.startsWith("Error: ")) {
      m = m.substring("Error: ".length());
    }
    err.println("error: " + m);
    err.println("Try '" + qualifiedName + " --help' for more information.");
    err.flush();
  }
}
