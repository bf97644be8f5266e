package dev.switchboard.cli;

import static dev.switchboard.cli.CliHarness.SUB;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.cli.FakeArm.Reply;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class GroupAndResourceCommandsTest extends AgainstFakeArm {
  static final String GROUP = "/subscriptions/" + SUB + "/resourcegroups/rg1";
  static final String PG = "/subscriptions/" + SUB + "/resourceGroups/rg1/providers/Microsoft.DBforPostgreSQL/flexibleServers/pg1";

  static JsonNode json(String s) {
    return Json.parseOrNull(s);
  }

  static String group(String name) {
    return "{\"id\":\"/subscriptions/" + SUB + "/resourceGroups/" + name + "\",\"name\":\"" + name
        + "\",\"location\":\"local\",\"properties\":{\"provisioningState\":\"Succeeded\"}}";
  }

  @Test
  void groupCreatePutsTheLocation() {
    arm.on("PUT", GROUP, Reply.of(201, group("rg1")));
    var r = cli.run("group", "create", "-n", "rg1");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    FakeArm.Request put = arm.requests().getFirst();
    assertThat(put.method()).isEqualTo("PUT");
    assertThat(put.path()).isEqualTo(GROUP);
    assertThat(put.query()).isEqualTo("api-version=2021-04-01");
    assertThat(put.json()).isEqualTo(json("{\"location\":\"local\"}"));
    assertThat(json(r.out()).get("name").asText()).isEqualTo("rg1");

    cli.run("group", "create", "--name", "rg1", "--location", "lab");
    assertThat(arm.requests().get(1).json()).isEqualTo(json("{\"location\":\"lab\"}"));

    cli.run("group", "create", "-n", "rg1", "--tags", "switchboard.fieldOwnership=classic", "team=a=b");
    assertThat(arm.requests().get(2).json()).isEqualTo(
        json("{\"location\":\"local\",\"tags\":{\"switchboard.fieldOwnership\":\"classic\",\"team\":\"a=b\"}}"));
    var bad = cli.run("group", "create", "-n", "rg1", "--tags", "novalue");
    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.err()).contains("--tags takes KEY=VALUE");
    assertThat(arm.requests()).hasSize(3);
  }

  @Test
  void groupListAndShowAsTables() {
    arm.on("GET", "/subscriptions/" + SUB + "/resourcegroups", Reply.of(200, "{\"value\":[" + group("rg1") + "," + group("longer-name") + "]}"))
        .on("GET", GROUP, Reply.of(200, group("rg1")));
    cli.terminal = true;
    var list = cli.run("group", "list");
    assertThat(list.out().lines().toList())
        .containsExactly(
            "NAME         LOCATION  STATE",
            "rg1          local     Succeeded",
            "longer-name  local     Succeeded");
    var show = cli.run("group", "show", "-n", "rg1");
    assertThat(show.out().lines().toList()).containsExactly("NAME  LOCATION  STATE", "rg1   local     Succeeded");
  }

  @Test
  void groupDeleteFollowsLocation() {
    arm.on("DELETE", GROUP, Reply.of(202, "", "Location", "{url}/ops/g1", "Retry-After", "0"))
        .on("GET", "/ops/g1", Reply.of(202, "", "Retry-After", "0"), Reply.of(200, ""));
    var r = cli.run("group", "delete", "-n", "rg1", "--yes", "-o", "table");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(arm.calls()).containsExactly("DELETE " + GROUP, "GET /ops/g1", "GET /ops/g1");
    assertThat(arm.requests().get(1).query()).isEqualTo("api-version=2021-04-01");
    assertThat(r.out()).isEqualTo("Deleted resource group 'rg1'." + System.lineSeparator());
  }

  @Test
  void resourceCreateReadsPropertiesFromFileAndSendsIdentity() throws Exception {
    Path props = tmp.resolve("props.json");
    Files.writeString(props, "{\"version\":\"17\",\"administratorLogin\":\"admin\"}");
    String body =
        "{\"id\":\"" + PG + "\",\"name\":\"pg1\",\"type\":\"Microsoft.DBforPostgreSQL/flexibleServers\","
            + "\"location\":\"local\",\"properties\":{\"provisioningState\":\"Succeeded\"}}";
    arm.on("PUT", PG, Reply.of(201, body, "Azure-AsyncOperation", "{url}/ops/r1", "Retry-After", "0"))
        .on("GET", "/ops/r1", Reply.of(200, "{\"status\":\"Succeeded\"}"))
        .on("GET", PG, Reply.of(200, body));

    var r =
        cli.run(
            "resource", "create", "--id", PG, "--properties", "@" + props,
            "--identity", "{\"type\":\"SystemAssigned\"}", "-o", "table");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(arm.calls()).containsExactly("PUT " + PG, "GET /ops/r1", "GET " + PG);
    FakeArm.Request put = arm.requests().getFirst();
    assertThat(put.query()).isEqualTo("api-version=2024-03-01");
    assertThat(put.json())
        .isEqualTo(
            json(
                "{\"location\":\"local\",\"properties\":{\"version\":\"17\",\"administratorLogin\":\"admin\"},"
                    + "\"identity\":{\"type\":\"SystemAssigned\"}}"));
    assertThat(r.out().lines().toList())
        .containsExactly(
            "NAME  TYPE                                       LOCATION  STATE",
            "pg1   Microsoft.DBforPostgreSQL/flexibleServers  local     Succeeded");
  }

  @Test
  void resourceAddressingListAndDelete() {
    arm.on("GET", PG, Reply.of(200, "{\"name\":\"pg1\"}"))
        .on("GET", "/subscriptions/" + SUB + "/resourceGroups/rg1/providers/Microsoft.DBforPostgreSQL/flexibleServers",
            Reply.of(200, "{\"value\":[{\"name\":\"pg1\"}]}"))
        .on("DELETE", PG, Reply.of(204, ""));

    var show = cli.run("resource", "show", "-g", "rg1", "--resource-type", "Microsoft.DBforPostgreSQL/flexibleServers", "-n", "pg1");
    assertThat(show.exitCode()).as(show.toString()).isZero();
    var list = cli.run("resource", "list", "-g", "rg1", "--resource-type", "Microsoft.DBforPostgreSQL/flexibleServers");
    assertThat(json(list.out()).get(0).get("name").asText()).isEqualTo("pg1");
    var delete = cli.run("resource", "delete", "--id", PG);
    assertThat(delete.exitCode()).as(delete.toString()).isZero();
    assertThat(arm.calls())
        .containsExactly(
            "GET " + PG,
            "GET /subscriptions/" + SUB + "/resourceGroups/rg1/providers/Microsoft.DBforPostgreSQL/flexibleServers",
            "DELETE " + PG);

    var badJson = cli.run("resource", "create", "--id", PG, "--properties", "{nope");
    assertThat(badJson.exitCode()).isEqualTo(2);
    assertThat(badJson.err()).startsWith("error: --properties must be a JSON object");
  }

  @Test
  void deploymentCreateSendsTheTemplateAndParametersAndWhatIfPrintsTheChanges(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    java.nio.file.Path template = dir.resolve("infra.json");
    java.nio.file.Files.writeString(template, "{\"resources\":[]}");
    String dep = "/subscriptions/" + SUB + "/resourcegroups/demo/providers/Microsoft.Resources/deployments/infra";
    arm.on("PUT", dep, FakeArm.Reply.of(200, "{\"name\":\"infra\",\"properties\":{\"provisioningState\":\"Succeeded\",\"mode\":\"Incremental\"}}"))
        .on("POST", dep + "/whatIf", FakeArm.Reply.of(200, """
            {"status":"Succeeded","properties":{"changes":[{"resourceId":"/x/app","changeType":"Modify",
             "delta":[{"path":"properties.template","propertyChangeType":"Modify"}]}],
             "conflicts":[{"resourceId":"/x/app","field":"properties.template.containers[0].env['DB']","owner":"/x/app/linkers/db"}],
             "brokenConnections":[]}}"""));
    var r = cli.run("deployment", "group", "create", "-g", "demo", "-f", template.toString(), "-p", "size=3", "-p", "name=web",
        "--output", "json");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    var sent = json(arm.requests().getFirst().body());
    assertThat(sent.at("/properties/parameters/size/value").asInt()).isEqualTo(3);
    assertThat(sent.at("/properties/parameters/name/value").asText()).isEqualTo("web");
    assertThat(sent.at("/properties/template/resources").isArray()).isTrue();
    cli.terminal = true;
    var w = cli.run("deployment", "group", "what-if", "-g", "demo", "-f", template.toString());
    assertThat(w.exitCode()).as(w.toString()).isZero();
    assertThat(w.out()).contains("Modify", "properties.template", "Conflict", "is owned by /x/app/linkers/db");
    assertThat(cli.run("deployment", "group", "create", "-g", "demo", "-f", template.toString(), "-p", "broken").exitCode()).isNotZero();
  }
}
