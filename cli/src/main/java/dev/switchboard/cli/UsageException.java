package dev.switchboard.cli;

/** Invalid command-line input detected by a command itself; reported like a picocli usage error (exit 2). */
final class UsageException extends Exception {
  UsageException(String message) {
    super(message, null, false, false);
  }
}
