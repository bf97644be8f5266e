package dev.switchboard.cli;

import java.util.List;
import picocli.CommandLine;

/**
 * {@code <source> connection …}: the connection (linker) commands, built once per source kind
 * ({@code containerapp}, {@code webapp}, or {@code connection} for any source ID).
 */
final class ConnectionCommands {
  static final String API_VERSION = "2024-04-01";

  private ConnectionCommands() {}

  /** {@code containerapp} / {@code webapp} (holding {@code connection}), or {@code connection}. */
  static CommandLine tree(CliEnvironment env, SourceKind kind) {
    CommandLine connection =
        GroupNode.of(
            env,
            "connection",
            kind == SourceKind.ANY
                ? "Manage connections of any source, addressed by --source-id or --id."
                : "Manage connections of a " + kind.noun + " (" + kind.resourceType + ").",
            upserts(env, kind, false),
            upserts(env, kind, true));
    for (CommandLine leaf : leaves(env, kind)) {
      connection.addSubcommand(leaf);
    }
    if (kind == SourceKind.ANY) {
      return connection;
    }
    CommandLine group =
        GroupNode.of(
            env, kind.command, "Commands for " + kind.noun + "s (" + kind.resourceType + ").", connection);
    group.addSubcommand(
        GroupNode.leaf(
            new AppLogsCommand(env, kind),
            "logs",
            "Show the last lines the " + kind.noun + "'s processes printed."));
    if (kind == SourceKind.CONTAINER_APP) {
      group.addSubcommand(RevisionCommands.group(env));
    }
    return group;
  }

  /** {@code create} (PUT) or {@code update} (PATCH), with one subcommand per target type. */
  private static CommandLine upserts(CliEnvironment env, SourceKind kind, boolean update) {
    CommandLine group =
        update
            ? GroupNode.of(env, "update", "Update a connection of a " + kind.noun + ".")
            : GroupNode.of(
                env, "create", "Create a connection from a " + kind.noun + " to a target.");
    for (TargetKind t : TargetKind.values()) {
      String description =
          update
              ? "Update a connection to " + t.product + "."
              : "Create a connection from a " + kind.noun + " to " + t.product + ".";
      String detail =
          update
              ? "Only the options given are changed."
              : "Waits for it to be ready unless --no-wait, then prints it.";
      group.addSubcommand(
          GroupNode.leaf(
              new ConnectionUpsert(env, kind, t, update), t.command, description, detail));
    }
    return group;
  }

  /** The other subcommands of {@code connection}, in the order help lists them. */
  private static List<CommandLine> leaves(CliEnvironment env, SourceKind kind) {
    return List.of(
        GroupNode.leaf(
            new ConnectionReads.ListCmd(env, kind),
            "list",
            "List the connections of a " + kind.noun + "."),
        GroupNode.leaf(
            new ConnectionReads.Show(env, kind),
            "show",
            "Show a connection (in table view with its drift and latest events)."),
        GroupNode.leaf(
            new ConnectionReads.Events(env, kind),
            "events",
            "List what happened to a connection on its own: drift found, healed or not (newest first)."),
        GroupNode.leaf(
            new ConnectionExportCommand(env, kind),
            "export",
            "Export a connection and what it did (identity, settings, the login on the target) as ARM,"
                + " Bicep, Terraform or Kubernetes YAML; secrets only as parameters or references."),
        GroupNode.leaf(
            new ConnectionDelete(env, kind),
            "delete",
            "Delete a connection (asks for confirmation on a terminal unless --yes)."),
        GroupNode.leaf(
            new ConnectionValidate(env, kind),
            "validate",
            "Validate a connection; exits 0 when the connection is available, else 1."),
        GroupNode.leaf(
            new ConnectionRotate(env, kind),
            "rotate",
            "Give a connection a new login and password; its app moves to them without a failed request."),
        GroupNode.leaf(
            new ConnectionReads.ListConfiguration(env, kind),
            "list-configuration",
            "List the configuration a connection gives its source."),
        GroupNode.leaf(
            new ConnectionReads.ListSupportTypes(env),
            "list-support-types",
            "List the supported target types, client types and auth types."),
        GroupNode.leaf(
            new ConnectionWait(env, kind), "wait", "Wait until a connection meets a condition."));
  }
}
