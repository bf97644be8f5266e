package dev.switchboard.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The connection commands that only read: {@code list}, {@code show}, {@code list-configuration}
 * and {@code list-support-types}.
 */
final class ConnectionReads {
  private ConnectionReads() {}

  @Command(name = "list")
  static final class ListCmd extends BaseCommand {
    @Mixin ConnectionOptions.Source source = new ConnectionOptions.Source();
    final SourceKind kind;

    ListCmd(CliEnvironment env, SourceKind kind) {
      super(env);
      this.kind = kind;
    }

    @Override
    protected int run() throws Exception {
      source.check(kind);
      String sub = source.needsSubscription() ? subscription() : null;
      String path = source.id(kind, sub) + "/providers/Microsoft.ServiceLinker/linkers";
      ArrayNode all = listAll(client().uri(path, ConnectionCommands.API_VERSION));
      emit(all, Views::linkers);
      return 0;
    }
  }

  @Command(name = "show")
  static final class Show extends LinkerCommand {
    /** How many of the newest events the table view shows under the connection. */
    static final int RECENT_EVENTS = 5;

    Show(CliEnvironment env, SourceKind kind) {
      super(env, kind);
    }

    @Override
    protected int run() throws Exception {
      String id = linkerId();
      JsonNode linker = client().get(linkerUri(id)).body();
      emit(linker, Views::linkers);
      if (format() == OutputFormat.table) {
        ownedFields(this, client(), id);
        for (JsonNode d : linker.path("properties").path("drift")) {
          note("drift (not healed): " + Json.text(d, "description"));
        }
        JsonNode events = events(id, RECENT_EVENTS);
        if (!events.path("value").isEmpty()) {
          note("");
          note("Recent events:");
          Views.events(events).print(env.out());
        }
      }
      return 0;
    }
  }

  /**
   * Says which fields of the app the connection owns, and so why a template deployed again leaves
   * them alone: the app's {@code managedFields} ledger, read for the connection's manager name.
   */
  static void ownedFields(LinkerCommand cmd, ArmClient client, String linkerId) throws Exception {
    var parts = Ids.splitLinker(linkerId);
    if (parts.isEmpty()) return;
    String app = parts.get()[0];
    String manager = "connection/" + parts.get()[1];
    ArmResponse r = client.exchange("GET", client.uri(app, ResourceCommands.API_VERSION), null);
    if (!r.ok() || r.json() == null) return;
    List<String> fields = new ArrayList<>();
    for (JsonNode m : r.json().path("managedFields")) {
      if (manager.equals(m.path("manager").asText())) m.path("fields").forEach(f -> fields.add(f.asText()));
    }
    if (fields.isEmpty()) return;
    cmd.note("");
    cmd.note("Owns on the app (" + manager + "): a template deployed again keeps these; one that sets them"
        + " otherwise is refused unless forced:");
    fields.forEach(f -> cmd.note("  " + f));
  }

  /**
   * {@code connection events}: what happened to a connection without anyone asking (drift found,
   * healed or not), newest first.
   */
  @Command(name = "events")
  static final class Events extends LinkerCommand {
    @Option(
        names = "--top",
        paramLabel = "N",
        defaultValue = "20",
        description = "How many of the newest events (1-1000, default: ${DEFAULT-VALUE}).")
    int top;

    Events(CliEnvironment env, SourceKind kind) {
      super(env, kind);
    }

    @Override
    protected int run() throws Exception {
      if (top < 1 || top > 1000) {
        throw new UsageException("--top must be a number from 1 to 1000");
      }
      emit(events(linkerId(), top), Views::events);
      return 0;
    }
  }

  @Command(name = "list-configuration")
  static final class ListConfiguration extends LinkerCommand {
    ListConfiguration(CliEnvironment env, SourceKind kind) {
      super(env, kind);
    }

    @Override
    protected int run() throws Exception {
      String id = linkerId();
      ArmClient c = client();
      URI uri = c.uri(id + "/listConfigurations", ConnectionCommands.API_VERSION);
      JsonNode body = c.call("POST", uri, null).body();
      emit(body, Views::configurations);
      return 0;
    }
  }

  @Command(name = "list-support-types")
  static final class ListSupportTypes extends BaseCommand {
    private static final String PATH = "/providers/Microsoft.ServiceLinker/configurationNames";

    @Option(
        names = {"-t", "--target-type"},
        paramLabel = "TYPE",
        description = "Only this target type (e.g. postgres-flexible, or an ARM type).")
    String targetType;

    @Option(
        names = "--client-type",
        paramLabel = "TYPE",
        description = "Only this client type.")
    String clientType;

    ListSupportTypes(CliEnvironment env) {
      super(env);
    }

    @Override
    protected int run() throws Exception {
      String ct = clientType == null ? null : ClientType.check(clientType);
      List<String> clauses = new ArrayList<>();
      if (targetType != null) {
        clauses.add("TargetService eq '" + TargetKind.armType(targetType) + "'");
      }
      if (ct != null) {
        clauses.add("clientType eq '" + ct + "'");
      }
      ArmClient c = client();
      URI uri =
          clauses.isEmpty()
              ? c.uri(PATH, ConnectionCommands.API_VERSION)
              : c.uri(
                  PATH, ConnectionCommands.API_VERSION, "$filter", String.join(" and ", clauses));
      emit(listAll(uri), Views::supportTypes);
      return 0;
    }
  }
}
