package dev.switchboard.engine.export;

import dev.switchboard.core.store.Footprint;
import dev.switchboard.core.store.StoredResource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Builds the {@link ConnectionExport} of a stored connection, its footprint and its app. Pure. */
final class ExportModels {
    private ExportModels() { }

    /** {@code app} is null for a connector; {@code kind} is the target kind's name ({@code postgresql}…). */
    static ConnectionExport build(StoredResource linker, Footprint footprint, StoredResource app, String kind) {
        Map<String, Object> stored = linker.properties();
        List<SecretInput> inputs = new ArrayList<>();
        String vault = LinkerProperties.vaultId(stored);
        SecretInput password = LinkerProperties.needsPassword(stored) ? password(linker, footprint, vault) : null;
        if (password != null) inputs.add(password);
        ConnectionExport.App exportedApp = app == null ? null : AppBody.of(app, LinkerProperties.needsIdentity(stored), inputs);
        String passwordFrom = password != null ? "given as the secret input '" + password.name() + "'"
                : "read from the vault secret the connection names (authInfo.secretInfo)";
        return new ConnectionExport(linker.id(), LinkerProperties.exported(stored, password), exportedApp,
                Settings.of(footprint.projected()), TargetSteps.of(kind, footprint, passwordFrom), inputs, vault);
    }

    private static SecretInput password(StoredResource linker, Footprint f, String vault) {
        String where = vault == null ? "" : " Switchboard writes it to the vault " + vault
                + " (secretStore.keyVaultId) and the app gets a Key Vault reference, never the value.";
        return new SecretInput(SecretInput.identifier(linker.id().name(), "password"), "The password of login '" + f.login()
                + "' on " + f.server() + " for connection " + linker.id().name() + ". The login is set to it when the"
                + " connection is deployed; keep it in your secret store." + where);
    }
}
