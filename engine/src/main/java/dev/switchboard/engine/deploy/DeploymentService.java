package dev.switchboard.engine.deploy;

import dev.switchboard.core.deploy.DeploymentScope;
import dev.switchboard.core.deploy.PlannedResource;
import dev.switchboard.core.deploy.ReferenceResolver;
import dev.switchboard.core.deploy.TemplateEngine;
import dev.switchboard.core.failure.TerminalFailure;
import dev.switchboard.core.id.ResourceId;
import dev.switchboard.core.ownership.FieldConflict;
import dev.switchboard.core.ownership.Managers;
import dev.switchboard.core.store.Operation;
import dev.switchboard.core.store.StoredResource;
import dev.switchboard.engine.Json;
import dev.switchboard.engine.LinkerBodies;
import dev.switchboard.engine.LinkerService;
import dev.switchboard.engine.Stores;
import dev.switchboard.engine.resources.FieldOwnership;
import dev.switchboard.engine.resources.ResourceService;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * {@code Microsoft.Resources/deployments} at resource-group scope: a template is checked whole (nothing changes
 * when it cannot deploy: a 400 naming the template path), then its resources are written in dependency order through
 * the same services a direct request uses — resources through {@link ResourceService}, connections through
 * {@link LinkerService} (waiting for each; one that waits for its target while the template goes on, since the target
 * may come later in it) — each write recorded as a deployment operation. {@code Complete} mode
 * then deletes the group's resources the template no longer has, never a connection. A failure stops the
 * deployment where it is (as ARM does: no rollback) and the deployment says which resource failed and why.
 */
public final class DeploymentService {
    public static final String TYPE = "Microsoft.Resources/deployments";
    static final String OPERATIONS = "operations";
    private static final Duration CONNECTION_TIMEOUT = Duration.ofMinutes(5);

    private final Stores stores;
    private final ResourceService resources;
    private final LinkerService linkers;
    private final Clock clock;

    public DeploymentService(Stores stores, ResourceService resources, LinkerService linkers, Clock clock) {
        this.stores = stores;
        this.resources = resources;
        this.linkers = linkers;
        this.clock = clock;
    }

    public static boolean isDeployment(ResourceId id) {
        return id.fullType().equalsIgnoreCase(TYPE);
    }

    /** A checked request: the expanded template and the mode. */
    record Request(TemplateEngine.Expanded expanded, String mode) { }

    Request check(ResourceId deployment, Map<String, Object> body) {
        if (deployment.resourceGroup() == null || !deployment.parent().isResourceGroup()) {
            throw TerminalFailure.badRequest("InvalidDeploymentScope", "id", "deployments are made in a resource group");
        }
        Map<String, Object> p = Json.map(body.get("properties"));
        if (p.get("templateLink") != null) {
            throw TerminalFailure.badRequest("TemplateLinkNotSupported", "properties.templateLink", "give the template inline in properties.template");
        }
        if (!(p.get("template") instanceof Map<?, ?>)) throw TerminalFailure.missingField("properties.template");
        String mode = mode(p.get("mode"));
        StoredResource group = stores.resources().get(deployment.resourceGroupId()).orElseThrow(() -> TerminalFailure.notFound(
                "ResourceGroupNotFound", "resourceGroupName", "Resource group '" + deployment.resourceGroup() + "' could not be found."));
        String location = Optional.ofNullable(Json.str(group.body().get("location"))).orElse("local");
        TemplateEngine.Expanded x = TemplateEngine.expand(Json.map(p.get("template")), Json.map(p.get("parameters")),
                new DeploymentScope(deployment.subscriptionId(), deployment.resourceGroup(), deployment.name(), location));
        for (PlannedResource r : x.resources()) {
            ResourceId id = ResourceId.parse(r.id());
            if (!deployment.resourceGroup().equalsIgnoreCase(id.resourceGroup())) {
                throw TerminalFailure.badRequest("ResourceOutsideResourceGroup", r.templatePath(), "resource " + r.id()
                        + " is not in resource group '" + deployment.resourceGroup() + "', where this deployment runs");
            }
        }
        return new Request(x, mode);
    }

    private static String mode(Object raw) {
        if (raw == null) return "Incremental";
        if (raw instanceof String s) {
            for (String m : List.of("Incremental", "Complete")) if (m.equalsIgnoreCase(s)) return m;
        }
        throw TerminalFailure.badRequest("InvalidDeploymentMode", "properties.mode", "properties.mode must be Incremental or Complete");
    }

    /**
     * Checks the template, then deploys it now (the caller's thread) and returns the deployment as it ended:
     * provisioningState Succeeded with outputs, or Failed with the error of the resource that failed.
     */
    public StoredResource deploy(ResourceId deployment, Map<String, Object> body, String actor) {
        Request request = check(deployment, body);
        boolean force = Boolean.TRUE.equals(Json.map(body.get("properties")).get("force"));
        var conflicts = force ? Map.<ResourceId, List<FieldConflict>>of() : WhatIf.conflicts(stores, deployment, request);
        if (!conflicts.isEmpty()) {
            var first = conflicts.entrySet().iterator().next();
            throw FieldOwnership.refused(first.getKey(), first.getValue(),
                    "deploy with properties.force: true to take the field(s) over");
        }
        Instant start = clock.instant();
        DeploymentRecord record = DeploymentRecord.running(request, start);
        save(deployment, record, actor);
        clearOperations(deployment);
        ReferenceResolver resolver = this::reference;
        List<String> written = new ArrayList<>();
        Map<String, Waiting> waiting = new LinkedHashMap<>();
        try {
            for (PlannedResource r : request.expanded().resources()) {
                for (String d : r.dependsOn()) finish(deployment, waiting.remove(ResourceId.parse(d).key()));
                written.add(apply(deployment, r, request.expanded().body(r, resolver), actor, force, waiting));
            }
            for (Waiting w : List.copyOf(waiting.values())) finish(deployment, w);
            if (request.mode().equals("Complete")) deleteOthers(deployment, request, actor);
            Map<String, Object> outputs = request.expanded().outputs(resolver);
            record = record.succeeded(request.expanded().outputsEcho(outputs), written, clock.instant());
        } catch (TerminalFailure e) {
            record = record.failed(e.code(), e.getMessage(), e.target(), written, clock.instant());
        }
        return save(deployment, record, actor);
    }

    /**
     * One resource: through the service its type belongs to; recorded as an operation either way. A connection that
     * waits for its target is left to wait (in {@code waiting}): the target may be a resource further on in the
     * template; it is waited for before anything that depends on it, and at the end.
     */
    private String apply(ResourceId deployment, PlannedResource r, Map<String, Object> body, String actor, boolean force,
                         Map<String, Waiting> waiting) {
        ResourceId id = ResourceId.parse(r.id());
        Instant start = clock.instant();
        boolean existed = stores.resources().get(id).isPresent();
        try {
            if (isConnection(id)) {
                LinkerService.Accepted accepted = linkers.createOrUpdate(id, id.isExtension() ? id.scope() : null, body, false, null, actor);
                if (LinkerBodies.isWaiting(accepted.linker().properties())) {
                    waiting.put(id.key(), new Waiting(r, existed, start, accepted));
                    return r.id();
                }
                awaitConnection(id, accepted);
            } else {
                resources.put(id, body, null, actor, new FieldOwnership.Write(Managers.deployment(deployment.name()), force));
            }
            operation(deployment, r, existed, start, 200, "Succeeded", null);
            return r.id();
        } catch (TerminalFailure e) {
            throw failed(deployment, r, existed, start, e);
        }
    }

    /** A connection the deployment started that was waiting for its target. */
    private record Waiting(PlannedResource resource, boolean existed, Instant start, LinkerService.Accepted accepted) { }

    private void finish(ResourceId deployment, Waiting w) {
        if (w == null) return;
        try {
            awaitConnection(ResourceId.parse(w.resource().id()), w.accepted());
            operation(deployment, w.resource(), w.existed(), w.start(), 200, "Succeeded", null);
        } catch (TerminalFailure e) {
            throw failed(deployment, w.resource(), w.existed(), w.start(), e);
        }
    }

    private TerminalFailure failed(ResourceId deployment, PlannedResource r, boolean existed, Instant start, TerminalFailure e) {
        operation(deployment, r, existed, start, e.status(), "Failed", Map.of("code", e.code(), "message", e.getMessage()));
        return new TerminalFailure(e.status(), e.code(), r.templatePath(), "resource " + r.id() + " (" + r.templatePath()
                + ") failed: " + e.getMessage());
    }

    private static void awaitConnection(ResourceId id, LinkerService.Accepted accepted) {
        Operation ended;
        try {
            ended = accepted.completion().get(CONNECTION_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            throw TerminalFailure.conflict("ConnectionNotFinished", id.toString(), "the connection did not finish: " + e);
        }
        if (!Operation.SUCCEEDED.equals(ended.status())) {
            throw TerminalFailure.conflict(ended.errorCode() == null ? "ConnectionFailed" : ended.errorCode(), id.toString(),
                    String.valueOf(ended.errorMessage()));
        }
    }

    /** Complete mode: what the group holds and the template does not, except connections and what Switchboard made. */
    private void deleteOthers(ResourceId deployment, Request request, String actor) {
        java.util.Set<String> planned = new java.util.HashSet<>();
        request.expanded().resources().forEach(r -> planned.add(ResourceId.parse(r.id()).key()));
        List<StoredResource> inGroup = new ArrayList<>(resources.inGroup(deployment.resourceGroupId()));
        inGroup.sort((a, b) -> b.id().toString().length() - a.id().toString().length());
        for (StoredResource r : inGroup) {
            if (planned.contains(r.id().key()) || isDeployment(r.id()) || isDeploymentOperation(r.id())) continue;
            if (planned.stream().anyMatch(k -> r.id().key().startsWith(k + "/"))) continue; // a child of a kept resource
            resources.delete(r.id(), null);
        }
    }

    private Optional<Map<String, Object>> reference(String id) {
        ResourceId parsed = ResourceId.parse(id);
        return stores.resources().get(parsed).map(r -> {
            Map<String, Object> out = new LinkedHashMap<>(r.body());
            out.put("id", r.id().toString());
            out.put("name", r.id().name());
            out.put("type", r.id().fullType());
            return out;
        });
    }

    private void operation(ResourceId deployment, PlannedResource r, boolean existed, Instant start, int status, String state,
                           Map<String, Object> error) {
        String opId = String.format(Locale.ROOT, "%016X", (long) r.id().toLowerCase(Locale.ROOT).hashCode() & 0xffffffffL);
        ResourceId id = deployment.child(OPERATIONS, opId);
        stores.resources().put(id, DeploymentRecord.operation(r, existed, start, clock.instant(), status, state, error),
                null, "switchboard", clock.instant());
    }

    private void clearOperations(ResourceId deployment) {
        for (StoredResource op : stores.resources().children(deployment, TYPE + "/" + OPERATIONS)) stores.resources().delete(op.id(), null);
    }

    private StoredResource save(ResourceId deployment, DeploymentRecord record, String actor) {
        return stores.resources().put(deployment, record.body(), null, actor, clock.instant());
    }

    static boolean isConnection(ResourceId id) {
        String t = id.fullType().toLowerCase(Locale.ROOT);
        return t.equals("microsoft.servicelinker/linkers") || t.equals("microsoft.servicelinker/locations/connectors");
    }

    static boolean isDeploymentOperation(ResourceId id) {
        return id.fullType().equalsIgnoreCase(TYPE + "/" + OPERATIONS);
    }

    /** Removes a deployment's record and its operations (never what it deployed, as in ARM). */
    public boolean delete(ResourceId deployment) {
        clearOperations(deployment);
        return stores.resources().delete(deployment, null);
    }

    /** {@code POST …/whatIf}: what deploying would change, without changing anything. */
    public Map<String, Object> whatIf(ResourceId deployment, Map<String, Object> body) {
        Request request = check(deployment, body);
        return new WhatIf(stores, resources).of(deployment, request);
    }
}
