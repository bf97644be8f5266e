package dev.switchboard.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Option;

/**
 * Where the connection's password lives: in a vault Switchboard writes it to ({@code --vault},
 * {@code --vault-secret-name}: properties.secretStore), or in the user's own vault secret
 * ({@code --secret-uri}: keyVaultSecretUri, {@code --secret-ref}: keyVaultSecretReference).
 */
final class VaultOptions {
  @Option(
      names = "--vault",
      paramLabel = "VAULT_ID",
      description =
          "Keep the connection's password in this Key Vault (properties.secretStore.keyVaultId):"
              + " the app is given a Key Vault reference, resolved when it starts.")
  String vault;

  @Option(
      names = "--vault-secret-name",
      paramLabel = "NAME",
      description =
          "Name of the vault secret the password is written to (with --vault; default:"
              + " generated).")
  String vaultSecretName;

  @Option(
      names = "--secret-uri",
      paramLabel = "URI",
      description =
          "Use the password in your own vault secret (keyVaultSecretUri):"
              + " https://VAULT.vault.switchboard.local/secrets/NAME[/VERSION].")
  String secretUri;

  @Option(
      names = "--secret-ref",
      paramLabel = "NAME[@VERSION]",
      description =
          "Use the password in your own secret NAME of the --vault vault"
              + " (keyVaultSecretReference), the latest version unless @VERSION is given.")
  String secretRef;

  boolean given() {
    return vault != null || vaultSecretName != null || secretUri != null || secretRef != null;
  }

  /** @param passwordGiven {@code --secret} already says what the password is */
  void check(boolean passwordGiven) throws UsageException {
    if (secretUri != null && secretRef != null) {
      throw new UsageException("give either --secret-uri or --secret-ref, not both");
    }
    if (passwordGiven && (secretUri != null || secretRef != null)) {
      throw new UsageException(
          "--secret-uri and --secret-ref say what the password is: drop secret=, secret-uri= and"
              + " secret-name= from --secret");
    }
    if (vault == null && (vaultSecretName != null || secretRef != null)) {
      throw new UsageException(
          (secretRef != null ? "--secret-ref" : "--vault-secret-name")
              + " needs the vault: give --vault VAULT_ID");
    }
    if (vault != null && vault.isBlank()) {
      throw new UsageException("--vault is empty");
    }
    if (secretRef != null && !secretRef.matches("[0-9A-Za-z-]{1,127}(@[0-9A-Fa-f]{32})?")) {
      throw new UsageException(
          "--secret-ref must be a vault secret name (letters, digits, '-'), optionally"
              + " @VERSION (32 hex digits), got '"
              + secretRef
              + "'");
    }
  }

  /** Call after {@link #check}: {@code auth} with the vault secretInfo set (made when null). */
  ObjectNode withSecretInfo(ObjectNode auth) {
    if (secretUri == null && secretRef == null) {
      return auth;
    }
    ObjectNode out = auth != null ? auth : Json.object().put("authType", "secret");
    ObjectNode info = out.putObject("secretInfo");
    if (secretUri != null) {
      info.put("secretType", "keyVaultSecretUri").put("value", secretUri);
      return out;
    }
    int at = secretRef.indexOf('@');
    info.put("secretType", "keyVaultSecretReference")
        .put("name", at < 0 ? secretRef : secretRef.substring(0, at));
    if (at >= 0) {
      info.put("version", secretRef.substring(at + 1));
    }
    return out;
  }

  /** Sets {@code secretStore} on the request's properties when {@code --vault} is given. */
  void addSecretStore(ObjectNode props) {
    if (vault == null) {
      return;
    }
    ObjectNode store = props.putObject("secretStore").put("keyVaultId", Ids.normalize(vault));
    if (vaultSecretName != null) {
      store.put("keyVaultSecretName", vaultSecretName);
    }
  }
}
