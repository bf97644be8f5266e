package dev.switchboard.engine;

import dev.switchboard.core.id.ResourceId;
import dev.switchboard.core.linker.DriftPolicy;
import dev.switchboard.core.linker.ValidationItem;
import dev.switchboard.core.store.Footprint;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The JSON shapes of linkers and their reports, as plain maps (the server serialises them). */
public final class LinkerBodies {
    private LinkerBodies() { }

    @SuppressWarnings("unchecked")
    static Map<String, Object> properties(Map<String, Object> body) {
        Object p = body == null ? null : body.get("properties");
        return p instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    static final String PROVISIONING_ERROR = "provisioningError";
    /** The drift the reconciler found and, by the connection's policy, left as it is (see {@link #withDrift}). */
    public static final String DRIFT = "drift";
    /** What a connection waits for before it is made (its target, why, until when): see {@link TargetWait}. */
    public static final String WAITING_FOR = "waitingFor";
    public static final String WAITING = "Waiting";

    /** PUT replaces the properties; PATCH merges the given top-level properties into the stored ones. */
    static Map<String, Object> merge(Map<String, Object> stored, Map<String, Object> given, boolean patch) {
        Map<String, Object> out = new LinkedHashMap<>(patch ? stored : Map.of());
        out.putAll(given);
        out.remove("provisioningState");
        out.remove(PROVISIONING_ERROR);
        out.remove(DRIFT); // the reconciler's to say, and a write applies the connection again anyway
        out.remove(WAITING_FOR);
        if (patch && given.containsKey("authInfo") && !(asMap(given.get("authInfo")).containsKey("secretInfo"))) {
            out.put("authInfo", asMap(given.get("authInfo")));
        }
        return out;
    }

    /** The stored (and answered) form: the login name filled in, any secret value dropped. */
    static Map<String, Object> withoutSecrets(Map<String, Object> properties, String login) {
        Map<String, Object> out = new LinkedHashMap<>(properties);
        Map<String, Object> auth = new LinkedHashMap<>(asMap(properties.get("authInfo")));
        Map<String, Object> secretInfo = asMap(auth.get("secretInfo"));
        auth.remove("secretInfo");
        if (secretInfo.get("secretType") instanceof String type) auth.put("secretInfo", withoutValue(secretInfo, type));
        if (login != null) auth.put("name", login);
        out.put("authInfo", auth);
        return withDefaults(out);
    }

    /**
     * A raw value is the password itself and goes; a vault secret's name, version or URI only says where the
     * password is, and must stay so that a later PATCH still knows it.
     */
    private static Map<String, Object> withoutValue(Map<String, Object> secretInfo, String type) {
        if (!type.equals("keyVaultSecretReference") && !type.equals("keyVaultSecretUri")) return Map.of("secretType", type);
        Map<String, Object> kept = new LinkedHashMap<>();
        for (String k : List.of("secretType", "name", "version", "value")) {
            if (secretInfo.get(k) instanceof String v) kept.put(k, v);
        }
        return kept;
    }

    /** ARM answers with every property; the ones the request left out are shown with their defaults. */
    private static Map<String, Object> withDefaults(Map<String, Object> p) {
        p.putIfAbsent("clientType", "none");
        p.putIfAbsent(DriftPolicy.PROPERTY, DriftPolicy.HEAL.wire());
        Map<String, Object> config = new LinkedHashMap<>(asMap(p.get("configurationInfo")));
        config.putIfAbsent("customizedKeys", Map.of());
        config.putIfAbsent("additionalConfigurations", Map.of());
        config.putIfAbsent("deleteOrUpdateBehavior", "Default");
        p.put("configurationInfo", config);
        // Local targets need no firewall change: the solution is "opt out", with no rules.
        p.putIfAbsent("publicNetworkSolution", Map.of("action", "optOut", "deleteOrUpdateBehavior", "Default",
                "firewallRules", Map.of("callerClientIP", "false", "ipRanges", java.util.List.of())));
        p.putIfAbsent("scope", null);
        Map<String, Object> secretStore = new LinkedHashMap<>();
        secretStore.put("keyVaultId", null);
        p.putIfAbsent("secretStore", secretStore);
        return p;
    }

    /**
     * The time of the last rotation is Switchboard's to record: a write cannot set it, and a write that keeps a
     * schedule keeps it (else the schedule would count from the connection's creation again).
     */
    static void keepLastRotation(Map<String, Object> properties, Map<String, Object> stored) {
        if (!(properties.get("rotation") instanceof Map<?, ?> given)) return;
        Map<String, Object> rotation = new LinkedHashMap<>(asMap(given));
        rotation.remove("lastRotatedAt");
        Object last = asMap(stored.get("rotation")).get("lastRotatedAt");
        if (last != null) rotation.put("lastRotatedAt", last);
        properties.put("rotation", rotation);
    }

    /** A connection's {@code rotation} object with the time of its last rotation set. */
    static Map<String, Object> rotated(Object rotation, java.time.Instant at) {
        Map<String, Object> out = new LinkedHashMap<>(asMap(rotation));
        out.put("lastRotatedAt", at.toString());
        return out;
    }

    static Map<String, Object> withState(Map<String, Object> properties, String state) {
        Map<String, Object> out = new LinkedHashMap<>(properties);
        out.put("provisioningState", state);
        out.remove(PROVISIONING_ERROR);
        out.remove(WAITING_FOR);
        return out;
    }

    /** Waiting for its target: {@code waitingFor} says which, why (the code and message it was refused with) and until when. */
    static Map<String, Object> waiting(Map<String, Object> properties, ResourceId target, String code, String message, Instant until) {
        Map<String, Object> out = withState(properties, WAITING);
        Map<String, Object> waiting = new LinkedHashMap<>();
        waiting.put("targetId", target.toString());
        waiting.put("code", code);
        waiting.put("message", message);
        waiting.put("until", until.toString());
        out.put(WAITING_FOR, waiting);
        return out;
    }

    public static boolean isWaiting(Map<String, Object> properties) {
        return WAITING.equals(properties.get("provisioningState"));
    }

    /** The code of the failure a waiting connection waits out (null when it does not wait). */
    static String waitingCode(Map<String, Object> properties) {
        return asMap(properties.get(WAITING_FOR)).get("code") instanceof String code ? code : null;
    }

    /**
     * Whether the request may have given a password, which the stored form does not keep ({@code secretInfo} of type
     * {@code rawValue}, its value dropped): such a request cannot be taken up again from the store alone.
     */
    static boolean mayHaveGivenPassword(Map<String, Object> properties) {
        return "rawValue".equals(asMap(asMap(properties.get("authInfo")).get("secretInfo")).get("secretType"));
    }

    /** The properties with {@code drift} (a list of findings) shown, or with none when it is empty. */
    static Map<String, Object> withDrift(Map<String, Object> properties, List<Map<String, Object>> drift) {
        Map<String, Object> out = new LinkedHashMap<>(properties);
        if (drift.isEmpty()) out.remove(DRIFT);
        else out.put(DRIFT, drift);
        return out;
    }

    /** Why the connection's last operation failed: its error, kept on the resource until one succeeds. */
    static Map<String, Object> failed(Map<String, Object> properties, String code, String message) {
        Map<String, Object> out = withState(properties, "Failed");
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code);
        error.put("message", message);
        out.put(PROVISIONING_ERROR, error);
        return out;
    }

    /** The error a failed connection keeps ({@code {code, message}}), if any. */
    public static Optional<String> failureCode(Map<String, Object> properties) {
        return properties.get(PROVISIONING_ERROR) instanceof Map<?, ?> m && m.get("code") instanceof String c
                ? Optional.of(c) : Optional.empty();
    }

    /** ServiceLinker's ValidateOperationResult. */
    public static Map<String, Object> validationReport(ResourceId linkerId, Footprint f, List<ValidationItem> items,
                                                       Instant start, Instant end) {
        List<Map<String, Object>> detail = new ArrayList<>();
        for (ValidationItem i : items) detail.add(item(i));
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("isConnectionAvailable", items.stream().allMatch(ValidationItem::passed));
        p.put("linkerName", linkerId.name());
        p.put("reportStartTimeUtc", start.toString());
        p.put("reportEndTimeUtc", end.toString());
        p.put("sourceId", f.source() == null ? null : f.source().toString());
        p.put("targetId", f.target().toString());
        p.put("authType", "secret");
        p.put("validationDetail", detail);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", linkerId.toString());
        out.put("status", "Succeeded");
        out.put("properties", p);
        return out;
    }

    private static Map<String, Object> item(ValidationItem i) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", i.name());
        m.put("description", i.description());
        m.put("result", i.result().wire());
        if (i.errorCode() != null) m.put("errorCode", i.errorCode());
        if (i.errorMessage() != null) m.put("errorMessage", i.errorMessage());
        return m;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> asMap(Object o) {
        return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }
}
