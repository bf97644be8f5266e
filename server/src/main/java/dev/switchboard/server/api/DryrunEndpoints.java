package dev.switchboard.server.api;

import dev.switchboard.core.failure.TerminalFailure;
import dev.switchboard.core.id.ResourceId;
import dev.switchboard.core.store.StoredResource;
import dev.switchboard.engine.DryrunService;
import dev.switchboard.engine.resources.ResourceService;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;

/** Dry runs of connections, on an app or on a resource group and location. */
public final class DryrunEndpoints {
    private final DryrunService dryruns;
    private final ResourceService resources;

    public DryrunEndpoints(DryrunService dryruns, ResourceService resources) {
        this.dryruns = dryruns;
        this.resources = resources;
    }

    public ApiResponse list(ApiRequest req, ApiPath.Dryruns path, Predicate<ResourceId> visible) {
        ApiVersions.check(req.apiVersion(), true);
        LinkerEndpoints.requireGet(req);
        String type = path.scope().isExtension() || !path.scope().fullType().endsWith("/locations")
                ? ApiPath.LINKER_NS + "/dryruns" : ApiPath.LINKER_NS + "/locations/dryruns";
        return ApiResponse.ok(ResourceViews.list(resources.list(path.scope(), type), visible));
    }

    public ApiResponse handle(ApiRequest req, ApiPath.Dryrun path, String actor) {
        ApiVersions.check(req.apiVersion(), true);
        return switch (req.method()) {
            case "GET" -> ApiResponse.ok(ResourceViews.view(find(path)));
            case "PUT" -> {
                boolean created = resources.get(path.id()).isEmpty();
                yield ApiResponse.of(created ? 201 : 200, ResourceViews.view(dryruns.put(path.id(), path.source(),
                        parameters(ResourceEndpoints.requireBody(req)), actor)));
            }
            case "PATCH" -> {
                Map<String, Object> merged = new LinkedHashMap<>(LinkerParams.of(find(path).properties()));
                merged.putAll(parameters(ResourceEndpoints.requireBody(req)));
                yield ApiResponse.ok(ResourceViews.view(dryruns.put(path.id(), path.source(), merged, actor)));
            }
            case "DELETE" -> resources.delete(path.id(), null) ? ApiResponse.ok(null) : ApiResponse.noContent();
            default -> throw LinkerEndpoints.methodNotAllowed(req);
        };
    }

    private StoredResource find(ApiPath.Dryrun path) {
        return resources.get(path.id()).orElseThrow(() -> notFound(path.id()));
    }

    /** Also what a token gets for a dry run outside its scope. */
    static TerminalFailure notFound(ResourceId id) {
        return TerminalFailure.notFound("ResourceNotFound", "dryrunName", "The dry run '" + id + "' was not found.");
    }

    private static Map<String, Object> parameters(Map<String, Object> body) {
        return LinkerParams.of(LinkerParams.map(body.get("properties")));
    }

    /** Reads {@code properties.parameters} of a dry-run body. */
    static final class LinkerParams {
        @SuppressWarnings("unchecked")
        static Map<String, Object> map(Object o) {
            return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
        }

        static Map<String, Object> of(Map<String, Object> properties) {
            return map(properties.get("parameters"));
        }
    }
}
