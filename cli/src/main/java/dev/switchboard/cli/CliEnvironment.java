package dev.switchboard.cli;

import java.io.BufferedReader;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Everything the CLI needs from the process it runs in, passed explicitly so that tests (and the
 * {@code app} launcher) can build it without touching environment variables.
 *
 * @param dataDir the Switchboard data directory holding {@code server.json} and {@code token}
 *     (overridable per command with {@code --data-dir})
 * @param urlOverride the server URL to use instead of the one in {@code server.json}, or {@code
 *     null} (overridable per command with {@code --url})
 * @param tokenOverride the access token to use instead of the data directory's {@code token}
 *     file, or {@code null} (overridable per command with {@code --token})
 * @param stdoutIsTerminal whether stdout is an interactive terminal: selects the default output
 *     format (table on a terminal, JSON otherwise) and whether destructive commands may prompt
 * @param out standard output
 * @param err standard error
 * @param stdin where confirmation answers are read from, or {@code null} when the CLI must never
 *     prompt
 */
public record CliEnvironment(
    Path dataDir,
    String urlOverride,
    String tokenOverride,
    boolean stdoutIsTerminal,
    PrintWriter out,
    PrintWriter err,
    BufferedReader stdin) {

  public CliEnvironment {
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(out, "out");
    Objects.requireNonNull(err, "err");
    if (urlOverride != null && urlOverride.isBlank()) {
      urlOverride = null;
    }
    if (tokenOverride != null && tokenOverride.isBlank()) {
      tokenOverride = null;
    }
  }

  /** An environment with the data directory's own token. */
  public CliEnvironment(
      Path dataDir,
      String urlOverride,
      boolean stdoutIsTerminal,
      PrintWriter out,
      PrintWriter err,
      BufferedReader stdin) {
    this(dataDir, urlOverride, null, stdoutIsTerminal, out, err, stdin);
  }

  /** An environment that never prompts (no stdin). */
  public CliEnvironment(
      Path dataDir, String urlOverride, boolean stdoutIsTerminal, PrintWriter out, PrintWriter err) {
    this(dataDir, urlOverride, null, stdoutIsTerminal, out, err, null);
  }
}
