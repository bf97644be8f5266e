package dev.switchboard.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A leaf command: parses its options, then {@link #run()}s; every failure becomes one line on
 * stderr and an exit code (1 for server/operation errors, 2 for usage errors), independently of
 * how the command is mounted.
 */
abstract class BaseCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin GlobalOptions global = new GlobalOptions();

  protected final CliEnvironment env;
  private ArmClient client;

  BaseCommand(CliEnvironment env) {
    this.env = env;
  }

  @Override
  public final Integer call() {
    try {
      return run();
    } catch (UsageException e) {
      CliEntry.printUsageError(env.err(), e.getMessage(), spec.qualifiedName());
      return 2;
    } catch (CliException e) {
      env.err().println(e.getMessage());
      return e.exitCode();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      env.err().println("error: interrupted");
      return 130;
    } catch (Exception e) {
      if (global.debug) {
        e.printStackTrace(env.err());
      }
      env.err().println("error: " + CliException.oneLine(String.valueOf(e)));
      return 1;
    } finally {
      if (client != null) {
        client.close();
        client = null;
      }
      env.out().flush();
      env.err().flush();
    }
  }

  /** The command's work; returns the exit code. */
  protected abstract int run() throws Exception;

  /**
   * The client for the server found from {@code --data-dir}/{@code --url}, authenticated with
   * {@code --token}, {@code $SWITCHBOARD_TOKEN} or the data directory's token file, in that order;
   * fails if there is no server.
   */
  protected ArmClient client() throws CliException {
    if (client == null) {
      Path dataDir = global.dataDir != null ? global.dataDir : env.dataDir();
      String url = global.url != null && !global.url.isBlank() ? global.url : env.urlOverride();
      client =
          new ArmClient(
              ServerInfo.discover(dataDir, url, explicitToken()), global.debug ? env.err() : null);
    }
    return client;
  }

  /** The token given by {@code --token} or {@code $SWITCHBOARD_TOKEN}; null: the token file's. */
  private ServerInfo.Token explicitToken() {
    if (global.token != null && !global.token.isBlank()) {
      return new ServerInfo.Token(global.token.strip(), "from --token");
    }
    if (env.tokenOverride() != null) {
      return new ServerInfo.Token(env.tokenOverride().strip(), "from $SWITCHBOARD_TOKEN");
    }
    return null;
  }

  protected String subscription() throws CliException {
    return client().server().subscriptionId();
  }

  protected OutputFormat format() {
    if (global.output != null) {
      return global.output;
    }
    return env.stdoutIsTerminal() ? OutputFormat.table : OutputFormat.json;
  }

  /** Prints JSON as it is, or the table view of it. */
  protected void emit(JsonNode json, Function<JsonNode, Table> tableView) {
    if (json == null || json.isMissingNode()) {
      json = com.fasterxml.jackson.databind.node.NullNode.getInstance();
    }
    if (format() == OutputFormat.json) {
      Json.print(env.out(), json);
    } else {
      tableView.apply(json).print(env.out());
    }
  }

  /** A line for humans (table mode only; JSON output stays machine-readable). */
  protected void note(String line) {
    if (format() == OutputFormat.table) {
      env.out().println(line);
    }
  }

  /** GETs a list, following {@code nextLink}, and returns all items of {@code value}. */
  protected ArrayNode listAll(URI first) throws CliException, InterruptedException {
    ArrayNode all = Json.MAPPER.createArrayNode();
    URI next = first;
    int pages = 0;
    while (next != null && pages++ < 1000) {
      JsonNode body = client().get(next).body();
      JsonNode value = body.path("value");
      if (value.isArray()) {
        all.addAll((ArrayNode) value);
      }
      String link = Json.text(body, "nextLink");
      next = link == null || link.isBlank() ? null : client().follow(link, first);
    }
    return all;
  }

  /** Asks for confirmation on a terminal; without one (or with {@code yes}) it does not ask. */
  protected boolean confirm(boolean yes, String question) throws java.io.IOException {
    if (yes || !env.stdoutIsTerminal() || env.stdin() == null) {
      return true;
    }
    env.err().print(question + " (y/N): ");
    env.err().flush();
    String answer = env.stdin().readLine();
    return answer != null
        && (answer.strip().equalsIgnoreCase("y") || answer.strip().equalsIgnoreCase("yes"));
  }
}
