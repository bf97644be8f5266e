package dev.switchboard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.cli.FakeArm.Reply;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** {@code connection export}: the server's answer printed or written as it came, its refusals as one line. */
class ConnectionExportCommandTest extends AgainstFakeArm {
  static final String APP =
      "/subscriptions/" + CliHarness.SUB + "/resourceGroups/rg1/providers/Microsoft.App/containerApps/app1";
  static final String LINKER = APP + "/providers/Microsoft.ServiceLinker/linkers/c1";
  static final String TERRAFORM = "# Exported by Switchboard\nvariable \"c1_password\" {\n  sensitive = true\n}\n";

  @Test
  void printsTheExportAsTheServerSentIt() {
    arm.on("GET", LINKER + "/export", Reply.of(200, TERRAFORM));
    var r = cli.run("containerapp", "connection", "export", "-g", "rg1", "-n", "app1", "--connection", "c1",
        "--format", "terraform");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).isEqualTo(TERRAFORM);
    assertThat(arm.requests().getFirst().query()).isEqualTo("api-version=2024-04-01&format=terraform");
  }

  @Test
  void writesTheOutputFileWhenOneIsGiven() throws Exception {
    arm.on("GET", LINKER + "/export", Reply.of(200, TERRAFORM));
    Path file = tmp.resolve("c1.tf");
    var r = cli.run("connection", "export", "--id", LINKER, "--format", "terraform", "--output-file", file.toString());
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).isEmpty();
    assertThat(Files.readString(file)).isEqualTo(TERRAFORM);
    assertThat(r.err()).contains("exported connection 'c1' as terraform to " + file);
  }

  @Test
  void aRefusedFormatIsOneErrorLineAndAMissingOneAUsageError() {
    arm.on("GET", LINKER + "/export", Reply.of(400, "{\"error\":{\"code\":\"InvalidExportFormat\",\"target\":\"format\","
        + "\"message\":\"format: 'pulumi' is not an export format; use one of arm, bicep, terraform, kubernetes\"}}"));
    var bad = cli.run("connection", "export", "--id", LINKER, "--format", "pulumi");
    assertThat(bad.exitCode()).isEqualTo(1);
    assertThat(bad.err()).startsWith("error: InvalidExportFormat: format: 'pulumi' is not an export format");
    assertThat(bad.out()).isEmpty();

    var missing = cli.run("connection", "export", "--id", LINKER);
    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(missing.err()).contains("--format");
  }
}
