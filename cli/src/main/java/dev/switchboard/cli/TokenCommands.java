package dev.switchboard.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code token create|list|show|delete}: access tokens ({@code Switchboard.Access/tokens}). Only
 * an Owner may use them, for tokens at or under its own scope.
 */
final class TokenCommands {
  static final String API_VERSION = "2024-04-01";
  static final List<String> ROLES = List.of("Reader", "Contributor", "Owner");

  private TokenCommands() {}

  static CommandLine tree(CliEnvironment env) {
    return GroupNode.of(
        env,
        "token",
        "Manage access tokens (Owner only, at or under the Owner's scope).",
        GroupNode.leaf(
            new Create(env),
            "create",
            "Create a token; its value is printed once and cannot be shown again."),
        GroupNode.leaf(new ListCmd(env), "list", "List the tokens you may manage (never their values)."),
        GroupNode.leaf(new Show(env), "show", "Show a token (never its value)."),
        GroupNode.leaf(
            new Delete(env),
            "delete",
            "Delete a token: it stops working at once (asks on a terminal unless --yes)."));
  }

  static String path(String name) {
    return "/providers/Switchboard.Access/tokens" + (name == null ? "" : "/" + name);
  }

  /** The token name option. */
  static final class Name {
    @Option(
        names = {"-n", "--name"},
        required = true,
        paramLabel = "NAME",
        description = "Name of the token (1-64 letters, digits, '.', '_', '-').")
    String name;
  }

  @Command(name = "create")
  static final class Create extends BaseCommand {
    @Mixin Name name = new Name();

    @Option(
        names = "--role",
        required = true,
        paramLabel = "ROLE",
        description = "Reader, Contributor or Owner.")
    String role;

    @Option(
        names = "--scope",
        paramLabel = "ID",
        description =
            "Subscription, resource group or resource ID the token is limited to"
                + " (default: everything; only an Owner of everything may omit it).")
    String scope;

    Create(CliEnvironment env) {
      super(env);
    }

    @Override
    protected int run() throws Exception {
      ObjectNode properties = Json.object().put("role", role(role));
      if (scope != null) {
        properties.put("scope", scope);
      }
      ArmClient c = client();
      JsonNode created =
          c.call("PUT", c.uri(path(name.name), API_VERSION), Json.object().set("properties", properties))
              .body();
      env.err().println("warning: this is the only time the token is shown; store it now.");
      if (format() == OutputFormat.json) {
        Json.print(env.out(), created);
      } else {
        env.out().println(Json.text(created, "properties", "token"));
      }
      return 0;
    }

    /** The role as the server spells it; a usage error for anything else. */
    private static String role(String given) throws UsageException {
      for (String r : ROLES) {
        if (r.toLowerCase(Locale.ROOT).equals(given.strip().toLowerCase(Locale.ROOT))) {
          return r;
        }
      }
      throw new UsageException(
          "--role must be one of " + String.join(", ", ROLES) + ", not '" + given + "'");
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
      emit(listAll(c.uri(path(null), API_VERSION)), Views::tokens);
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
      emit(c.get(c.uri(path(name.name), API_VERSION)).body(), Views::tokens);
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

    Delete(CliEnvironment env) {
      super(env);
    }

    @Override
    protected int run() throws Exception {
      ArmClient c = client();
      if (!confirm(yes, "Delete token '" + name.name + "'? Whoever uses it loses access at once.")) {
        env.err().println("error: deletion cancelled");
        return 1;
      }
      ArmResponse r = c.call("DELETE", c.uri(path(name.name), API_VERSION), null);
      note(r.status() == 204 ? "No token '" + name.name + "' to delete." : "Deleted token '" + name.name + "'.");
      return 0;
    }
  }
}
