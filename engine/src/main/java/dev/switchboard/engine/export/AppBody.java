package dev.switchboard.engine.export;

import dev.switchboard.core.id.ResourceId;
import dev.switchboard.core.ownership.FieldMerge;
import dev.switchboard.core.ownership.ManagedFields;
import dev.switchboard.core.ownership.Managers;
import dev.switchboard.core.store.StoredResource;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An app as a template writes it: its own properties (never a connection's settings, which the connection owns in
 * the app and writes again when it is deployed), its identity without the ids ARM makes, turned on when the connection logs in with it, and
 * the values of its {@code configuration.secrets} (which the store keeps outside the resource) as inputs.
 */
final class AppBody {
    private static final String SITES = "Microsoft.Web/sites";

    private AppBody() { }

    static ConnectionExport.App of(StoredResource app, boolean identityNeeded, List<SecretInput> inputs) {
        Map<String, Object> body = ownFields(app.body());
        Map<String, Object> properties = Trees.copyObject(body.get("properties"));
        properties.remove("provisioningState");
        secretsAsInputs(app.id(), properties, inputs);
        String location = body.get("location") instanceof String l ? l : "local";
        return new ConnectionExport.App(app.id(), apiVersion(app.id()), location, Trees.copyObject(body.get("tags")),
                identity(body.get("identity"), identityNeeded, isSite(app.id())), properties, containers(app.id(), properties));
    }

    /**
     * The app without what connections wrote into it (their settings, owned by them in the ledger, and the ledger
     * itself): a connection deployed from the export writes its own again.
     */
    static Map<String, Object> ownFields(Map<String, Object> body) {
        Map<String, Object> own = body;
        for (String manager : ManagedFields.of(body).owners().values().stream().flatMap(java.util.Set::stream)
                .filter(Managers::isConnection).distinct().toList()) {
            FieldMerge.Result r = FieldMerge.release(own, manager);
            own = r.fields().into(r.body());
        }
        return ManagedFields.strip(own);
    }

    static String apiVersion(ResourceId app) {
        return isSite(app) ? "2023-12-01" : "2024-03-01";
    }

    private static boolean isSite(ResourceId app) {
        return app.fullType().equalsIgnoreCase(SITES);
    }

    /** The type and the user-assigned identities' IDs; principalId, tenantId and clientId are ARM's to make. */
    private static Map<String, Object> identity(Object stored, boolean needed, boolean site) {
        Map<String, Object> given = Trees.copyObject(stored);
        String type = given.get("type") instanceof String t ? t : "None";
        if (needed && !type.contains("SystemAssigned") && !type.contains("UserAssigned")) type = "SystemAssigned";
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("type", type);
        if (given.get("userAssignedIdentities") instanceof Map<?, ?> ids && !ids.isEmpty()) {
            Map<String, Object> keys = new LinkedHashMap<>();
            ids.keySet().forEach(k -> keys.put(String.valueOf(k), new LinkedHashMap<>()));
            out.put("userAssignedIdentities", keys);
        }
        return out;
    }

    private static void secretsAsInputs(ResourceId app, Map<String, Object> properties, List<SecretInput> inputs) {
        if (!(properties.get("configuration") instanceof Map<?, ?> c) || !(c.get("secrets") instanceof List<?> secrets)) return;
        List<Object> out = new ArrayList<>();
        for (Object s : secrets) {
            Map<String, Object> secret = Trees.copyObject(s);
            String name = String.valueOf(secret.get("name"));
            SecretInput input = new SecretInput(SecretInput.identifier(app.name(), "secret " + name),
                    "The value of secret '" + name + "' of app " + app.name() + " (configuration.secrets).");
            inputs.add(input);
            secret.put("value", input);
            out.add(secret);
        }
        @SuppressWarnings("unchecked") Map<String, Object> configuration = (Map<String, Object>) c;
        configuration.put("secrets", out);
    }

    private static List<String> containers(ResourceId app, Map<String, Object> properties) {
        if (isSite(app)) return List.of("site");
        List<String> names = new ArrayList<>();
        Object template = properties.get("template");
        Object containers = template instanceof Map<?, ?> t ? t.get("containers") : null;
        if (containers instanceof List<?> l) {
            for (Object c : l) if (c instanceof Map<?, ?> m && m.get("name") instanceof String n) names.add(n);
        }
        return names;
    }
}
