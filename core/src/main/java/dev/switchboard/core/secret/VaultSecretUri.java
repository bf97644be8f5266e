package dev.switchboard.core.secret;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The address of a secret in one of Switchboard's own vaults, as Key Vault writes it:
 * {@code https://{vault}.vault.switchboard.local/secrets/{name}[/{version}]}. Vault and secret names follow
 * Key Vault's rules (a vault: 3-24 letters, digits and '-', starting with a letter; a secret: 1-127 letters,
 * digits and '-'; a version: 32 hex digits), so a URI that parses names nothing but a vault secret.
 */
public record VaultSecretUri(String vault, String name, String version) {
    public static final String HOST_SUFFIX = ".vault.switchboard.local";
    public static final Pattern VAULT_NAME = Pattern.compile("[a-zA-Z][a-zA-Z0-9-]{1,22}[a-zA-Z0-9]");
    public static final Pattern SECRET_NAME = Pattern.compile("[0-9a-zA-Z-]{1,127}");
    public static final Pattern VERSION = Pattern.compile("[0-9a-fA-F]{32}");
    private static final Pattern URI = Pattern.compile("https://(" + VAULT_NAME.pattern() + ")" + Pattern.quote(HOST_SUFFIX)
            + "(?::443)?/secrets/(" + SECRET_NAME.pattern() + ")(?:/(" + VERSION.pattern() + "))?/?", Pattern.CASE_INSENSITIVE);

    public VaultSecretUri {
        vault = vault.toLowerCase(Locale.ROOT);
        version = version == null ? null : version.toLowerCase(Locale.ROOT);
    }

    public static String vaultUri(String vault) {
        return "https://" + vault.toLowerCase(Locale.ROOT) + HOST_SUFFIX + "/";
    }

    /** Empty for anything that is not a secret URI of a Switchboard vault (another host, a path, a bad name). */
    public static Optional<VaultSecretUri> parse(String raw) {
        if (raw == null) return Optional.empty();
        Matcher m = URI.matcher(raw);
        if (!m.matches()) return Optional.empty();
        return Optional.of(new VaultSecretUri(m.group(1), m.group(2), m.group(3)));
    }

    public VaultSecretUri withVersion(String v) {
        return new VaultSecretUri(vault, name, v);
    }

    /** {@code secretUri}, without the version. */
    public String secretUri() {
        return vaultUri(vault) + "secrets/" + name;
    }

    /** {@code secretUriWithVersion} when the version is known, else {@link #secretUri()}. */
    @Override
    public String toString() {
        return version == null ? secretUri() : secretUri() + "/" + version;
    }
}
