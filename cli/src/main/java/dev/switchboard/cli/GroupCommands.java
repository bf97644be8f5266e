package dev.switchboard.cli;

import java.time.Duration;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code group create|show|list|delete}: resource groups, like {@code az group}. */
final class GroupCommands {
  static final String API_VERSION = "2021-04-01";

  private GroupCommands() {}

  static CommandLine tree(CliEnvironment env) {
    return GroupNode.of(
        env,
        "group",
        "Manage resource groups.",
        GroupNode.leaf(new Create(env), "create", "Create (or update) a resource group."),
        GroupNode.leaf(new Show(env), "show", "Show a resource group."),
        GroupNode.leaf(new ListCmd(env), "list", "List resource groups."),
        GroupNode.leaf(
            new Delete(env),
            "delete",
            "Delete a resource group and everything in it (asks on a terminal unless --yes)."));
  }

  static String path(String subscription, String name) {
    return "/subscriptions/" + subscription + "/resourcegroups/" + name;
  }

  /** The group name option ({@code -n/--name}, also {@code -g/--resource-group} like az). */
  static final class Name {
    @Option(
        names = {"-n", "--name", "-g", "--resource-group"},
        required = true,
        paramLabel = "NAME",
        description = "Name of the resource group.")
    String name;
  }

  @Command(name = "create")
  static final class Create extends BaseCommand {
    @Mixin Name name = new Name();

    @Option(
        names = {"-l", "--location"},
        paramLabel = "LOCATION",
        defaultValue = "local",
        description = "Location (default: ${DEFAULT-VALUE}).")
    String location;

    @Option(
        names = "--tags",
        arity = "1..*",
        paramLabel = "KEY=VALUE",
        description =
            "Tags, like az (e.g. switchboard.fieldOwnership=classic: full-replace writes in this group).")
    java.util.List<String> tags = new java.util.ArrayList<>();

    Create(CliEnvironment env) {
      super(env);
    }

    @Override
    protected int run() throws Exception {
      ArmClient c = client();
      var body = Json.object().put("location", location);
      if (!tags.isEmpty()) {
        var t = body.putObject("tags");
        for (String tag : tags) {
          int eq = tag.indexOf('=');
          if (eq <= 0) throw new UsageException("--tags takes KEY=VALUE, not '" + tag + "'");
          t.put(tag.substring(0, eq), tag.substring(eq + 1));
        }
      }
      emit(c.call("PUT", c.uri(path(subscription(), name.name), API_VERSION), body).body(), Views::groups);
      return 0;
    }
  }

  @Command(name = "show")
  static final class Show extends BaseCommand {
    @Mixin Name name = new Name();

    Show(CliEnvironment env) {
      super(env);
    }

    @Override
    protected int run() throws Exception {
      ArmClient c = client();
      emit(c.get(c.uri(path(subscription(), name.name), API_VERSION)).body(), Views::groups);
      return 0;
    }
  }

  @Command(name = "list")
  static final class ListCmd extends BaseCommand {
    ListCmd(CliEnvironment env) {
      super(env);
    }

    @Override
    protected int run() throws Exception {
      ArmClient c = client();
      emit(
          listAll(c.uri("/subscriptions/" + subscription() + "/resourcegroups", API_VERSION)),
          Views::groups);
      return 0;
    }
  }

  @Command(name = "delete")
  static final class Delete extends BaseCommand {
    @Mixin Name name = new Name();

    @Option(
        names = {"-y", "--yes"},
        description = "Do not ask for confirmation.")
    boolean yes;

    @Mixin ConnectionOptions.Wait lro = new ConnectionOptions.Wait();

    Delete(CliEnvironment env) {
      super(env);
    }

    @Override
    protected int run() throws Exception {
      Duration timeout = lro.timeout();
      ArmClient c = client();
      if (!confirm(yes, "Delete resource group '" + name.name + "' and all its resources?")) {
        env.err().println("error: deletion cancelled");
        return 1;
      }
      ArmResponse r = c.call("DELETE", c.uri(path(subscription(), name.name), API_VERSION), null);
      if (lro.noWait) {
        note("Deletion of resource group '" + name.name + "' accepted.");
        return 0;
      }
      new Lro(c, timeout).await(r);
      note("Deleted resource group '" + name.name + "'.");
      return 0;
    }
  }
}
