package dev.switchboard.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** A command that only groups subcommands; run alone, it says which subcommands exist. */
@Command(name = "group-node", synopsisSubcommandLabel = "COMMAND")
final class GroupNode implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help message and exit.")
  boolean help;

  private final CliEnvironment env;

  private GroupNode(CliEnvironment env) {
    this.env = env;
  }

  @Override
  public Integer call() {
    CliEntry.printUsageError(
        env.err(),
        "'"
            + spec.qualifiedName()
            + "' needs a subcommand: "
            + String.join(", ", spec.subcommands().keySet()),
        spec.qualifiedName());
    return 2;
  }

  /** A group command line with the given children (command objects or CommandLines). */
  static CommandLine of(CliEnvironment env, String name, String description, Object... children) {
    CommandLine cl = new CommandLine(new GroupNode(env));
    cl.getCommandSpec().name(name);
    cl.getCommandSpec().usageMessage().description(description);
    for (Object child : children) {
      cl.addSubcommand(child);
    }
    return cl;
  }

  /** A leaf command line with its name and description set. */
  static CommandLine leaf(Object command, String name, String... description) {
    CommandLine cl = new CommandLine(command);
    cl.getCommandSpec().name(name);
    cl.getCommandSpec().usageMessage().description(description);
    return cl;
  }
}
