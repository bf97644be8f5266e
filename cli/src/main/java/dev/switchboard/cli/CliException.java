package dev.switchboard.cli;

/** A failure reported to the user as one line on stderr, with the process exit code. */
final class CliException extends Exception {
  private final int exitCode;

  CliException(String line) {
    this(1, line);
  }

  CliException(int exitCode, String line) {
    super(line, null, false, false);
    this.exitCode = exitCode;
  }

  int exitCode() {
    return exitCode;
  }

  /** {@code error: <code>: <message>} on one line. */
  static CliException of(String code, String message) {
    return new CliException("error: " + code + ": " + oneLine(message));
  }

  static String oneLine(String s) {
    if (s == null) {
      return "";
    }
    return s.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
  }
}
