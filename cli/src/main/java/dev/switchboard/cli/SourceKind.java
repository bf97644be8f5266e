package dev.switchboard.cli;

/** The kinds of connection sources the CLI has a command group for. */
enum SourceKind {
  CONTAINER_APP("containerapp", "Microsoft.App/containerApps", "container app"),
  WEB_APP("webapp", "Microsoft.Web/sites", "web app"),
  /** {@code connection …}: any source, addressed by {@code --source-id} only. */
  ANY("connection", null, "resource");

  final String command;
  /** ARM type used to build a source ID from {@code -g/-n}; {@code null} when not applicable. */
  final String resourceType;

  final String noun;

  SourceKind(String command, String resourceType, String noun) {
    this.command = command;
    this.resourceType = resourceType;
    this.noun = noun;
  }
}
