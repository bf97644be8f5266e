package dev.switchboard.cli;

import java.time.Duration;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Option groups shared by the connection commands. */
final class ConnectionOptions {
  private ConnectionOptions() {}

  static final String SOURCE_HINT = "give the source with --source-id ID, or -g RESOURCE_GROUP -n NAME";

  /** The connection's source: {@code --source-id}, or {@code -g/-n} for a known source type. */
  static final class Source {
    @Option(
        names = "--source-id",
        paramLabel = "ID",
        description = "Resource ID of the source (the app).")
    String sourceId;

    @Option(
        names = {"-g", "--resource-group"},
        paramLabel = "RG",
        description = "Resource group of the app (with -n).")
    String resourceGroup;

    @Option(
        names = {"-n", "--name"},
        paramLabel = "APP",
        description = "Name of the app (with -g).")
    String name;

    boolean given() {
      return sourceId != null || resourceGroup != null || name != null;
    }

    void check(SourceKind kind) throws UsageException {
      if (sourceId != null) {
        if (resourceGroup != null || name != null) {
          throw new UsageException("give either --source-id or -g/-n, not both");
        }
        if (sourceId.isBlank()) {
          throw new UsageException("--source-id is empty");
        }
        return;
      }
      if (kind.resourceType == null) {
        throw new UsageException(
            "give the source with --source-id ID (-g/-n need a source type: use 'containerapp"
                + " connection' or 'webapp connection')");
      }
      if (resourceGroup == null || name == null) {
        throw new UsageException(SOURCE_HINT);
      }
    }

    boolean needsSubscription() {
      return sourceId == null;
    }

    /** Call after {@link #check}. */
    String id(SourceKind kind, String subscription) {
      if (sourceId != null) {
        return Ids.normalize(sourceId);
      }
      return Ids.resourceGroupPath(subscription, resourceGroup)
          + "/providers/"
          + kind.resourceType
          + "/"
          + name;
    }
  }

  /** A connection: {@code --id}, or {@code --connection} with its source. */
  static final class Linker {
    @Option(
        names = "--id",
        paramLabel = "LINKER_ID",
        description =
            "Resource ID of the connection"
                + " ({sourceId}/providers/Microsoft.ServiceLinker/linkers/{name}).")
    String id;

    @Option(names = "--connection", paramLabel = "NAME", description = "Name of the connection.")
    String connection;

    @Mixin Source source = new Source();

    /**
     * Checks the addressing options. With {@code nameRequired} false, {@code --connection} may be
     * omitted (a name is generated).
     */
    void check(SourceKind kind, boolean nameRequired) throws UsageException {
      if (id != null) {
        if (connection != null || source.given()) {
          throw new UsageException(
              "give either --id, or --connection with --source-id or -g/-n, not both");
        }
        if (Ids.splitLinker(id).isEmpty()) {
          throw new UsageException(
              "--id must be a connection ID ending in"
                  + " /providers/Microsoft.ServiceLinker/linkers/NAME, got '"
                  + id
                  + "'");
        }
        return;
      }
      if (connection == null && nameRequired) {
        throw new UsageException(
            "give the connection with --id LINKER_ID, or --connection NAME with --source-id ID"
                + " or -g RESOURCE_GROUP -n NAME");
      }
      if (connection != null && !connection.matches("[A-Za-z0-9._]{1,60}")) {
        throw new UsageException(
            "--connection must be 1 to 60 letters, digits, '.' or '_', got '" + connection + "'");
      }
      source.check(kind);
    }

    boolean needsSubscription() {
      return id == null && source.needsSubscription();
    }

    /** Call after {@link #check}. */
    String linkerId(SourceKind kind, String subscription, String defaultName) {
      if (id != null) {
        return Ids.normalize(id);
      }
      return Ids.linkerId(source.id(kind, subscription), connection != null ? connection : defaultName);
    }

    /** The resource group of the source, when known. */
    String sourceGroup(SourceKind kind, String subscription) {
      if (id == null && source.resourceGroup != null) {
        return source.resourceGroup;
      }
      return Ids.resourceGroup(linkerId(kind, subscription, "x")).orElse(null);
    }
  }

  /** The target: {@code --target-id}, or server/database (and group) of a known target type. */
  static final class Target {
    @Option(names = "--target-id", paramLabel = "ID", description = "Resource ID of the target.")
    String targetId;

    @Option(
        names = {"--target-resource-group", "--tg"},
        paramLabel = "RG",
        description = "Resource group of the target server (default: the app's).")
    String resourceGroup;

    @Option(names = "--server", paramLabel = "SERVER", description = "Name of the target server.")
    String server;

    @Option(
        names = {"--database", "--vhost"},
        paramLabel = "NAME",
        description =
            "Name of the database (RabbitMQ: the vhost) on the target server; not used for"
                + " targets that are the server itself (redis, mqtt, nats, kafka).")
    String database;

    boolean given() {
      return targetId != null || resourceGroup != null || server != null || database != null;
    }

    void check() throws UsageException {
      if (targetId != null) {
        if (resourceGroup != null || server != null || database != null) {
          throw new UsageException(
              "give either --target-id, or --server/--database [--target-resource-group], not"
                  + " both");
        }
        if (targetId.isBlank()) {
          throw new UsageException("--target-id is empty");
        }
        return;
      }
      if (given() && server == null) {
        throw new UsageException(
            "give the target with --target-id ID, or --server SERVER [--database NAME]"
                + " [--target-resource-group RG]");
      }
    }

    /** A kind whose connections target a child (database, vhost) needs its name. */
    void check(TargetKind kind) throws UsageException {
      check();
      if (targetId != null || !given()) {
        return;
      }
      if (kind.childType != null && database == null) {
        throw new UsageException(
            "give the "
                + kind.product
                + " target with --target-id ID, or --server SERVER --database NAME"
                + " [--target-resource-group RG]");
      }
      if (kind.childType == null && database != null) {
        throw new UsageException(
            "a " + kind.product + " connection targets the server itself: drop --database");
      }
    }

    /** Call after {@link #check} when {@link #given}. */
    String id(TargetKind kind, String subscription, String defaultGroup) throws UsageException {
      if (targetId != null) {
        return Ids.normalize(targetId);
      }
      String group = resourceGroup != null ? resourceGroup : defaultGroup;
      if (group == null) {
        throw new UsageException("give the target's resource group with --target-resource-group");
      }
      String serverId =
          Ids.resourceGroupPath(subscription, group) + "/providers/" + kind.serverType + "/" + server;
      return kind.childType == null ? serverId : serverId + "/" + kind.childType + "/" + database;
    }
  }

  /** Waiting for long-running operations. */
  static final class Wait {
    @Option(
        names = "--no-wait",
        description = "Do not wait for the operation to finish; print what the server accepted.")
    boolean noWait;

    @Option(
        names = "--timeout",
        paramLabel = "SECONDS",
        defaultValue = "300",
        description = "How long to wait for the operation (default: ${DEFAULT-VALUE} s).")
    int timeoutSeconds;

    Duration timeout() throws UsageException {
      if (timeoutSeconds <= 0) {
        throw new UsageException("--timeout must be a positive number of seconds");
      }
      return Duration.ofSeconds(timeoutSeconds);
    }
  }
}
