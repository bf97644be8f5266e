package dev.switchboard.cli;

import java.net.URI;
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

  static String linkerName(String linkerId) {
    return Ids.lastSegment(linkerId);
  }
}
