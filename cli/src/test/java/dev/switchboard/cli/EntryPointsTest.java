package dev.switchboard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.cli.FakeArm.Reply;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;

class EntryPointsTest {
  @TempDir Path tmp;

  @Command(name = "app")
  static final class ForeignRoot implements Runnable {
    @Override
    public void run() {}
  }

  CliEnvironment env(StringWriter out, StringWriter err, String url) {
    return new CliEnvironment(tmp, url, false, new PrintWriter(out, true), new PrintWriter(err, true));
  }

  @Test
  void subcommandsAreTheTopLevelCommands() {
    var env = env(new StringWriter(), new StringWriter(), null);
    List<String> names =
        CliEntry.subcommands(env).stream()
            .map(o -> ((CommandLine) o).getCommandName())
            .toList();
    assertThat(names).containsExactly("containerapp", "webapp", "connection", "group", "deployment", "resource", "token", "audit");
    assertThat(CliEntry.commandLine(env).getSubcommands().keySet())
        .containsExactly("containerapp", "webapp", "connection", "group", "deployment", "resource", "token", "audit");
  }

  @Test
  void subcommandsWorkWhenMountedUnderAnotherRootAndUrlOverrideIsUsed() throws IOException {
    try (FakeArm arm = new FakeArm()) {
      // server.json points elsewhere; the environment's URL override wins
      Files.writeString(tmp.resolve("server.json"), "{\"url\":\"http://127.0.0.1:1\",\"subscriptionId\":\"s1\"}");
      Files.writeString(tmp.resolve("token"), "t0k\n");
      arm.on("GET", "/subscriptions/s1/resourcegroups", Reply.of(200, "{\"value\":[]}"));
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      CliEnvironment env = env(out, err, arm.url());
      CommandLine root = new CommandLine(new ForeignRoot());
      for (Object sub : CliEntry.subcommands(env)) {
        root.addSubcommand(sub);
      }
      CliEntry.configure(root, env);

      int code = root.execute("group", "list");
      assertThat(code).as(err.toString()).isZero();
      assertThat(out.toString().strip()).isEqualTo("[ ]");
      assertThat(arm.requests().getFirst().header("Authorization")).isEqualTo("Bearer t0k");

      int usage = root.execute("group", "show");
      assertThat(usage).isEqualTo(2);
      assertThat(err.toString()).contains("Try 'app group show --help' for more information.");
    }
  }

  @Test
  void onlyCliMainReadsEnvironmentVariables() throws IOException {
    Path src = Path.of("src/main/java/dev/switchboard/cli");
    try (Stream<Path> files = Files.list(src)) {
      List<String> offenders =
          files
              .filter(p -> !p.getFileName().toString().equals("CliMain.java"))
              .filter(
                  p -> {
                    try {
                      return Files.readString(p).contains("getenv");
                    } catch (IOException e) {
                      throw new java.io.UncheckedIOException(e);
                    }
                  })
              .map(p -> p.getFileName().toString())
              .toList();
      assertThat(offenders).isEmpty();
    }
  }

  @Test
  void tableAlignsColumnsAndMarksEmptyCells() {
    StringWriter sw = new StringWriter();
    new Table("A", "LONGER").row("xyz", null).row("1", "2").print(new PrintWriter(sw, true));
    assertThat(sw.toString().lines().toList()).containsExactly("A    LONGER", "xyz  -", "1    2");
  }
}
