package dev.switchboard.engine;

import dev.switchboard.core.failure.TerminalFailure;
import dev.switchboard.core.failure.TransientFailure;
import dev.switchboard.core.id.ResourceId;
import dev.switchboard.core.linker.LinkerSpec;
import dev.switchboard.core.linker.LinkerSpecReader;
import dev.switchboard.core.plan.PlannedStep;
import dev.switchboard.core.store.StoredResource;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Dry runs: what creating a connection would check and do, answered from the same preparation and planner as
 * the real thing, without changing anything but the stored dry-run resource itself.
 */
public final class DryrunService {
    private final Stores stores;
    private final LinkerPreparer preparer;
    private final Clock clock;

    public DryrunService(Stores stores, LinkerPreparer preparer, Clock clock) {
        this.stores = stores;
        this.preparer = preparer;
        this.clock = clock;
    }

    public StoredResource put(ResourceId dryrunId, ResourceId source, Map<String, Object> parameters, String actor) {
        if (parameters.isEmpty()) throw TerminalFailure.missingField("properties.parameters");
        String action = String.valueOf(parameters.getOrDefault("actionName", ""));
        if (!"createOrUpdate".equals(action)) {
            throw TerminalFailure.badRequest("InvalidDryrunAction", "properties.parameters.actionName",
                    "properties.parameters.actionName must be 'createOrUpdate'");
        }
        List<Map<String, Object>> prerequisites = new ArrayList<>();
        List<Map<String, Object>> previews = new ArrayList<>();
        try {
            LinkerSpec spec = LinkerSpecReader.read(parameters);
            // The would-be connection is named after the dry run: only its generated login name depends on it.
            PreparedLinker prepared = preparer.prepare(dryrunId, source, spec);
            for (PlannedStep step : prepared.steps()) previews.add(preview(step));
        } catch (TerminalFailure e) {
            prerequisites.add(basicError(e.code(), e.getMessage()));
        } catch (TransientFailure e) {
            prerequisites.add(basicError("TargetUnreachable", e.getMessage()));
        }
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("parameters", LinkerBodies.withoutSecrets(parameters, null));
        properties.put("prerequisiteResults", prerequisites);
        properties.put("operationPreviews", previews);
        properties.put("provisioningState", "Succeeded");
        return stores.resources().put(dryrunId, Map.of("properties", properties), null, actor, clock.instant());
    }

    private static Map<String, Object> basicError(String code, String message) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "basicError");
        m.put("code", code);
        m.put("message", message);
        return m;
    }

    private static Map<String, Object> preview(PlannedStep step) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", step.name());
        switch (step) {
            case PlannedStep.EnsureLogin s -> fill(m, "configAuth", "Create or update the connection's login '" + s.login() + "'",
                    s.server().fullType() + "/write", s.server());
            case PlannedStep.GrantAccess s -> fill(m, "configAuth", "Grant '" + s.login() + "' its least privilege: "
                    + s.scope().describe(), s.server().fullType() + "/write", s.server());
            case PlannedStep.ProjectConfiguration s -> fill(m, "configConnection", "Set " + s.items().size()
                    + " configuration values on the app and restart it", s.source() == null ? "none" : s.source().fullType() + "/write",
                    s.source());
            case PlannedStep.RemoveConfiguration s -> fill(m, "configConnection", "Remove the connection's configuration from the app",
                    s.source() == null ? "none" : s.source().fullType() + "/write", s.source());
            case PlannedStep.RevokeAccess s -> fill(m, "configAuth", "Revoke the login's grants", s.server().fullType() + "/write", s.server());
            case PlannedStep.DropLogin s -> fill(m, "configAuth", "Drop the login '" + s.login() + "'", s.server().fullType() + "/write", s.server());
            case PlannedStep.ConfirmConnection s -> fill(m, "validate", "Validate the connection as its app uses it",
                    s.linker().fullType() + "/validateLinker/action", s.linker());
        }
        return m;
    }

    private static void fill(Map<String, Object> m, String type, String description, String action, ResourceId scope) {
        m.put("operationType", type);
        m.put("description", description);
        m.put("action", action);
        m.put("scope", scope == null ? null : scope.toString());
    }
}
