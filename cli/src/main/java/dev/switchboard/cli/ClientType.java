package dev.switchboard.cli;

import java.util.List;

/** The client types a connection may declare (the app's language or framework). */
final class ClientType {
  static final List<String> VALUES =
      List.of(
          "none", "dotnet", "java", "python", "go", "php", "ruby", "django", "nodejs", "springBoot");

  private ClientType() {}

  /** The canonical spelling of a client type (case-insensitive match), or a usage error. */
  static String check(String value) throws UsageException {
    for (String v : VALUES) {
      if (v.equalsIgnoreCase(value)) {
        return v;
      }
    }
    throw new UsageException(
        "invalid --client-type '"
            + value
            + "' (expected one of: "
            + String.join(", ", VALUES)
            + ")");
  }
}
