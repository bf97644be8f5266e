package dev.switchboard.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code containerapp revision list | show | activate | deactivate | restart}: a container app's revisions, as
 * {@code GET {app}/revisions} and {@code POST {app}/revisions/{name}/{action}} give them.
 */
final class RevisionCommands {
  private RevisionCommands() {}

  static CommandLine group(CliEnvironment env) {
    CommandLine group = GroupNode.of(env, "revision", "List a container app's revisions and activate, deactivate or restart one.");
    group.addSubcommand(GroupNode.leaf(new ListCmd(env), "list", "List the app's revisions: traffic, health, state."));
    group.addSubcommand(GroupNode.leaf(new Act(env, null), "show", "Show one revision."));
    for (String action : new String[] {"activate", "deactivate", "restart"}) {
      group.addSubcommand(GroupNode.leaf(new Act(env, action), action, description(action)));
    }
    return group;
  }

  private static String description(String action) {
    return switch (action) {
      case "activate" -> "Start a stopped revision again (Multiple mode); it is smoke-tested like a new one.";
      case "deactivate" -> "Stop a revision that takes no traffic.";
      default -> "Replace a revision's processes.";
    };
  }

  static Table table(JsonNode revisions) {
    Table t = new Table("NAME", "ACTIVE", "TRAFFIC", "HEALTH", "STATE", "REPLICAS", "CREATED", "REASON");
    for (JsonNode r : revisions.isArray() ? revisions : Json.MAPPER.createArrayNode().add(revisions)) {
      JsonNode p = r.path("properties");
      t.row(Json.text(r, "name"), p.path("active").asText(), p.path("trafficWeight").asText() + "%",
          Json.text(p, "healthState"), Json.text(p, "runningState"), p.path("replicas").asText(),
          Json.text(p, "createdTime"), Json.text(p, "provisioningError"));
    }
    return t;
  }

  /** A revision name goes into the URL path as it is: letters, digits and '-' only, so it cannot reach elsewhere. */
  static String checked(String revision) throws UsageException {
    if (!revision.matches("[A-Za-z0-9-]{1,100}")) {
      throw new UsageException("--revision must be a revision name ({app}--{suffix}: letters, digits and '-')");
    }
    return revision;
  }

  @Command(name = "list")
  static final class ListCmd extends BaseCommand {
    @Mixin AppAddress app;

    ListCmd(CliEnvironment env) {
      super(env);
    }

    @Override
    protected int run() throws Exception {
      String id = app.appId(subscription(), SourceKind.CONTAINER_APP);
      emit(listAll(client().uri(id + "/revisions", AppLogsCommand.API_VERSION)), RevisionCommands::table);
      return 0;
    }
  }

  /** {@code show} (no action) or one of the actions, on the revision {@code --revision}. */
  @Command
  static final class Act extends BaseCommand {
    private final String action;

    @Mixin AppAddress app;

    @Option(names = "--revision", required = true, description = "The revision's name ({app}--{suffix}).")
    String revision;

    Act(CliEnvironment env, String action) {
      super(env);
      this.action = action;
    }

    @Override
    protected int run() throws Exception {
      String id = app.appId(subscription(), SourceKind.CONTAINER_APP) + "/revisions/" + checked(revision);
      ArmClient c = client();
      JsonNode body = action == null
          ? c.get(c.uri(id, AppLogsCommand.API_VERSION)).body()
          : c.call("POST", c.uri(id + "/" + action, AppLogsCommand.API_VERSION), null).body();
      emit(body, RevisionCommands::table);
      return 0;
    }
  }
}
