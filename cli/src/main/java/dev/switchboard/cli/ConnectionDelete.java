package dev.switchboard.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code connection delete}: asks for confirmation on a terminal unless {@code --yes}. */
@Command(name = "delete")
final class ConnectionDelete extends LinkerCommand {
  @Option(
      names = {"-y", "--yes"},
      description = "Do not ask for confirmation.")
  boolean yes;

  @Mixin ConnectionOptions.Wait lro = new ConnectionOptions.Wait();

  ConnectionDelete(CliEnvironment env, SourceKind kind) {
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
    Optional<JsonNode> status = new Lro(c, timeout).await(r);
    note("Deleted connection '" + name + "'.");
    // What the delete found on the target (a login already removed by hand) is said, not hidden.
    status.ifPresent(s -> s.path("properties").path("notes").forEach(n -> note("Note: " + n.asText())));
    return 0;
  }
}
