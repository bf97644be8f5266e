package dev.switchboard.cli;

import picocli.CommandLine.Option;

/** Which app a command is about: {@code -g} and {@code -n}, or its {@code --id}. A picocli mixin. */
final class AppAddress {
  @Option(names = {"-g", "--resource-group"}, description = "The app's resource group.")
  String group;

  @Option(names = {"-n", "--name"}, description = "The app's name.")
  String name;

  @Option(names = "--id", description = "The app's resource ID (instead of -g and -n).")
  String id;

  String appId(String subscription, SourceKind kind) throws UsageException {
    if (id != null) {
      if (group != null || name != null) {
        throw new UsageException("give either --id or -g and -n");
      }
      return id;
    }
    if (group == null || name == null) {
      throw new UsageException("give -g and -n (or --id)");
    }
    return "/subscriptions/" + subscription + "/resourceGroups/" + group + "/providers/" + kind.resourceType + "/" + name;
  }
}
