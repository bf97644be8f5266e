package dev.switchboard.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Runs the CLI in-process against a data directory pointing at a {@link FakeArm}. */
final class CliHarness {
  static final String SUB = "11111111-2222-3333-4444-555555555555";
  static final String TOKEN = "tok-123";

  record Result(int exitCode, String out, String err) {
    @Override
    public String toString() {
      return "exit=" + exitCode + "\n--- out:\n" + out + "--- err:\n" + err;
    }
  }

  final Path dataDir;
  boolean terminal;
  String stdin;
  /** What {@code SWITCHBOARD_TOKEN} would give, or null. */
  String envToken;

  CliHarness(Path dataDir, String url) {
    this.dataDir = dataDir;
    try {
      Files.createDirectories(dataDir);
      Files.writeString(
          dataDir.resolve("server.json"),
          "{\"url\":\"" + url + "\",\"subscriptionId\":\"" + SUB + "\"}");
      Files.writeString(dataDir.resolve("token"), TOKEN + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CliEnvironment env =
        new CliEnvironment(
            dataDir,
            null,
            envToken,
            terminal,
            new PrintWriter(out, true),
            new PrintWriter(err, true),
            stdin == null ? null : new BufferedReader(new StringReader(stdin)));
    int code = CliEntry.commandLine(env).execute(args);
    return new Result(code, out.toString(), err.toString());
  }
}
