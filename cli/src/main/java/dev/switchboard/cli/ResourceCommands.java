package dev.switchboard.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code resource create|show|list|delete}: generic resources, like {@code az resource}. */
final class ResourceCommands {
  static final String API_VERSION = "2024-03-01";

  private ResourceCommands() {}

  static CommandLine tree(CliEnvironment env) {
    return GroupNode.of(
        env,
        "resource",
        "Manage resources of any type by ID.",
        GroupNode.leaf(new Create(env), "create", "Create (or replace) a resource."),
        GroupNode.leaf(new Show(env), "show", "Show a resource."),
        GroupNode.leaf(
            new ListCmd(env), "list", "List the resources of one type in a resource group."),
        GroupNode.leaf(new Delete(env), "delete", "Delete a resource."));
  }

  /** {@code --id}, or {@code -g RG --resource-type Namespace/type -n NAME}. */
  static final class Address {
    @Option(names = "--id", paramLabel = "ID", description = "Resource ID.")
    String id;

    @Option(
        names = {"-g", "--resource-group"},
        paramLabel = "RG",
        description = "Resource group (with --resource-type and -n).")
    String resourceGroup;

    @Option(
        names = {"-n", "--name"},
        paramLabel = "NAME",
        description = "Resource name; child resources as parent/child.")
    String name;

    @Option(
        names = {"-t", "--resource-type"},
        paramLabel = "TYPE",
        description = "Resource type as Namespace/type[/childType].")
    String type;

    String resolve(BaseCommand command) throws UsageException, CliException {
      if (id != null) {
        if (resourceGroup != null || name != null || type != null) {
          throw new UsageException("give either --id, or -g/--resource-type/-n, not both");
        }
        return Ids.normalize(id);
      }
      if (resourceGroup == null || name == null || type == null) {
        throw new UsageException(
            "give the resource with --id ID, or -g RG --resource-type Namespace/type -n NAME");
      }
      return Ids.resourceId(command.subscription(), resourceGroup, type, name);
    }
  }

  static final class ApiVersion {
    @Option(
        names = "--api-version",
        paramLabel = "VERSION",
        defaultValue = API_VERSION,
        description = "API version (default: ${DEFAULT-VALUE}).")
    String value;
  }

  /** Inline JSON or {@code @file}. */
  static JsonNode readJson(String option, String value) throws UsageException {
    String text = value;
    if (value.startsWith("@")) {
      Path file = Path.of(value.substring(1));
      try {
        text = Files.readString(file);
      } catch (IOException e) {
        throw new UsageException("cannot read " + option + " file " + file + ": " + e.getMessage());
      }
    }
    JsonNode node = Json.parseOrNull(text);
    if (node == null || !node.isObject()) {
      throw new UsageException(option + " must be a JSON object (inline or @file)");
    }
    return node;
  }

  @Command(name = "create")
  static final class Create extends BaseCommand {
    @Mixin Address address = new Address();

    @Option(
        names = {"-p", "--properties"},
        paramLabel = "JSON",
        description = "Properties as JSON, or @file.")
    String properties;

    @Option(
        names = "--identity",
        paramLabel = "JSON",
        description = "Identity as JSON, or @file (e.g. {\"type\":\"SystemAssigned\"}).")
    String identity;

    @Option(
        names = "--is-full-object",
        description = "--properties holds the whole resource body, not only its properties.")
    boolean fullObject;

    @Option(
        names = {"-l", "--location"},
        paramLabel = "LOCATION",
        defaultValue = "local",
        description = "Location (default: ${DEFAULT-VALUE}).")
    String location;

    @Mixin ApiVersion apiVersion = new ApiVersion();
    @Mixin ConnectionOptions.Wait lro = new ConnectionOptions.Wait();

    Create(CliEnvironment env) {
      super(env);
    }

    @Override
    protected int run() throws Exception {
      Duration timeout = lro.timeout();
      JsonNode props = properties == null ? Json.object() : readJson("--properties", properties);
      JsonNode ident = identity == null ? null : readJson("--identity", identity);
      ObjectNode body;
      if (fullObject) {
        body = ((ObjectNode) props).deepCopy();
        if (!body.has("location")) {
          body.put("location", location);
        }
      } else {
        body = Json.object().put("location", location);
        body.set("properties", props);
      }
      if (ident != null) {
        body.set("identity", ident);
      }
      String id = address.resolve(this);
      ArmClient c = client();
      URI uri = c.uri(id, apiVersion.value);
      ArmResponse r = c.call("PUT", uri, body);
      if (lro.noWait) {
        emit(r.body(), Views::resources);
        return 0;
      }
      Lro l = new Lro(c, timeout);
      Optional<JsonNode> op = l.await(r);
      JsonNode result = c.get(uri).body();
      if (op.isEmpty()) {
        result = l.awaitProvisioning(uri, result);
      }
      emit(result, Views::resources);
      return 0;
    }
  }

  @Command(name = "show")
  static final class Show extends BaseCommand {
    @Mixin Address address = new Address();
    @Mixin ApiVersion apiVersion = new ApiVersion();

    Show(CliEnvironment env) {
      super(env);
    }

    @Override
    protected int run() throws Exception {
      String id = address.resolve(this);
      ArmClient c = client();
      emit(c.get(c.uri(id, apiVersion.value)).body(), Views::resources);
      return 0;
    }
  }

  @Command(name = "list")
  static final class ListCmd extends BaseCommand {
    @Option(
        names = {"-g", "--resource-group"},
        required = true,
        paramLabel = "RG",
        description = "Resource group.")
    String resourceGroup;

    @Option(
        names = {"-t", "--resource-type"},
        paramLabel = "TYPE",
        description = "Resource type as Namespace/type (default: every resource in the group).")
    String type;

    @Mixin ApiVersion apiVersion = new ApiVersion();

    ListCmd(CliEnvironment env) {
      super(env);
    }

    @Override
    protected int run() throws Exception {
      if (type != null && !type.matches("[^/]+/[^/]+(/[^/]+)*")) {
        throw new UsageException("--resource-type must be Namespace/type, got '" + type + "'");
      }
      ArmClient c = client();
      String group = Ids.resourceGroupPath(subscription(), resourceGroup);
      String path = type == null ? group + "/resources" : group + "/providers/" + type;
      emit(listAll(c.uri(path, apiVersion.value)), Views::resources);
      return 0;
    }
  }

  @Command(name = "delete")
  static final class Delete extends BaseCommand {
    @Mixin Address address = new Address();
    @Mixin ApiVersion apiVersion = new ApiVersion();
    @Mixin ConnectionOptions.Wait lro = new ConnectionOptions.Wait();

    Delete(CliEnvironment env) {
      super(env);
    }

    @Override
    protected int run() throws Exception {
      Duration timeout = lro.timeout();
      String id = address.resolve(this);
      ArmClient c = client();
      ArmResponse r = c.call("DELETE", c.uri(id, apiVersion.value), null);
      if (lro.noWait) {
        note("Deletion of '" + Ids.lastSegment(id) + "' accepted.");
        return 0;
      }
      new Lro(c, timeout).await(r);
      note("Deleted '" + Ids.lastSegment(id) + "'.");
      return 0;
    }
  }
}
