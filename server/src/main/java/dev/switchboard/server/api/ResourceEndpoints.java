package dev.switchboard.server.api;

import dev.switchboard.core.access.Decision;
import dev.switchboard.core.compute.AppHost;
import dev.switchboard.core.compute.AppObservation;
import dev.switchboard.core.failure.TerminalFailure;
import dev.switchboard.core.id.ResourceId;
import dev.switchboard.core.ownership.Managers;
import dev.switchboard.core.store.StoredResource;
import dev.switchboard.engine.AppProjector;
import dev.switchboard.engine.deploy.DeploymentService;
import dev.switchboard.engine.resources.FieldOwnership;
import dev.switchboard.engine.resources.ResourceService;
import dev.switchboard.engine.revisions.AppRuntime;
import dev.switchboard.engine.revisions.RevisionRecord;
import dev.switchboard.engine.revisions.RevisionStore;

import java.util.List;

import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/** Resource groups and resources: PUT, GET, LIST, DELETE with ETags. */
public final class ResourceEndpoints {
    private final ResourceService resources;
    private final AppRuntime apps;
    private final AppHost host;
    private final java.util.function.BiFunction<ResourceId, String, RevisionRecord> revisionActions;
    private final DeploymentService deployments;

    public ResourceEndpoints(ResourceService resources, AppRuntime apps, AppHost host,
                             java.util.function.BiFunction<ResourceId, String, RevisionRecord> revisionActions,
                             DeploymentService deployments) {
        this.resources = resources;
        this.apps = apps;
        this.host = host;
        this.revisionActions = revisionActions;
        this.deployments = deployments;
    }

    /** {@code POST …/deployments/{name}/whatIf}: what it would change; {@code …/validate}: whether it would deploy. */
    public ApiResponse deploymentAction(ApiRequest req, ApiPath.DeploymentAction path) {
        ApiVersions.check(req.apiVersion(), false);
        if (!req.method().equals("POST")) throw new TerminalFailure(405, "MethodNotAllowed", "method", req.method() + " is not allowed here");
        Map<String, Object> body = requireBody(req);
        if (path.action().equals("whatif")) return ApiResponse.ok(deployments.whatIf(path.deployment(), body));
        deployments.whatIf(path.deployment(), body); // checks the template whole, changes nothing
        return ApiResponse.ok(Map.of("id", path.deployment().toString(), "name", path.deployment().name(),
                "properties", Map.of("provisioningState", "Succeeded")));
    }

    /** {@code POST {app}/revisions/{name}/activate | deactivate | restart}: the revision as it is afterwards. */
    public ApiResponse revisionAction(ApiRequest req, ApiPath.RevisionAction path) {
        ApiVersions.check(req.apiVersion(), false);
        if (!req.method().equals("POST")) throw new TerminalFailure(405, "MethodNotAllowed", "method", req.method() + " is not allowed here");
        find(path.revision());
        revisionActions.apply(path.revision(), path.action());
        return ApiResponse.ok(withLiveState(ResourceViews.view(find(path.revision())), path.revision()));
    }

    public ApiResponse listGroups(ApiRequest req, ApiPath.ResourceGroups path, Predicate<ResourceId> visible) {
        ApiVersions.check(req.apiVersion(), false);
        LinkerEndpoints.requireGet(req);
        return ApiResponse.ok(ResourceViews.list(resources.list(ResourceId.subscription(path.subscription()),
                "Microsoft.Resources/resourceGroups"), visible));
    }

    public ApiResponse list(ApiRequest req, ApiPath.ResourceList path, Predicate<ResourceId> visible) {
        ApiVersions.check(req.apiVersion(), false);
        LinkerEndpoints.requireGet(req);
        Map<String, Object> list = ResourceViews.list(resources.list(path.parent(), path.fullType()), visible);
        if (!RevisionStore.FULL_TYPE.equalsIgnoreCase(path.fullType())) return ApiResponse.ok(list);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> value = (List<Map<String, Object>>) list.get("value");
        list.put("value", value.stream().map(v -> withLiveState(new java.util.LinkedHashMap<>(v), ResourceId.parse((String) v.get("id")))).toList());
        return ApiResponse.ok(list);
    }

    /** {@code GET {app}/logs?tail=N&container=C}: the last lines the app's processes printed, {@code {"value": [...]}}. */
    public ApiResponse logs(ApiRequest req, ApiPath.AppLogs path) {
        ApiVersions.check(req.apiVersion(), false);
        LinkerEndpoints.requireGet(req);
        find(path.app());
        int tail = tail(req.query().get("tail"));
        String container = req.query().get("container");
        // A container app's processes are its revisions': the one serving, or the one ?revision= names.
        String revision = req.query().get("revision");
        ResourceId source = revision != null ? revisionOf(path.app(), revision)
                : apps.serving(path.app()).map(RevisionRecord::id).orElse(path.app());
        return ApiResponse.ok(Map.of("value", host.logs(source, container, tail)));
    }

    private ResourceId revisionOf(ResourceId app, String name) {
        ResourceId id;
        try {
            id = app.child(RevisionStore.TYPE, name);
        } catch (RuntimeException e) {
            throw TerminalFailure.invalidField("revision", "is not a revision name");
        }
        find(id);
        return id;
    }

    private static int tail(String raw) {
        if (raw == null) return 100;
        try {
            int n = Integer.parseInt(raw);
            if (n >= 1 && n <= 10_000) return n;
        } catch (NumberFormatException e) {
            // answered below
        }
        throw TerminalFailure.invalidField("tail", "must be a whole number from 1 to 10000");
    }

    public ApiResponse listGroup(ApiRequest req, ApiPath.GroupResources path, Predicate<ResourceId> visible) {
        ApiVersions.check(req.apiVersion(), false);
        LinkerEndpoints.requireGet(req);
        find(path.group());
        return ApiResponse.ok(ResourceViews.list(resources.inGroup(path.group()), visible));
    }

    public ApiResponse handle(ApiRequest req, ApiPath.Resource path, String actor) {
        ApiVersions.check(req.apiVersion(), false);
        ResourceId id = path.id();
        if (!id.isResource() && !id.isResourceGroup()) throw TerminalFailure.notFound("InvalidResourceType", "path", "not a resource");
        if (isRevision(id) && !req.method().equals("GET")) {
            throw new TerminalFailure(405, "MethodNotAllowed", "method", "revisions are made from the app's template and"
                    + " connections; change the app, or POST activate, deactivate or restart");
        }
        return switch (req.method()) {
            case "GET" -> {
                StoredResource r = find(id);
                yield ApiResponse.ok(withLiveState(ResourceViews.view(r), id)).withHeader("ETag", r.etag());
            }
            case "PUT" -> DeploymentService.isDeployment(id) ? deploy(req, id, actor) : put(req, id, actor);
            case "PATCH" -> patch(req, id, actor);
            case "DELETE" -> (DeploymentService.isDeployment(id) ? deployments.delete(id) : resources.delete(id, req.header("If-Match")))
                    ? ApiResponse.ok(null) : ApiResponse.noContent();
            default -> throw new TerminalFailure(405, "MethodNotAllowed", "method", req.method() + " is not allowed here");
        };
    }

    /** A deployment runs while the request waits, and answers as it ended (Succeeded, or Failed with the resource that failed). */
    private ApiResponse deploy(ApiRequest req, ResourceId id, String actor) {
        boolean existed = resources.get(id).isPresent();
        StoredResource ended = deployments.deploy(id, requireBody(req), actor);
        return ApiResponse.of(existed ? 200 : 201, ResourceViews.view(ended)).withHeader("ETag", ended.etag());
    }

    private ApiResponse put(ApiRequest req, ResourceId id, String actor) {
        Map<String, Object> body = requireBody(req);
        ResourceService.Written w = resources.put(id, ResourceViews.writable(body), req.header("If-Match"), actor, write(req));
        return ApiResponse.of(w.created() ? 201 : 200, ResourceViews.view(w.resource())).withHeader("ETag", w.resource().etag());
    }

    /** A direct write is the user's; {@code ?force=true} takes fields other managers own over (Switchboard's own flag). */
    private static FieldOwnership.Write write(ApiRequest req) {
        String force = req.query().get("force");
        if (force != null && !force.equalsIgnoreCase("true") && !force.equalsIgnoreCase("false")) {
            throw TerminalFailure.invalidField("force", "must be true or false");
        }
        return new FieldOwnership.Write(Managers.USER, "true".equalsIgnoreCase(force));
    }

    /** PATCH merges top-level fields and {@code properties} one level deep (enough for tags and settings). */
    private ApiResponse patch(ApiRequest req, ResourceId id, String actor) {
        StoredResource current = find(id);
        Map<String, Object> merged = new java.util.LinkedHashMap<>(current.body());
        Map<String, Object> given = ResourceViews.writable(requireBody(req));
        given.forEach((k, v) -> merged.put(k, k.equals("properties") ? mergeProperties(current.properties(), v) : v));
        ResourceService.Written w = resources.put(id, merged, req.header("If-Match"), actor, write(req));
        return ApiResponse.ok(ResourceViews.view(w.resource())).withHeader("ETag", w.resource().etag());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> mergeProperties(Map<String, Object> current, Object given) {
        Map<String, Object> out = new java.util.LinkedHashMap<>(current);
        if (given instanceof Map<?, ?> m) out.putAll((Map<String, Object>) m);
        return out;
    }

    /**
     * Apps also show how they run now: their state, each replica's state and restarts, and the local address the
     * host gave them. A replica's environment is never shown: it holds the app's secrets.
     */
    @SuppressWarnings("unchecked")
    private Map<String, Object> withLiveState(Map<String, Object> view, ResourceId id) {
        if (isRevision(id)) return RevisionViews.withLiveState(view, host.observe(id), host.ingressPort(id));
        if (!AppProjector.isApp(id)) return view;
        Map<String, Object> properties = new java.util.LinkedHashMap<>((Map<String, Object>) view.getOrDefault("properties", Map.of()));
        Optional<AppObservation> observed = apps.observe(id);
        if (AppRuntime.hasRevisions(id)) apps.serving(id).ifPresent(r -> properties.put("latestReadyRevisionName", r.name()));
        properties.put("runningStatus", observed.map(o -> statusName(o.state())).orElse("Stopped"));
        properties.put("replicaStatus", observed.map(o -> o.replicas().stream().map(ResourceEndpoints::replicaStatus).toList())
                .orElse(java.util.List.of()));
        // The ingress port outlives the processes behind it; an app without one is reached on its process's port.
        observed.ifPresent(o -> {
            int port = o.ingressPort() > 0 ? o.ingressPort() : o.primary() == null ? 0 : o.primary().port();
            if (port > 0) properties.put("latestRevisionFqdn", "127.0.0.1:" + port);
        });
        view.put("properties", properties);
        return view;
    }

    /** Title case (Running, Failed, ...), except Kubernetes' own spelling of a crash loop, which users search for. */
    private static String statusName(AppObservation.State state) {
        if (state == AppObservation.State.CRASH_LOOP_BACKOFF) return "CrashLoopBackOff";
        return state.name().charAt(0) + state.name().substring(1).toLowerCase(java.util.Locale.ROOT);
    }

    private static Map<String, Object> replicaStatus(AppObservation.Replica r) {
        Map<String, Object> out = new java.util.LinkedHashMap<>();
        out.put("name", r.container());
        out.put("state", statusName(r.state()));
        out.put("restartCount", r.restartCount());
        out.put("lastError", r.lastError());
        out.put("nextRestartAt", r.nextRestartAt() == null ? null : r.nextRestartAt().toString());
        return out;
    }

    private static boolean isRevision(ResourceId id) {
        return RevisionStore.FULL_TYPE.equalsIgnoreCase(id.fullType());
    }

    /** The same 404 a token gets for a resource outside its scope ({@link Decision#failure()}): the two cannot be told apart. */
    private StoredResource find(ResourceId id) {
        return resources.get(id).orElseThrow(() -> Decision.notFound(id).failure());
    }

    static Map<String, Object> requireBody(ApiRequest req) {
        if (req.body() == null) throw TerminalFailure.badRequest("InvalidRequestContent", "body", "The request body is required.");
        return req.body();
    }
}
