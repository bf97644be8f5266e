package dev.switchboard.cli;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.file.Path;

/**
 * Process entry point of the standalone {@code switchboard} CLI. This is the only class of the CLI
 * that reads environment variables.
 */
public final class CliMain {

  private CliMain() {}

  public static void main(String[] args) {
    System.exit(CliEntry.commandLine(environment()).execute(args));
  }

  /**
   * The environment of this process: {@code SWITCHBOARD_DATA_DIR} (default {@code
   * $HOME/.switchboard}), {@code SWITCHBOARD_URL} and {@code SWITCHBOARD_TOKEN} (optional), and
   * whether a console is attached.
   */
  public static CliEnvironment environment() {
    String dataDir = System.getenv("SWITCHBOARD_DATA_DIR");
    Path dir;
    if (dataDir != null && !dataDir.isBlank()) {
      dir = Path.of(dataDir);
    } else {
      String home = System.getenv("HOME");
      if (home == null || home.isBlank()) {
        home = System.getProperty("user.home");
      }
      dir = Path.of(home, ".switchboard");
    }
    boolean terminal = System.console() != null;
    PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, System.out.charset()), true);
    PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, System.err.charset()), true);
    BufferedReader in = terminal ? new BufferedReader(new InputStreamReader(System.in)) : null;
    return new CliEnvironment(
        dir,
        System.getenv("SWITCHBOARD_URL"),
        System.getenv("SWITCHBOARD_TOKEN"),
        terminal,
        out,
        err,
        in);
  }
}
