package dev.switchboard.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code create|update <target>}: PUT (create) or PATCH (update, only the given fields). */
@Command(name = "upsert")
final class ConnectionUpsert extends LinkerCommand {
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

  @Option(
      names = "--delivery",
      split = ",",
      paramLabel = "MODE",
      description =
          "How the app gets the configuration, comma-separated: environment (the client type's"
              + " variables; the default), serviceBinding (files under $SERVICE_BINDING_ROOT),"
              + " connectionStrings (ConnectionStrings__<name>).")
  List<String> delivery;

  @Option(
      names = "--access",
      paramLabel = "JSON",
      description =
          "The least privilege the connection asks for, as JSON (properties.access): e.g."
              + " '{\"schema\":\"app\"}' (PostgreSQL), '{\"keyPattern\":\"app:*\"}' (Redis),"
              + " '{\"publish\":[\"orders.>\"]}' (NATS). See the README's targets table.")
  String access;

  @Mixin VaultOptions vault = new VaultOptions();

  @Mixin ConnectionOptions.Wait lro = new ConnectionOptions.Wait();

  final TargetKind targetKind;
  final boolean update;

  ConnectionUpsert(CliEnvironment env, SourceKind kind, TargetKind targetKind, boolean update) {
    super(env, kind);
    this.targetKind = targetKind;
    this.update = update;
  }

  @Override
  protected int run() throws Exception {
    String ct = clientType == null ? null : ClientType.check(clientType);
    boolean secretGiven = spec.commandLine().getParseResult().hasMatchedOption("--secret");
    ObjectNode auth = secretGiven ? secretAuth(secret == null ? List.of() : secret) : null;
    vault.check(auth != null && auth.has("secretInfo"));
    auth = vault.withSecretInfo(auth);
    linker.check(kind, update);
    target.check(targetKind);
    ObjectNode accessNode = access == null ? null : accessObject(access);
    Duration timeout = lro.timeout();
    checkDelivery();
    checkSomethingGiven(auth, ct, accessNode);

    ArmClient c = client();
    String sub = subscription();
    String linkerId = linker.linkerId(kind, sub, defaultName());
    ObjectNode body = Json.object();
    ObjectNode props = properties(sub, auth, ct);
    if (accessNode != null) {
      props.set("access", accessNode);
    }
    vault.addSecretStore(props);
    body.set("properties", props);

    URI uri = linkerUri(linkerId);
    ArmResponse r = c.call(update ? "PATCH" : "PUT", uri, body);
    if (lro.noWait) {
      emit(r.body(), Views::linkers);
      return 0;
    }
    emit(awaitResult(c, uri, r, timeout), Views::linkers);
    return 0;
  }

  /** A create needs a target; an update needs at least one thing to change. */
  private void checkSomethingGiven(ObjectNode auth, String ct, ObjectNode accessNode)
      throws UsageException {
    if (!update && !target.given()) {
      throw new UsageException(
          "give the target with --target-id ID, or --server SERVER --database DATABASE"
              + " [--target-resource-group RG]");
    }
    if (update
        && !target.given()
        && auth == null
        && ct == null
        && accessNode == null
        && !vault.given()
        && customizedKeys == null
        && additionalConfigs == null
        && delivery == null) {
      throw new UsageException(
          "nothing to update: give --target-id (or --server/--database), --secret,"
              + " --client-type, --access, --vault, --customized-keys, --additional-configs or --delivery");
    }
  }

  /** The request's {@code properties}: all of them for a create, the given ones for an update. */
  private ObjectNode properties(String sub, ObjectNode auth, String ct) throws UsageException {
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
    if (customizedKeys != null || additionalConfigs != null || delivery != null) {
      ObjectNode ci = props.putObject("configurationInfo");
      if (delivery != null) {
        delivery.forEach(ci.putArray("delivery")::add);
      }
      if (customizedKeys != null) {
        ObjectNode k = ci.putObject("customizedKeys");
        customizedKeys.forEach(k::put);
      }
      if (additionalConfigs != null) {
        ObjectNode a = ci.putObject("additionalConfigurations");
        additionalConfigs.forEach(a::put);
      }
    }
    return props;
  }

  /** {@code --delivery}: known modes, each once, so a typo is a usage error rather than a 400. */
  private void checkDelivery() throws UsageException {
    if (delivery == null) {
      return;
    }
    List<String> known = List.of("environment", "serviceBinding", "connectionStrings");
    if (delivery.isEmpty()
        || !known.containsAll(delivery)
        || delivery.stream().distinct().count() != delivery.size()) {
      throw new UsageException(
          "--delivery takes distinct modes from: environment, serviceBinding, connectionStrings");
    }
  }

  /** {@code --access}: a JSON object, checked here so a typo is a usage error, not a 400. */
  static ObjectNode accessObject(String json) throws UsageException {
    JsonNode node = Json.parseOrNull(json);
    if (!(node instanceof ObjectNode o)) {
      throw new UsageException("--access must be a JSON object, e.g. '{\"keyPattern\":\"app:*\"}'");
    }
    return o;
  }

  /** Waits for the operation the answer started, then reads the connection as it ended up. */
  private static JsonNode awaitResult(ArmClient c, URI uri, ArmResponse r, Duration timeout)
      throws CliException, InterruptedException {
    Lro l = new Lro(c, timeout);
    Optional<JsonNode> op = l.await(r);
    JsonNode result = c.get(uri).body();
    String state = Json.text(result, "properties", "provisioningState");
    if (op.isEmpty()) {
      result = l.awaitProvisioning(uri, result);
    } else if ("Failed".equalsIgnoreCase(state) || "Canceled".equalsIgnoreCase(state)) {
      throw Lro.provisioningFailed(result, state);
    }
    return result;
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
      if (key.equals("name")) {
        auth.put("name", value);
      } else {
        secretInfo = secretInfo(key, value, token.substring(0, eq));
      }
    }
    if (secretInfo != null) {
      auth.set("secretInfo", secretInfo);
    }
    return auth;
  }

  /** The {@code secretInfo} of one {@code secret=}, {@code secret-uri=} or {@code secret-name=}. */
  private static ObjectNode secretInfo(String key, String value, String givenKey)
      throws UsageException {
    return switch (key) {
      case "secret" -> Json.object().put("secretType", "rawValue").put("value", value);
      case "secret-uri" ->
          Json.object().put("secretType", "keyVaultSecretUri").put("value", value);
      case "secret-name" ->
          Json.object().put("secretType", "keyVaultSecretReference").put("name", value);
      default ->
          throw new UsageException(
              "--secret accepts name=, secret=, secret-uri=, secret-name=; got '"
                  + givenKey
                  + "='");
    };
  }
}
