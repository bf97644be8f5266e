package dev.switchboard.engine;

/**
 * One configuration entry as {@code listConfigurations} shows it. {@code keyVaultReference}: the connection's
 * password lives in a vault, and {@code value} is the vault secret's URI (with version) instead of the password.
 */
public record ConnectionSetting(String name, String value, boolean keyVaultReference) {
    public ConnectionSetting renamed(String newName) {
        return new ConnectionSetting(newName, value, keyVaultReference);
    }
}
