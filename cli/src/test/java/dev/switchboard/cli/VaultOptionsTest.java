package dev.switchboard.cli;

import static dev.switchboard.cli.ConnectionCommandsTest.APP;
import static dev.switchboard.cli.ConnectionCommandsTest.LINKER;
import static dev.switchboard.cli.ConnectionCommandsTest.PG;
import static dev.switchboard.cli.ConnectionCommandsTest.RG;
import static dev.switchboard.cli.ConnectionCommandsTest.json;
import static dev.switchboard.cli.ConnectionCommandsTest.linker;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.cli.FakeArm.Reply;
import org.junit.jupiter.api.Test;

/** {@code --vault}, {@code --vault-secret-name}, {@code --secret-uri}, {@code --secret-ref} on connection create/update. */
class VaultOptionsTest extends AgainstFakeArm {
  static final String VAULT = RG + "rg1/providers/Microsoft.KeyVault/vaults/kv1";
  static final String VERSION = "0123456789abcdef0123456789abcdef";

  private CliHarness.Result create(String... extra) {
    arm.on("PUT", LINKER, Reply.of(200, linker("c1", PG, "Succeeded")));
    String[] base = {
      "containerapp", "connection", "create", "postgres-flexible",
      "--connection", "c1", "--source-id", APP, "--target-id", PG, "--no-wait"
    };
    String[] args = new String[base.length + extra.length];
    System.arraycopy(base, 0, args, 0, base.length);
    System.arraycopy(extra, 0, args, base.length, extra.length);
    return cli.run(args);
  }

  @Test
  void vaultAndSecretNameBecomeTheSecretStore() {
    var r = create("--vault", VAULT, "--vault-secret-name", "db-pw");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(arm.requests().getFirst().json().path("properties").path("secretStore"))
        .isEqualTo(json("{\"keyVaultId\":\"" + VAULT + "\",\"keyVaultSecretName\":\"db-pw\"}"));
    assertThat(arm.requests().getFirst().json().at("/properties/authInfo"))
        .isEqualTo(json("{\"authType\":\"secret\"}"));
  }

  @Test
  void secretRefWithVersionIsAKeyVaultSecretReference() {
    var r = create("--vault", VAULT, "--secret-ref", "db-pw@" + VERSION, "--secret", "name=app");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(arm.requests().getFirst().json().at("/properties/authInfo"))
        .isEqualTo(json("""
            {"authType":"secret","name":"app","secretInfo":{"secretType":"keyVaultSecretReference",
             "name":"db-pw","version":"%s"}}""".formatted(VERSION)));
  }

  @Test
  void secretUriIsAKeyVaultSecretUri() {
    String uri = "https://kv1.vault.switchboard.local/secrets/db-pw";
    var r = create("--secret-uri", uri);
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(arm.requests().getFirst().json().at("/properties/authInfo/secretInfo"))
        .isEqualTo(json("{\"secretType\":\"keyVaultSecretUri\",\"value\":\"" + uri + "\"}"));
    assertThat(arm.requests().getFirst().json().path("properties").has("secretStore")).isFalse();
  }

  @Test
  void onlyTheVaultIsEnoughForAnUpdate() {
    arm.on("PATCH", LINKER, Reply.of(200, linker("c1", PG, "Succeeded")));
    var r = cli.run("containerapp", "connection", "update", "postgres-flexible", "--id", LINKER, "--vault", VAULT, "--no-wait");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(arm.requests().getFirst().json())
        .isEqualTo(json("{\"properties\":{\"secretStore\":{\"keyVaultId\":\"" + VAULT + "\"}}}"));
  }

  @Test
  void contradictionsAreUsageErrorsAndSendNothing() {
    assertThat(create("--secret-ref", "db-pw").err()).contains("--secret-ref needs the vault");
    assertThat(create("--vault-secret-name", "x").err()).contains("--vault-secret-name needs the vault");
    assertThat(create("--vault", VAULT, "--secret-ref", "a", "--secret-uri", "https://x").err()).contains("not both");
    assertThat(create("--secret-uri", "https://x", "--secret", "secret=pw").err()).contains("drop secret=");
    assertThat(create("--vault", VAULT, "--secret-ref", "bad_name").err()).contains("--secret-ref must be");
    assertThat(create("--vault", VAULT, "--secret-ref", "db-pw@v1").exitCode()).isEqualTo(2);
    assertThat(arm.requests()).isEmpty();
  }
}
