package dev.switchboard.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code <source> connection …}: the connection (linker) commands, built once per source kind
 * ({@code containerapp}, {@code webapp}, or {@code connection} for any source ID).
 */
final class ConnectionCommands {
  static final String API_VERSION = "2024-04-01";

  private ConnectionCommands() {}

  /** {@code containerapp} / {@code webapp} (holding {@code connection}), or {@code connection}. */
  static CommandLine tree(CliEnvironment env, SourceKind kind) {
    CommandLine create =
        GroupNode.of(env, "create", "Create a connection from a " + kind.noun + " to a target.");
    CommandLine update =
        GroupNode.of(env, "update", "Update a connection of a " + kind.noun + ".");
    for (TargetKind t : TargetKind.values()) {
      create.addSubcommand(
          GroupNode.leaf(
              new Upsert(env, kind, t, false),
              t.command,
              "Create a connection from a " + kind.noun + " to a " + t.product + " database.",
              "Waits for it to be ready unless --no-wait, then prints it."));
      update.addSubcommand(
          GroupNode.leaf(
              new Upsert(env, kind, t, true),
              t.command,
              "Update a connection to a " + t.product + " database.",
              "Only the options given are changed."));
    }
    CommandLine connection =
        GroupNode.of(
            env,
            "connection",
            kind == SourceKind.ANY
                ? "Manage connections of any source, addressed by --source-id or --id."
                : "Manage connections of a " + kind.noun + " (" + kind.resourceType + ").",
            create,
            update,
            GroupNode.leaf(new ListCmd(env, kind), "list", "List the connections of a " + kind.noun + "."),
            GroupNode.leaf(new Show(env, kind), "show", "Show a connection."),
            GroupNode.leaf(
                new Delete(env, kind),
                "delete",
                "Delete a connection (asks for confirmation on a terminal unless --yes)."),
            GroupNode.leaf(
                new Validate(env, kind),
                "validate",
                "Validate a connection; exits 0 when the connection is available, else 1."),
            GroupNode.leaf(
                new ListConfiguration(env, kind),
                "list-configuration",
                "List the configuration a connection gives its source."),
            GroupNode.leaf(
                new ListSupportTypes(env),
                "list-support-types",
                "List the supported target types, client types and auth types."),
            GroupNode.leaf(
                new Wait(env, kind), "wait", "Wait until a connection meets a condition."));
    if (kind == SourceKind.ANY) {
      return connection;
    }
    return GroupNode.of(
        env, kind.command, "Commands for " + kind.noun + "s (" + kind.resourceType + ").", connection);
  }

  /** Base of the commands that address one connection. */
  abstract static class OnLinker extends BaseCommand {
    @Mixin ConnectionOptions.Linker linker = new ConnectionOptions.Linker();
    final SourceKind kind;

    OnLinker(CliEnvironment env, SourceKind kind) {
      super(env);
      this.kind = kind;
    }

    /** Checks the addressing options and resolves the connection ID (reading server.json). */
    String linkerId() throws UsageException, CliException {
      linker.check(kind, true);
      String sub = linker.needsSubscription() ? subscription() : null;
      return linker.linkerId(kind, sub, null);
    }

    URI linkerUri(String linkerId) throws CliException {
      return client().uri(linkerId, API_VERSION);
    }

    static String linkerName(String linkerId) {
      return Ids.lastSegment(linkerId);
    }
  }

  /** {@code create|update <target>}: PUT (create) or PATCH (update, only the given fields). */
  @Command(name = "upsert")
  static final class Upsert extends OnLinker {
    @Mixin ConnectionOptions.Target target = new ConnectionOptions.Target();

    @Option(
        names = "--secret",
        arity = "0..*",
        paramLabel = "KEY=VALUE",
        description =
            "Secret (user/password) auth: name=USER secret=PASSWORD (or secret-uri=URI,"
                + " secret-name=NAME for a secret store reference). Without values the server"
                + " generates the credential.")
    List<String> secret;

    @Option(
        names = "--client-type",
        paramLabel = "TYPE",
        description =
            "Client type of the app: none, dotnet, java, python, go, php, ruby, django, nodejs,"
                + " springBoot (create default: none).")
    String clientType;

    @Option(
        names = "--customized-keys",
        arity = "1..*",
        paramLabel = "KEY=NAME",
        description = "Rename configuration keys: DEFAULT_KEY=CUSTOM_KEY ...")
    Map<String, String> customizedKeys;

    @Option(
        names = "--additional-configs",
        arity = "1..*",
        paramLabel = "KEY=VALUE",
        description = "Additional configuration entries for the app: KEY=VALUE ...")
    Map<String, String> additionalConfigs;

    @Mixin ConnectionOptions.Wait lro = new ConnectionOptions.Wait();

    final TargetKind targetKind;
    final boolean update;

    Upsert(CliEnvironment env, SourceKind kind, TargetKind targetKind, boolean update) {
      super(env, kind);
      this.targetKind = targetKind;
      this.update = update;
    }

    @Override
    protected int run() throws Exception {
      String ct = clientType == null ? null : ClientType.check(clientType);
      boolean secretGiven = spec.commandLine().getParseResult().hasMatchedOption("--secret");
      ObjectNode auth = secretGiven ? secretAuth(secret == null ? List.of() : secret) : null;
      linker.check(kind, update);
      target.check();
      Duration timeout = lro.timeout();
      if (!update && !target.given()) {
        throw new UsageException(
            "give the target with --target-id ID, or --server SERVER --database DATABASE"
                + " [--target-resource-group RG]");
      }
      if (update
          && !target.given()
          && auth == null
          && ct == null
          && customizedKeys == null
          && additionalConfigs == null) {
        throw new UsageException(
            "nothing to update: give --target-id (or --server/--database), --secret,"
                + " --client-type, --customized-keys or --additional-configs");
      }

      ArmClient c = client();
      String sub = subscription();
      String linkerId = linker.linkerId(kind, sub, defaultName());
      ObjectNode props = Json.object();
      if (target.given()) {
        ObjectNode ts = props.putObject("targetService");
        ts.put("type", "AzureResource");
        ts.put("id", target.id(targetKind, sub, linker.sourceGroup(kind, sub)));
      }
      if (auth == null && !update) {
        auth = Json.object().put("authType", "secret");
      }
      if (auth != null) {
        props.set("authInfo", auth);
      }
      if (ct != null || !update) {
        props.put("clientType", ct != null ? ct : "none");
      }
      if (customizedKeys != null || additionalConfigs != null) {
        ObjectNode ci = props.putObject("configurationInfo");
        if (customizedKeys != null) {
          ObjectNode k = ci.putObject("customizedKeys");
          customizedKeys.forEach(k::put);
        }
        if (additionalConfigs != null) {
          ObjectNode a = ci.putObject("additionalConfigurations");
          additionalConfigs.forEach(a::put);
        }
      }
      ObjectNode body = Json.object();
      body.set("properties", props);

      URI uri = linkerUri(linkerId);
      ArmResponse r = c.call(update ? "PATCH" : "PUT", uri, body);
      if (lro.noWait) {
        emit(r.body(), Views::linkers);
        return 0;
      }
      Lro l = new Lro(c, timeout);
      Optional<JsonNode> op = l.await(r);
      JsonNode result = c.get(uri).body();
      String state = Json.text(result, "properties", "provisioningState");
      if (op.isEmpty()) {
        result = l.awaitProvisioning(uri, result);
      } else if ("Failed".equalsIgnoreCase(state) || "Canceled".equalsIgnoreCase(state)) {
        throw Lro.provisioningFailed(result, state);
      }
      emit(result, Views::linkers);
      return 0;
    }

    private String defaultName() {
      byte[] b = new byte[3];
      ThreadLocalRandom.current().nextBytes(b);
      return targetKind.command.replace('-', '_') + "_" + HexFormat.of().formatHex(b);
    }

    /** {@code name=USER secret=PASS} (or secret-uri= / secret-name=) → authInfo. */
    static ObjectNode secretAuth(List<String> tokens) throws UsageException {
      ObjectNode auth = Json.object().put("authType", "secret");
      ObjectNode secretInfo = null;
      for (String token : tokens) {
        int eq = token.indexOf('=');
        if (eq <= 0) {
          throw new UsageException(
              "--secret expects name=USER secret=PASSWORD, got '" + token + "'");
        }
        String key = token.substring(0, eq).toLowerCase(Locale.ROOT);
        String value = token.substring(eq + 1);
        if (secretInfo != null && !key.equals("name")) {
          throw new UsageException("--secret takes only one of secret=, secret-uri=, secret-name=");
        }
        switch (key) {
          case "name" -> auth.put("name", value);
          case "secret" ->
              secretInfo = Json.object().put("secretType", "rawValue").put("value", value);
          case "secret-uri" ->
              secretInfo =
                  Json.object().put("secretType", "keyVaultSecretUri").put("value", value);
          case "secret-name" ->
              secretInfo =
                  Json.object().put("secretType", "keyVaultSecretReference").put("name", value);
          default ->
              throw new UsageException(
                  "--secret accepts name=, secret=, secret-uri=, secret-name=; got '"
                      + token.substring(0, eq)
                      + "='");
        }
      }
      if (secretInfo != null) {
        auth.set("secretInfo", secretInfo);
      }
      return auth;
    }
  }

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
      String sourceId = source.id(kind, sub);
      ArrayNode all =
          listAll(client().uri(sourceId + "/providers/Microsoft.ServiceLinker/linkers", API_VERSION));
      emit(all, Views::linkers);
      return 0;
    }
  }

  @Command(name = "show")
  static final class Show extends OnLinker {
    Show(CliEnvironment env, SourceKind kind) {
      super(env, kind);
    }

    @Override
    protected int run() throws Exception {
      String id = linkerId();
      emit(client().get(linkerUri(id)).body(), Views::linkers);
      return 0;
    }
  }

  @Command(name = "delete")
  static final class Delete extends OnLinker {
    @Option(
        names = {"-y", "--yes"},
        description = "Do not ask for confirmation.")
    boolean yes;

    @Mixin ConnectionOptions.Wait lro = new ConnectionOptions.Wait();

    Delete(CliEnvironment env, SourceKind kind) {
      super(env, kind);
    }

    @Override
    protected int run() throws Exception {
      Duration timeout = lro.timeout();
      String id = linkerId();
      String name = linkerName(id);
      ArmClient c = client();
      if (!confirm(yes, "Delete connection '" + name + "'?")) {
        env.err().println("error: deletion cancelled");
        return 1;
      }
      ArmResponse r = c.call("DELETE", linkerUri(id), null);
      if (lro.noWait) {
        note("Deletion of connection '" + name + "' accepted.");
        return 0;
      }
      new Lro(c, timeout).await(r);
      note("Deleted connection '" + name + "'.");
      return 0;
    }
  }

  @Command(name = "validate")
  static final class Validate extends OnLinker {
    @Option(
        names = "--timeout",
        paramLabel = "SECONDS",
        defaultValue = "300",
        description = "How long to wait for the validation (default: ${DEFAULT-VALUE} s).")
    int timeoutSeconds;

    Validate(CliEnvironment env, SourceKind kind) {
      super(env, kind);
    }

    @Override
    protected int run() throws Exception {
      if (timeoutSeconds <= 0) {
        throw new UsageException("--timeout must be a positive number of seconds");
      }
      String id = linkerId();
      ArmClient c = client();
      URI uri = c.uri(id + "/validateLinker", API_VERSION);
      ArmResponse r = c.call("POST", uri, null);
      JsonNode result = r.body();
      if (r.status() == 202) {
        Lro l = new Lro(c, Duration.ofSeconds(timeoutSeconds));
        Optional<String> location = r.header("Location");
        if (location.isPresent()) {
          result = l.awaitLocation(c.follow(location.get(), uri), r);
        } else if (r.header("Azure-AsyncOperation").isPresent()) {
          result = l.awaitStatus(c.follow(r.header("Azure-AsyncOperation").get(), uri), r);
        }
      }
      if (!result.path("properties").has("isConnectionAvailable")) {
        throw CliException.of(
            "InvalidResponse", "the server returned no validation result for '" + linkerName(id) + "'");
      }
      emit(result, Views::validation);
      if (result.path("properties").path("isConnectionAvailable").asBoolean(false)) {
        return 0;
      }
      env.err()
          .println(
              "error: ConnectionNotAvailable: connection '"
                  + linkerName(id)
                  + "' did not pass validation");
      return 1;
    }
  }

  @Command(name = "list-configuration")
  static final class ListConfiguration extends OnLinker {
    ListConfiguration(CliEnvironment env, SourceKind kind) {
      super(env, kind);
    }

    @Override
    protected int run() throws Exception {
      String id = linkerId();
      ArmClient c = client();
      JsonNode body = c.call("POST", c.uri(id + "/listConfigurations", API_VERSION), null).body();
      emit(body, Views::configurations);
      return 0;
    }
  }

  @Command(name = "list-support-types")
  static final class ListSupportTypes extends BaseCommand {
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
              ? c.uri("/providers/Microsoft.ServiceLinker/configurationNames", API_VERSION)
              : c.uri(
                  "/providers/Microsoft.ServiceLinker/configurationNames",
                  API_VERSION,
                  "$filter",
                  String.join(" and ", clauses));
      emit(listAll(uri), Views::supportTypes);
      return 0;
    }
  }

  @Command(name = "wait")
  static final class Wait extends OnLinker {
    static final class Condition {
      @Option(names = "--created", description = "Wait until created and provisioned.")
      boolean created;

      @Option(names = "--updated", description = "Wait until provisioned after an update.")
      boolean updated;

      @Option(names = "--deleted", description = "Wait until deleted.")
      boolean deleted;

      @Option(names = "--exists", description = "Wait until it exists (in any state).")
      boolean exists;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Condition condition;

    @Option(
        names = "--interval",
        paramLabel = "SECONDS",
        defaultValue = "1",
        description = "Polling interval in seconds (default: ${DEFAULT-VALUE}).")
    double intervalSeconds;

    @Option(
        names = "--timeout",
        paramLabel = "SECONDS",
        defaultValue = "300",
        description = "Maximum wait in seconds (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    Wait(CliEnvironment env, SourceKind kind) {
      super(env, kind);
    }

    @Override
    protected int run() throws Exception {
      if (intervalSeconds <= 0 || timeoutSeconds <= 0) {
        throw new UsageException("--interval and --timeout must be positive");
      }
      String id = linkerId();
      ArmClient c = client();
      URI uri = linkerUri(id);
      Duration interval = Duration.ofMillis(Math.max(10, (long) (intervalSeconds * 1000)));
      Instant deadline = Instant.now().plusSeconds(timeoutSeconds);
      while (true) {
        ArmResponse r = c.exchange("GET", uri, null);
        if (r.status() == 404) {
          if (condition.deleted) {
            return 0;
          }
        } else if (!r.ok()) {
          throw c.failure(r);
        } else if (condition.exists) {
          return 0;
        } else if (!condition.deleted) {
          String state = Json.text(r.body(), "properties", "provisioningState");
          if (state == null || state.equalsIgnoreCase("Succeeded")) {
            return 0;
          }
          if (state.equalsIgnoreCase("Failed") || state.equalsIgnoreCase("Canceled")) {
            throw Lro.provisioningFailed(r.body(), state);
          }
        }
        Duration left = Duration.between(Instant.now(), deadline);
        if (left.isNegative() || left.isZero()) {
          throw CliException.of(
              "Timeout",
              "connection '"
                  + linkerName(id)
                  + "' did not meet the condition within "
                  + timeoutSeconds
                  + " s");
        }
        Thread.sleep(left.compareTo(interval) < 0 ? left : interval);
      }
    }
  }
}
