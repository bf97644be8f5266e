package dev.switchboard.cli;

import static dev.switchboard.cli.CliHarness.SUB;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.cli.FakeArm.Reply;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConnectionCommandsTest extends AgainstFakeArm {
  static final String RG = "/subscriptions/" + SUB + "/resourceGroups/";
  static final String APP = RG + "rg1/providers/Microsoft.App/containerApps/app1";
  static final String PG = RG + "rg2/providers/Microsoft.DBforPostgreSQL/flexibleServers/pg1/databases/db1";
  static final String LINKER = APP + "/providers/Microsoft.ServiceLinker/linkers/c1";
  static final String OP = "/subscriptions/" + SUB + "/providers/Microsoft.ServiceLinker/operationStatuses/op1";

  static String linker(String name, String target, String state) {
    return """
        {"id":"%s","name":"%s","type":"Microsoft.ServiceLinker/linkers",
         "properties":{"targetService":{"type":"AzureResource","id":"%s"},
           "authInfo":{"authType":"secret","name":"admin"},"clientType":"java",
           "provisioningState":"%s"}}"""
        .formatted(APP + "/providers/Microsoft.ServiceLinker/linkers/" + name, name, target, state);
  }

  static String status(String status) {
    return "{\"id\":\"" + OP + "\",\"name\":\"op1\",\"status\":\"" + status + "\"}";
  }

  static JsonNode json(String s) {
    return Json.parseOrNull(s);
  }

  @Test
  void createWithIdsSendsTheArmBodyPollsTheOperationAndPrintsTheFinalLinker() {
    arm.on(
            "PUT",
            LINKER,
            Reply.of(
                201,
                linker("c1", PG, "Accepted"),
                "Azure-AsyncOperation", "{url}" + OP + "?api-version=2024-04-01",
                "Location", "{url}" + OP + "?api-version=2024-04-01"))
        .on("GET", OP, Reply.of(200, status("InProgress")), Reply.of(200, status("Succeeded")))
        .on("GET", LINKER, Reply.of(200, linker("c1", PG, "Succeeded")));

    var r =
        cli.run(
            "containerapp", "connection", "create", "postgres-flexible",
            "--connection", "c1",
            "--source-id", APP,
            "--target-id", PG,
            "--secret", "name=admin", "secret=p@ss=w0rd",
            "--client-type", "java",
            "--customized-keys", "AZURE_POSTGRESQL_HOST=PGHOST", "AZURE_POSTGRESQL_PASSWORD=PGPASSWORD",
            "--additional-configs", "SPRING_PROFILE=local");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.err()).isEmpty();
    assertThat(arm.calls())
        .containsExactly("PUT " + LINKER, "GET " + OP, "GET " + OP, "GET " + LINKER);
    FakeArm.Request put = arm.requests().getFirst();
    assertThat(put.query()).isEqualTo("api-version=2024-04-01");
    assertThat(put.header("Authorization")).isEqualTo("Bearer tok-123");
    assertThat(put.header("Content-Type")).isEqualTo("application/json");
    assertThat(put.json())
        .isEqualTo(
            json(
                """
                {"properties":{
                  "targetService":{"type":"AzureResource","id":"%s"},
                  "authInfo":{"authType":"secret","name":"admin",
                              "secretInfo":{"secretType":"rawValue","value":"p@ss=w0rd"}},
                  "clientType":"java",
                  "configurationInfo":{
                    "customizedKeys":{"AZURE_POSTGRESQL_HOST":"PGHOST","AZURE_POSTGRESQL_PASSWORD":"PGPASSWORD"},
                    "additionalConfigurations":{"SPRING_PROFILE":"local"}}}}"""
                    .formatted(PG)));
    // customized keys keep the order they were given in
    assertThat(put.body()).containsSubsequence("AZURE_POSTGRESQL_HOST", "AZURE_POSTGRESQL_PASSWORD");
    assertThat(arm.requests().get(1).header("Authorization")).isEqualTo("Bearer tok-123");
    // not a terminal: JSON of the final GET
    assertThat(json(r.out())).isEqualTo(json(linker("c1", PG, "Succeeded")));
  }

  @Test
  void createWithAzStyleAddressingBuildsSourceAndTargetIdsFromServerSubscription() {
    arm.on("PUT", LINKER, Reply.of(201, linker("c1", PG, "Accepted")));

    var r =
        cli.run(
            "containerapp", "connection", "create", "postgres-flexible",
            "--connection", "c1",
            "--resource-group", "rg1", "--name", "app1",
            "--target-resource-group", "rg2", "--server", "pg1", "--database", "db1",
            "--no-wait");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(arm.calls()).containsExactly("PUT " + LINKER);
    assertThat(arm.requests().getFirst().json())
        .isEqualTo(
            json(
                """
                {"properties":{"targetService":{"type":"AzureResource","id":"%s"},
                               "authInfo":{"authType":"secret"},"clientType":"none"}}"""
                    .formatted(PG)));
    assertThat(json(r.out())).isEqualTo(json(linker("c1", PG, "Accepted")));
  }

  @Test
  void webappUsesWebSitesAndDefaultsTheTargetGroupToTheAppsGroup() {
    String site = RG + "rg1/providers/Microsoft.Web/sites/web1";
    String linker = site + "/providers/Microsoft.ServiceLinker/linkers/c2";
    String target = RG + "rg1/providers/Microsoft.DBforPostgreSQL/flexibleServers/pg9/databases/app";
    arm.on("PUT", linker, Reply.of(200, linker("c2", target, "Succeeded")))
        .on("GET", linker, Reply.of(200, linker("c2", target, "Succeeded")));

    var r =
        cli.run(
            "webapp", "connection", "create", "postgres-flexible",
            "--connection", "c2", "-g", "rg1", "-n", "web1",
            "--server", "pg9", "--database", "app",
            "--secret", "name=u1", "secret=s1", "--client-type", "SPRINGBOOT");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(arm.calls()).containsExactly("PUT " + linker, "GET " + linker);
    JsonNode props = arm.requests().getFirst().json().get("properties");
    assertThat(props.at("/targetService/id").asText()).isEqualTo(target);
    assertThat(props.at("/clientType").asText()).isEqualTo("springBoot");
    assertThat(props.at("/authInfo/name").asText()).isEqualTo("u1");
    assertThat(props.at("/authInfo/secretInfo/value").asText()).isEqualTo("s1");
  }

  @Test
  void updateSendsOnlyTheGivenFieldsWithPatch() {
    arm.on("PATCH", LINKER, Reply.of(200, linker("c1", PG, "Updating")));

    var r =
        cli.run(
            "containerapp", "connection", "update", "postgres-flexible",
            "--id", LINKER, "--client-type", "python", "--no-wait");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(arm.calls()).containsExactly("PATCH " + LINKER);
    assertThat(arm.requests().getFirst().query()).isEqualTo("api-version=2024-04-01");
    assertThat(arm.requests().getFirst().json())
        .isEqualTo(json("{\"properties\":{\"clientType\":\"python\"}}"));
  }

  @Test
  void updateWithSecretAndKeysOnlyAndAzAddressing() {
    arm.on("PATCH", LINKER, Reply.of(200, linker("c1", PG, "Succeeded")))
        .on("GET", LINKER, Reply.of(200, linker("c1", PG, "Succeeded")));

    var r =
        cli.run(
            "containerapp", "connection", "update", "postgres-flexible",
            "--connection", "c1", "-g", "rg1", "-n", "app1",
            "--secret", "secret=new", "--customized-keys", "A=B");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(arm.requests().getFirst().json())
        .isEqualTo(
            json(
                """
                {"properties":{"authInfo":{"authType":"secret","secretInfo":{"secretType":"rawValue","value":"new"}},
                               "configurationInfo":{"customizedKeys":{"A":"B"}}}}"""));
  }

  @Test
  void deliveryGoesIntoConfigurationInfoAsAnArray() throws Exception {
    arm.on("PATCH", LINKER, Reply.of(200, linker("c1", PG, "Succeeded")))
        .on("GET", LINKER, Reply.of(200, linker("c1", PG, "Succeeded")));

    var r =
        cli.run(
            "containerapp", "connection", "update", "postgres-flexible",
            "--connection", "c1", "-g", "rg1", "-n", "app1",
            "--delivery", "serviceBinding,connectionStrings");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(arm.requests().getFirst().json())
        .isEqualTo(
            json(
                """
                {"properties":{"configurationInfo":{"delivery":["serviceBinding","connectionStrings"]}}}"""));
  }

  @Test
  void unknownOrRepeatedDeliveryIsAUsageError() {
    for (String bad : List.of("environment,files", "environment,environment")) {
      var r =
          cli.run(
              "containerapp", "connection", "update", "postgres-flexible", "--id", LINKER,
              "--delivery", bad);
      assertThat(r.exitCode()).as(bad).isEqualTo(2);
      assertThat(r.err()).contains("--delivery takes distinct modes");
    }
    assertThat(arm.requests()).isEmpty();
  }

  @Test
  void updateWithNothingToChangeIsAUsageError() {
    var r = cli.run("containerapp", "connection", "update", "postgres-flexible", "--id", LINKER);
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).startsWith("error: nothing to update");
    assertThat(arm.requests()).isEmpty();
  }

  @Test
  void failedOperationPrintsOneErrorLineAndExitsOne() {
    arm.on(
            "PUT",
            LINKER,
            Reply.of(201, linker("c1", PG, "Accepted"), "Azure-AsyncOperation", "{url}" + OP, "Retry-After", "0"))
        .on(
            "GET",
            OP,
            Reply.of(200, status("InProgress"), "Retry-After", "0"),
            Reply.of(
                200,
                """
                {"id":"x","name":"op1","status":"Failed",
                 "error":{"code":"TargetUnreachable","message":"cannot reach pg1:5432\\nconnection refused"}}"""));

    var r =
        cli.run(
            "containerapp", "connection", "create", "postgres-flexible",
            "--connection", "c1", "--source-id", APP, "--target-id", PG);

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err())
        .isEqualTo("error: TargetUnreachable: cannot reach pg1:5432 connection refused" + System.lineSeparator());
    assertThat(r.out()).isEmpty();
    assertThat(arm.calls()).containsExactly("PUT " + LINKER, "GET " + OP, "GET " + OP);
    // the status URL came without api-version: the one of the PUT is added
    assertThat(arm.requests().get(1).query()).isEqualTo("api-version=2024-04-01");
  }

  @Test
  void armErrorAnswerIsOneLine() {
    arm.on(
        "PUT",
        LINKER,
        Reply.of(
            400,
            "{\"error\":{\"code\":\"InvalidTarget\",\"message\":\"target not found\",\"target\":\"id\",\"details\":[]}}"));
    var r =
        cli.run(
            "containerapp", "connection", "create", "postgres-flexible",
            "--connection", "c1", "--source-id", APP, "--target-id", PG);
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).isEqualTo("error: InvalidTarget: target not found" + System.lineSeparator());
  }

  @Test
  void unauthorizedIsOneClearLine() {
    arm.on(
        "GET",
        LINKER,
        Reply.of(401, "{\"error\":{\"code\":\"AuthenticationFailed\",\"message\":\"invalid bearer token\"}}"));
    var r = cli.run("containerapp", "connection", "show", "--id", LINKER);
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err().lines()).hasSize(1);
    assertThat(r.err())
        .startsWith("error: AuthenticationFailed: invalid bearer token (token read from ")
        .contains(cli.dataDir.resolve("token").toString());

    arm.on("GET", LINKER, Reply.of(401, ""));
    var bare = cli.run("containerapp", "connection", "show", "--id", LINKER);
    assertThat(bare.exitCode()).isEqualTo(1);
    assertThat(bare.err().lines()).hasSize(1);
    assertThat(bare.err()).startsWith("error: Unauthorized: the server at " + arm.url() + " rejected the token");
  }

  @Test
  void serverDownIsOneClearLine() {
    String url = arm.url();
    arm.close();
    var r = cli.run("containerapp", "connection", "list", "-g", "rg1", "-n", "app1");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err())
        .isEqualTo(
            "error: no Switchboard server at " + url
                + " (start one with 'bin/switchboard serve')" + System.lineSeparator());
  }

  @Test
  void missingServerFilesIsOneClearLine() {
    CliHarness empty = new CliHarness(tmp.resolve("other"), arm.url());
    empty.dataDir.resolve("token").toFile().delete();
    var r = empty.run("containerapp", "connection", "show", "--id", LINKER);
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err())
        .isEqualTo(
            "error: no Switchboard server at " + arm.url()
                + " (start one with 'bin/switchboard serve')" + System.lineSeparator());
    assertThat(arm.requests()).isEmpty();

    var none = cli.run("containerapp", "connection", "show", "--id", LINKER, "--data-dir", tmp.resolve("nowhere").toString());
    assertThat(none.exitCode()).isEqualTo(1);
    assertThat(none.err()).startsWith("error: no Switchboard server at " + tmp.resolve("nowhere"));
  }

  @Test
  void listPrintsATableOnATerminalAndJsonOtherwiseFollowingNextLink() {
    String list = APP + "/providers/Microsoft.ServiceLinker/linkers";
    String page2 = "/page2";
    arm.on(
            "GET",
            list,
            Reply.of(200, "{\"value\":[" + linker("c1", PG, "Succeeded") + "],\"nextLink\":\"{url}/page2?api-version=2024-04-01&$skipToken=2\"}"))
        .on("GET", page2, Reply.of(200, "{\"value\":[" + linker("c22", "/t", "Failed") + "],\"nextLink\":null}"));

    cli.terminal = true;
    var table = cli.run("containerapp", "connection", "list", "-g", "rg1", "-n", "app1");
    assertThat(table.exitCode()).as(table.toString()).isZero();
    assertThat(table.out().lines().toList())
        .containsExactly(
            "NAME  TARGET" + " ".repeat(PG.length() - 6) + "  AUTH    CLIENT  STATE",
            "c1    " + PG + "  secret  java    Succeeded",
            "c22   /t" + " ".repeat(PG.length() - 2) + "  secret  java    Failed");
    assertThat(arm.requests().getFirst().query()).isEqualTo("api-version=2024-04-01");
    assertThat(arm.requests().get(1).query()).isEqualTo("api-version=2024-04-01&$skipToken=2");

    var jsonOnTerminal = cli.run("containerapp", "connection", "list", "-g", "rg1", "-n", "app1", "-o", "json");
    assertThat(json(jsonOnTerminal.out()).size()).isEqualTo(2);

    cli.terminal = false;
    var piped = cli.run("containerapp", "connection", "list", "--source-id", APP);
    JsonNode arr = json(piped.out());
    assertThat(arr.isArray()).isTrue();
    assertThat(arr.get(1).get("name").asText()).isEqualTo("c22");

    var tableWhenAsked = cli.run("containerapp", "connection", "list", "--source-id", APP, "--output", "table");
    assertThat(tableWhenAsked.out()).startsWith("NAME  TARGET");
  }

  @Test
  void badClientTypeIsRejectedLocallyWithExitTwo() {
    var r =
        cli.run(
            "containerapp", "connection", "create", "postgres-flexible",
            "--connection", "c1", "--source-id", APP, "--target-id", PG, "--client-type", "cobol");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err().lines().toList())
        .containsExactly(
            "error: invalid --client-type 'cobol' (expected one of: none, dotnet, java, python, go,"
                + " php, ruby, django, nodejs, springBoot)",
            "Try 'switchboard containerapp connection create postgres-flexible --help' for more information.");
    assertThat(arm.requests()).isEmpty();
  }

  @Test
  void usageErrorsAreOneLinePlusHint() {
    var unknown = cli.run("containerapp", "connection", "show", "--bogus");
    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.err().lines().toList())
        .containsExactly(
            "error: Unknown option: '--bogus'",
            "Try 'switchboard containerapp connection show --help' for more information.");

    var badSecret =
        cli.run(
            "containerapp", "connection", "create", "postgres-flexible",
            "--connection", "c1", "--source-id", APP, "--target-id", PG, "--secret", "hunter2");
    assertThat(badSecret.exitCode()).isEqualTo(2);
    assertThat(badSecret.err()).startsWith("error: --secret expects name=USER secret=PASSWORD");

    var noSource = cli.run("containerapp", "connection", "show", "--connection", "c1");
    assertThat(noSource.exitCode()).isEqualTo(2);

    var genericWithGroup = cli.run("connection", "list", "-g", "rg1", "-n", "app1");
    assertThat(genericWithGroup.exitCode()).isEqualTo(2);
    assertThat(genericWithGroup.err()).startsWith("error: give the source with --source-id");

    var badId = cli.run("containerapp", "connection", "show", "--id", APP);
    assertThat(badId.exitCode()).isEqualTo(2);
    assertThat(arm.requests()).isEmpty();
  }

  @Test
  void validateFollowsLocationAndPrintsDetails() {
    String validate = LINKER + "/validateLinker";
    arm.on("POST", validate, Reply.of(202, "", "Azure-AsyncOperation", "{url}" + OP, "Location", "{url}/results/v1", "Retry-After", "0"))
        .on(
            "GET",
            "/results/v1",
            Reply.of(202, "", "Retry-After", "0"),
            Reply.of(
                200,
                """
                {"properties":{"isConnectionAvailable":false,"sourceId":"%s","targetId":"%s","authType":"secret",
                  "validationDetail":[
                    {"name":"TargetExistence","description":"target exists","result":"success"},
                    {"name":"TargetLogin","description":"can log in","result":"failure",
                     "errorCode":"AuthFailed","errorMessage":"password authentication failed"}]}}"""
                    .formatted(APP, PG)));

    cli.terminal = true;
    var r = cli.run("containerapp", "connection", "validate", "--connection", "c1", "--source-id", APP);

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
    assertThat(arm.calls()).containsExactly("POST " + validate, "GET /results/v1", "GET /results/v1");
    assertThat(arm.requests().getFirst().query()).isEqualTo("api-version=2024-04-01");
    assertThat(r.out().lines().toList())
        .containsExactly(
            "NAME             RESULT   DETAIL",
            "TargetExistence  success  target exists",
            "TargetLogin      failure  AuthFailed: password authentication failed");
    assertThat(r.err()).startsWith("error: ConnectionNotAvailable:");
  }

  static final String EVENTS = """
      {"value":[
        {"seq":7,"time":"2026-01-02T03:04:06Z","kind":"DriftHealed","message":"healed by applying the connection again",
         "detail":{"operationId":"op2"}},
        {"seq":6,"time":"2026-01-02T03:04:05Z","kind":"DriftDetected","message":"login 'admin' is missing on the target",
         "detail":{"policy":"heal"}}],"nextLink":null}""";

  @Test
  void showInTableViewAddsTheFieldsItOwnsTheDriftLeftAndTheLatestEvents() {
    String reported = linker("c1", PG, "Succeeded").replace("\"provisioningState\"",
        "\"drift\":[{\"kind\":\"LoginMissing\",\"description\":\"login 'admin' is missing on the target\"}],"
            + "\"provisioningState\"");
    String env = "properties.template.containers['web'].env['AZURE_POSTGRESQL_CONNECTIONSTRING']";
    String app = "{\"name\":\"app1\",\"managedFields\":[{\"manager\":\"connection/c1\",\"fields\":[\"" + env + "\"]},"
        + "{\"manager\":\"deployment/infra\",\"fields\":[\"location\"]}]}";
    arm.on("GET", LINKER, Reply.of(200, reported)).on("GET", LINKER + "/events", Reply.of(200, EVENTS))
        .on("GET", APP, Reply.of(200, app));
    cli.terminal = true;
    var r = cli.run("containerapp", "connection", "show", "--id", LINKER);
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(arm.calls()).containsExactly("GET " + LINKER, "GET " + APP, "GET " + LINKER + "/events");
    assertThat(arm.requests().get(2).query()).isEqualTo("api-version=2024-04-01&top=5");
    assertThat(r.out().lines().toList())
        .contains(
            "Owns on the app (connection/c1): a template deployed again keeps these; one that sets them otherwise is refused unless forced:",
            "  " + env,
            "drift (not healed): login 'admin' is missing on the target",
            "Recent events:",
            "TIME                  KIND           MESSAGE",
            "2026-01-02T03:04:06Z  DriftHealed    healed by applying the connection again",
            "2026-01-02T03:04:05Z  DriftDetected  login 'admin' is missing on the target");

    cli.terminal = false;
    var json = cli.run("containerapp", "connection", "show", "--id", LINKER);
    assertThat(arm.calls().subList(3, arm.calls().size())).as("JSON stays the connection alone").containsExactly("GET " + LINKER);
    assertThat(json(json.out()).at("/name").asText()).isEqualTo("c1");
  }

  @Test
  void eventsListsTheNewestFirstAndRefusesABadTop() {
    arm.on("GET", LINKER + "/events", Reply.of(200, EVENTS));
    var r = cli.run("containerapp", "connection", "events", "--id", LINKER, "--top", "2");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(arm.requests().getFirst().query()).isEqualTo("api-version=2024-04-01&top=2");
    assertThat(json(r.out()).path("value").get(0).path("kind").asText()).isEqualTo("DriftHealed");

    var bad = cli.run("containerapp", "connection", "events", "--id", LINKER, "--top", "0");
    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.err()).contains("--top must be a number from 1 to 1000");
  }

  @Test
  void validateHandlesADirectAnswer() {
    arm.on(
        "POST",
        LINKER + "/validateLinker",
        Reply.of(200, "{\"properties\":{\"isConnectionAvailable\":true,\"validationDetail\":[]}}"));
    var r = cli.run("containerapp", "connection", "validate", "--id", LINKER);
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(json(r.out()).at("/properties/isConnectionAvailable").asBoolean()).isTrue();
  }

  @Test
  void rotatePostsTheActionAndPrintsTheConnectionOnItsNewLogin() {
    String rotate = LINKER + "/rotate";
    arm.on("POST", rotate, Reply.of(202, "", "Azure-AsyncOperation", "{url}" + OP, "Location", "{url}/results/r1", "Retry-After", "0"))
        .on("GET", "/results/r1", Reply.of(202, "", "Retry-After", "0"),
            Reply.of(200, """
                {"id":"%s","name":"c1","properties":{"provisioningState":"Succeeded","authInfo":{"authType":"secret","name":"sb_c1_new"},
                 "targetService":{"type":"AzureResource","id":"%s"},"clientType":"java"}}""".formatted(LINKER, PG)));
    var r = cli.run("containerapp", "connection", "rotate", "--id", LINKER, "--output", "json");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(arm.calls()).containsExactly("POST " + rotate, "GET /results/r1", "GET /results/r1");
    assertThat(json(r.out()).at("/properties/authInfo/name").asText()).isEqualTo("sb_c1_new");
  }

  @Test
  void logsPrintsTheLinesOfTheAppsProcesses() {
    arm.on("GET", APP + "/logs", Reply.of(200, "{\"value\":[\"[web] started\",\"[web#1] started\"]}"));
    cli.terminal = true;
    var r = cli.run("containerapp", "logs", "--id", APP, "--tail", "5");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out().lines().toList()).containsExactly("[web] started", "[web#1] started");
    assertThat(arm.requests().getFirst().query()).isEqualTo("api-version=2024-03-01&tail=5");
    assertThat(cli.run("containerapp", "logs", "--id", APP, "--tail", "0").exitCode()).isNotZero();
  }

  @Test
  void revisionsAreListedAndActedOn() {
    String rev = APP + "/revisions/web--blue";
    arm.on("GET", APP + "/revisions", Reply.of(200, """
            {"value":[{"name":"web--blue","properties":{"active":true,"trafficWeight":20,"healthState":"Healthy",
             "runningState":"Running","replicas":2,"createdTime":"2026-12-01T00:00:00Z"}},
             {"name":"web--red","properties":{"active":false,"trafficWeight":0,"healthState":"Unhealthy",
             "runningState":"Failed","replicas":0,"createdTime":"2026-12-01T00:01:00Z","provisioningError":"exited with code 3"}}]}"""))
        .on("POST", rev + "/deactivate", Reply.of(200, "{\"name\":\"web--blue\",\"properties\":{\"active\":false}}"));
    cli.terminal = true;
    var list = cli.run("containerapp", "revision", "list", "--id", APP);
    assertThat(list.exitCode()).as(list.toString()).isZero();
    assertThat(list.out().lines().toList()).hasSize(3);
    assertThat(list.out()).contains("web--blue", "20%", "Healthy", "web--red", "exited with code 3");
    var off = cli.run("containerapp", "revision", "deactivate", "--id", APP, "--revision", "web--blue", "--output", "json");
    assertThat(off.exitCode()).as(off.toString()).isZero();
    assertThat(arm.calls()).containsExactly("GET " + APP + "/revisions", "POST " + rev + "/deactivate");
    assertThat(json(off.out()).at("/properties/active").asBoolean()).isFalse();
    assertThat(cli.run("containerapp", "revision", "restart", "--id", APP, "--revision", "../x").exitCode()).isNotZero();
    assertThat(arm.calls()).hasSize(2);
  }

  @Test
  void deleteWaitsForTheOperation() {
    arm.on("DELETE", LINKER, Reply.of(202, "", "Azure-AsyncOperation", "{url}" + OP, "Retry-After", "0"))
        .on("GET", OP, Reply.of(200, status("Succeeded")));
    cli.terminal = true;
    var r = cli.run("containerapp", "connection", "delete", "--id", LINKER, "--yes");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(arm.calls()).containsExactly("DELETE " + LINKER, "GET " + OP);
    assertThat(r.out()).isEqualTo("Deleted connection 'c1'." + System.lineSeparator());
  }

  @Test
  void deletePromptsOnlyOnATerminal() {
    arm.on("DELETE", LINKER, Reply.of(204, ""));
    cli.terminal = true;
    cli.stdin = "n\n";
    var refused = cli.run("containerapp", "connection", "delete", "--connection", "c1", "-g", "rg1", "-n", "app1");
    assertThat(refused.exitCode()).isEqualTo(1);
    assertThat(refused.err()).contains("Delete connection 'c1'? (y/N): ").contains("error: deletion cancelled");
    assertThat(arm.requests()).isEmpty();

    cli.stdin = "y\n";
    var accepted = cli.run("containerapp", "connection", "delete", "--connection", "c1", "-g", "rg1", "-n", "app1");
    assertThat(accepted.exitCode()).as(accepted.toString()).isZero();
    assertThat(arm.calls()).containsExactly("DELETE " + LINKER);

    cli.terminal = false;
    var scripted = cli.run("containerapp", "connection", "delete", "--id", LINKER);
    assertThat(scripted.exitCode()).isZero();
    assertThat(scripted.out()).isEmpty();
    assertThat(arm.calls()).hasSize(2);
  }

  @Test
  void listConfigurationPrintsNamesAndValues() {
    arm.on(
        "POST",
        LINKER + "/listConfigurations",
        Reply.of(
            200,
            """
            {"configurations":[{"name":"AZURE_POSTGRESQL_HOST","value":"127.0.0.1"},
                               {"name":"AZURE_POSTGRESQL_USER","value":"c1_user","configType":"Default"}]}"""));
    cli.terminal = true;
    var r = cli.run("containerapp", "connection", "list-configuration", "--id", LINKER);
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out().lines().toList())
        .containsExactly(
            "NAME                   VALUE",
            "AZURE_POSTGRESQL_HOST  127.0.0.1",
            "AZURE_POSTGRESQL_USER  c1_user");
  }

  @Test
  void listSupportTypesFiltersWithODataAndTabulates() {
    String path = "/providers/Microsoft.ServiceLinker/configurationNames";
    arm.on(
        "GET",
        path,
        Reply.of(
            200,
            """
            {"value":[
              {"targetService":"Microsoft.DBforPostgreSQL/flexibleServers","clientType":"java","authType":"secret",
               "names":[{"value":"AZURE_POSTGRESQL_URL","description":"JDBC URL"}]},
              {"properties":{"targetService":"Microsoft.DBforPostgreSQL/flexibleServers","clientType":"java",
               "authType":"systemAssignedIdentity","names":[]}}],"nextLink":null}"""));
    cli.terminal = true;
    var r =
        cli.run(
            "containerapp", "connection", "list-support-types",
            "--target-type", "postgres-flexible", "--client-type", "java");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    FakeArm.Request req = arm.requests().getFirst();
    assertThat(req.query())
        .isEqualTo(
            "api-version=2024-04-01&$filter=TargetService eq 'Microsoft.DBforPostgreSQL/flexibleServers'"
                + " and clientType eq 'java'");
    assertThat(req.rawQuery()).doesNotContain(" ");
    assertThat(r.out().lines().toList())
        .containsExactly(
            "TARGET                                     CLIENT  AUTH",
            "Microsoft.DBforPostgreSQL/flexibleServers  java    secret",
            "Microsoft.DBforPostgreSQL/flexibleServers  java    systemAssignedIdentity");
  }

  @Test
  void waitDeletedPollsUntilNotFound() {
    arm.on(
        "GET",
        LINKER,
        Reply.of(200, linker("c1", PG, "Deleting")),
        Reply.of(404, "{\"error\":{\"code\":\"ResourceNotFound\",\"message\":\"gone\"}}"));
    var r = cli.run("containerapp", "connection", "wait", "--id", LINKER, "--deleted", "--interval", "0.05");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(arm.calls()).containsExactly("GET " + LINKER, "GET " + LINKER);
  }

  @Test
  void waitCreatedFailsOnFailedAndTimesOut() {
    arm.on("GET", LINKER, Reply.of(200, linker("c1", PG, "Creating")), Reply.of(200, linker("c1", PG, "Failed")));
    var failed = cli.run("containerapp", "connection", "wait", "--id", LINKER, "--created", "--interval", "0.05");
    assertThat(failed.exitCode()).isEqualTo(1);
    assertThat(failed.err()).isEqualTo("error: ProvisioningFailed: 'c1' ended in state Failed" + System.lineSeparator());

    arm.on("GET", LINKER, Reply.of(404, "{\"error\":{\"code\":\"ResourceNotFound\",\"message\":\"no\"}}"));
    var timeout =
        cli.run("containerapp", "connection", "wait", "--id", LINKER, "--created", "--interval", "0.2", "--timeout", "1");
    assertThat(timeout.exitCode()).isEqualTo(1);
    assertThat(timeout.err()).startsWith("error: Timeout: connection 'c1' did not meet the condition within 1 s");
  }

  @Test
  void createWithoutAsyncHeaderPollsProvisioningState() {
    arm.on("PUT", LINKER, Reply.of(201, linker("c1", PG, "Creating"), "Retry-After", "0"))
        .on(
            "GET",
            LINKER,
            Reply.of(200, linker("c1", PG, "Creating"), "Retry-After", "0"),
            Reply.of(200, linker("c1", PG, "Succeeded")));
    var r =
        cli.run(
            "containerapp", "connection", "create", "postgres-flexible",
            "--connection", "c1", "--source-id", APP, "--target-id", PG, "-o", "table");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(arm.calls()).containsExactly("PUT " + LINKER, "GET " + LINKER, "GET " + LINKER);
    assertThat(r.out()).contains("Succeeded");
  }
}
