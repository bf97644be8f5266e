package dev.switchboard.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code deployment group create|what-if|show|list|delete}: ARM template deployments to a resource group, like
 * {@code az deployment group}. Templates and parameter files are read here; the server checks and applies them.
 */
final class DeploymentCommands {
  static final String API_VERSION = "2021-04-01";

  private DeploymentCommands() {}

  static CommandLine tree(CliEnvironment env) {
    CommandLine group =
        GroupNode.of(
            env,
            "group",
            "Template deployments to a resource group.",
            GroupNode.leaf(new Create(env, false), "create", "Deploy a template (waits for it to end, then prints it)."),
            GroupNode.leaf(new Create(env, true), "what-if", "Show what deploying a template would change, changing nothing."),
            GroupNode.leaf(new Show(env, false), "show", "Show a deployment (state, outputs, error)."),
            GroupNode.leaf(new Show(env, true), "delete", "Delete a deployment's record (never what it deployed)."),
            GroupNode.leaf(new ListCmd(env), "list", "List a resource group's deployments."));
    return GroupNode.of(env, "deployment", "Deploy ARM templates.", group);
  }

  static String path(String subscription, String group, String name) {
    return GroupCommands.path(subscription, group) + "/providers/Microsoft.Resources/deployments" + (name == null ? "" : "/" + name);
  }

  static Table table(JsonNode deployments) {
    Table t = new Table("NAME", "STATE", "MODE", "TIMESTAMP", "ERROR");
    for (JsonNode d : deployments.isArray() ? deployments : Json.MAPPER.createArrayNode().add(deployments)) {
      JsonNode p = d.path("properties");
      t.row(Json.text(d, "name"), Json.text(p, "provisioningState"), Json.text(p, "mode"), Json.text(p, "timestamp"),
          Json.text(p.path("error").path("details").path(0), "message"));
    }
    return t;
  }

  /** What-if's changes, one row per resource, then the conflicts and broken connections. */
  static Table whatIfTable(JsonNode result) {
    Table t = new Table("CHANGE", "RESOURCE", "DETAIL");
    for (JsonNode c : result.path("properties").path("changes")) {
      List<String> paths = new ArrayList<>();
      c.path("delta").forEach(d -> paths.add(d.path("propertyChangeType").asText() + " " + d.path("path").asText()));
      t.row(c.path("changeType").asText(), c.path("resourceId").asText(), String.join("; ", paths));
    }
    for (JsonNode c : result.path("properties").path("conflicts")) {
      t.row("Conflict", c.path("resourceId").asText(), c.path("field").asText() + " is owned by " + c.path("owner").asText());
    }
    for (JsonNode b : result.path("properties").path("brokenConnections")) {
      t.row("Breaks", b.path("connection").asText(), b.path("reason").asText());
    }
    return t;
  }

  static final class Target {
    @Option(names = {"-g", "--resource-group"}, required = true, description = "The resource group to deploy to.")
    String group;

    @Option(names = {"-n", "--name"}, description = "The deployment's name (default: the template file's name).")
    String name;
  }

  @Command(name = "create")
  static final class Create extends BaseCommand {
    private final boolean whatIf;

    @CommandLine.Mixin Target target = new Target();

    @Option(names = {"-f", "--template-file"}, required = true, description = "The ARM template (JSON).")
    String templateFile;

    @Option(names = {"-p", "--parameters"}, description = "NAME=VALUE, or @file (an ARM parameters file); repeatable.")
    List<String> parameters = new ArrayList<>();

    @Option(names = "--mode", defaultValue = "Incremental", description = "Incremental or Complete (default: ${DEFAULT-VALUE}).")
    String mode;

    Create(CliEnvironment env, boolean whatIf) {
      super(env);
      this.whatIf = whatIf;
    }

    @Override
    protected int run() throws Exception {
      ObjectNode properties = Json.object();
      properties.put("mode", mode);
      properties.set("template", ResourceCommands.readJson("--template-file", "@" + templateFile));
      properties.set("parameters", DeploymentParameters.read(parameters));
      ObjectNode body = Json.object();
      body.set("properties", properties);
      String name = target.name != null ? target.name : DeploymentParameters.nameOf(templateFile);
      ArmClient c = client();
      String id = path(subscription(), target.group, name);
      if (whatIf) {
        emit(c.call("POST", c.uri(id + "/whatIf", API_VERSION), body).body(), DeploymentCommands::whatIfTable);
        return 0;
      }
      JsonNode ended = c.call("PUT", c.uri(id, API_VERSION), body).body();
      emit(ended, DeploymentCommands::table);
      return "Succeeded".equals(ended.path("properties").path("provisioningState").asText()) ? 0 : 1;
    }
  }

  @Command
  static final class Show extends BaseCommand {
    private final boolean delete;

    @CommandLine.Mixin Target target = new Target();

    Show(CliEnvironment env, boolean delete) {
      super(env);
      this.delete = delete;
    }

    @Override
    protected int run() throws Exception {
      if (target.name == null) throw new UsageException("give the deployment's -n/--name");
      ArmClient c = client();
      String id = path(subscription(), target.group, target.name);
      if (delete) {
        c.call("DELETE", c.uri(id, API_VERSION), null);
        note("Deleted deployment '" + target.name + "' (what it deployed stays).");
        return 0;
      }
      emit(c.get(c.uri(id, API_VERSION)).body(), DeploymentCommands::table);
      return 0;
    }
  }

  @Command(name = "list")
  static final class ListCmd extends BaseCommand {
    @Option(names = {"-g", "--resource-group"}, required = true, description = "The resource group.")
    String group;

    ListCmd(CliEnvironment env) {
      super(env);
    }

    @Override
    protected int run() throws Exception {
      emit(listAll(client().uri(path(subscription(), group, null), API_VERSION)), DeploymentCommands::table);
      return 0;
    }
  }
}
