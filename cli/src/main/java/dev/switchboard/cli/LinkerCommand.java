package dev.switchboard.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import picocli.CommandLine.Mixin;

/** Base of the connection commands that address one connection. */
abstract class LinkerCommand extends BaseCommand {
  @Mixin ConnectionOptions.Linker linker = new ConnectionOptions.Linker();
  final SourceKind kind;

  LinkerCommand(CliEnvironment env, SourceKind kind) {
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
    return client().uri(linkerId, ConnectionCommands.API_VERSION);
  }

  /** The connection's events, newest first ({@code {"value": [...]}}). */
  JsonNode events(String linkerId, int top) throws CliException, InterruptedException {
    ArmClient c = client();
    return c.get(c.uri(linkerId + "/events", ConnectionCommands.API_VERSION, "top", Integer.toString(top))).body();
  }

  /** POSTs one of the connection's actions and, when it answers 202, waits for the operation's result. */
  JsonNode postAction(String linkerId, String action, Duration timeout)
      throws CliException, InterruptedException {
    ArmClient c = client();
    URI uri = c.uri(linkerId + "/" + action, ConnectionCommands.API_VERSION);
    ArmResponse r = c.call("POST", uri, null);
    if (r.status() != 202) {
      return r.body();
    }
    Lro l = new Lro(c, timeout);
    Optional<String> location = r.header("Location");
    if (location.isPresent()) {
      return l.awaitLocation(c.follow(location.get(), uri), r);
    }
    Optional<String> status = r.header("Azure-AsyncOperation");
    return status.isPresent() ? l.awaitStatus(c.follow(status.get(), uri), r) : r.body();
  }

  static String linkerName(String linkerId) {
    return Ids.lastSegment(linkerId);
  }
}
