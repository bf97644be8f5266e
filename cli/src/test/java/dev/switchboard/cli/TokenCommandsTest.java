package dev.switchboard.cli;

import static dev.switchboard.cli.CliHarness.SUB;
import static dev.switchboard.cli.CliHarness.TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.cli.FakeArm.Reply;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

class TokenCommandsTest extends AgainstFakeArm {
  static final String TOKENS = "/providers/Switchboard.Access/tokens";
  static final String RG = "/subscriptions/" + SUB + "/resourceGroups/rg1";
  static final String VALUE = "sb.abcdefghijkl." + "S".repeat(43);

  static String token(String name, String role, String scope, String value) {
    return "{\"id\":\"" + TOKENS + "/" + name + "\",\"name\":\"" + name + "\",\"type\":\"Switchboard.Access/tokens\","
        + "\"properties\":{\"tokenId\":\"abcdefghijkl\",\"role\":\"" + role + "\""
        + (scope == null ? "" : ",\"scope\":\"" + scope + "\"")
        + ",\"createdAt\":\"2025-01-02T03:04:05Z\",\"createdBy\":\"bootstrap\""
        + (value == null ? "" : ",\"token\":\"" + value + "\"") + "}}";
  }

  @Test
  void createPutsRoleAndScopeAndPrintsTheValueOnceWithAWarning() {
    arm.on("PUT", TOKENS + "/ci", Reply.of(201, token("ci", "Reader", RG, VALUE)));
    var r = cli.run("token", "create", "-n", "ci", "--role", "reader", "--scope", RG, "-o", "table");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    FakeArm.Request put = arm.requests().getFirst();
    assertThat(put.method() + " " + put.path()).isEqualTo("PUT " + TOKENS + "/ci");
    assertThat(put.query()).isEqualTo("api-version=2024-04-01");
    assertThat(put.json()).isEqualTo(Json.parseOrNull("{\"properties\":{\"role\":\"Reader\",\"scope\":\"" + RG + "\"}}"));
    assertThat(r.out()).isEqualTo(VALUE + System.lineSeparator());
    assertThat(r.err()).startsWith("warning: ").contains("only time");

    var json = cli.run("token", "create", "-n", "ci", "--role", "Owner", "-o", "json");
    assertThat(arm.requests().get(1).json()).isEqualTo(Json.parseOrNull("{\"properties\":{\"role\":\"Owner\"}}"));
    assertThat(Json.parseOrNull(json.out()).at("/properties/token").asText()).isEqualTo(VALUE);
    assertThat(json.err()).contains("only time");
  }

  @Test
  void debugOutputMasksTheNewToken() {
    arm.on("PUT", TOKENS + "/ci", Reply.of(201, token("ci", "Reader", RG, VALUE)));
    var r = cli.run("token", "create", "-n", "ci", "--role", "Reader", "--debug", "-o", "table");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.err()).contains("< 201 ").contains("\"token\":\"***\"").doesNotContain(VALUE);
    assertThat(r.out()).isEqualTo(VALUE + System.lineSeparator());
  }

  @Test
  void anUnknownRoleIsAUsageErrorAndSendsNothing() {
    var r = cli.run("token", "create", "-n", "ci", "--role", "admin");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).startsWith("error: --role must be one of Reader, Contributor, Owner");
    assertThat(arm.requests()).isEmpty();
    assertThat(cli.run("token", "create", "--role", "Reader").exitCode()).as("no name").isEqualTo(2);
  }

  @Test
  void listAndShowAreTablesWithoutValues() {
    arm.on("GET", TOKENS, Reply.of(200, "{\"value\":[" + token("bootstrap", "Owner", null, null) + ","
            + token("ci", "Reader", RG, null) + "]}"))
        .on("GET", TOKENS + "/ci", Reply.of(200, token("ci", "Reader", RG, null)));
    cli.terminal = true;
    var list = cli.run("token", "list");
    assertThat(list.exitCode()).as(list.toString()).isZero();
    assertThat(list.out().lines().toList()).containsExactly(
        "NAME       ROLE    SCOPE" + " ".repeat(RG.length() - 5) + "  CREATED               CREATED BY",
        "bootstrap  Owner   (everything)" + " ".repeat(RG.length() - 12) + "  2025-01-02T03:04:05Z  bootstrap",
        "ci         Reader  " + RG + "  2025-01-02T03:04:05Z  bootstrap");
    var show = cli.run("token", "show", "-n", "ci", "-o", "json");
    assertThat(Json.parseOrNull(show.out()).at("/properties/role").asText()).isEqualTo("Reader");
    assertThat(arm.calls()).containsExactly("GET " + TOKENS, "GET " + TOKENS + "/ci");
    assertThat(arm.requests().getFirst().query()).isEqualTo("api-version=2024-04-01");
  }

  @Test
  void deleteAsksOnATerminalUnlessYes() {
    arm.on("DELETE", TOKENS + "/ci", Reply.of(200, ""), Reply.of(204, ""));
    cli.terminal = true;
    cli.stdin = "n\n";
    var cancelled = cli.run("token", "delete", "-n", "ci");
    assertThat(cancelled.exitCode()).isEqualTo(1);
    assertThat(arm.requests()).isEmpty();

    var deleted = cli.run("token", "delete", "-n", "ci", "--yes");
    assertThat(deleted.exitCode()).as(deleted.toString()).isZero();
    assertThat(deleted.out()).contains("Deleted token 'ci'.");
    var absent = cli.run("token", "delete", "-n", "ci", "--yes");
    assertThat(absent.out()).contains("No token 'ci'");
    assertThat(arm.calls()).containsExactly("DELETE " + TOKENS + "/ci", "DELETE " + TOKENS + "/ci");
  }

  @Test
  void aForbiddenAnswerIsOneLine() {
    arm.on("PUT", TOKENS + "/wide", Reply.of(403, "{\"error\":{\"code\":\"AuthorizationFailed\",\"message\":\"outside\"}}"));
    var r = cli.run("token", "create", "-n", "wide", "--role", "Reader");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).isEqualTo("error: AuthorizationFailed: outside" + System.lineSeparator());
    assertThat(r.out()).isEmpty();
  }

  @Test
  void theTokenOptionAndVariableReplaceTheTokenFile() throws Exception {
    arm.on("GET", "/subscriptions/" + SUB + "/resourcegroups", Reply.of(200, "{\"value\":[]}"));
    cli.run("group", "list");
    cli.envToken = "from-env";
    cli.run("group", "list");
    cli.run("group", "list", "--token", "from-option");
    Files.delete(cli.dataDir.resolve("token"));
    var noFile = cli.run("group", "list", "--token", "from-option");
    assertThat(noFile.exitCode()).as("no token file needed").isZero();
    assertThat(arm.requests().stream().map(q -> q.header("Authorization")).toList())
        .containsExactly("Bearer " + TOKEN, "Bearer from-env", "Bearer from-option", "Bearer from-option");
  }

  @Test
  void aRefusedTokenSaysWhereItCameFrom() {
    arm.on("GET", TOKENS, Reply.of(401, "{\"error\":{\"code\":\"AuthenticationFailed\",\"message\":\"no\"}}"));
    var option = cli.run("token", "list", "--token", "bad");
    assertThat(option.err()).isEqualTo("error: AuthenticationFailed: no (token from --token)" + System.lineSeparator());
    cli.envToken = "bad";
    assertThat(cli.run("token", "list").err()).contains("(token from $SWITCHBOARD_TOKEN)");
    assertThat(option.err()).doesNotContain("bad)");
  }

  @Test
  void helpNamesTheCommands() {
    var r = cli.run("token");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("create, list, show, delete");
  }
}
