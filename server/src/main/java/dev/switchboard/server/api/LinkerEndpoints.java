package dev.switchboard.server.api;

import dev.switchboard.core.failure.TerminalFailure;
import dev.switchboard.core.id.ResourceId;
import dev.switchboard.core.linker.LinkerSpec;
import dev.switchboard.core.linker.LinkerSpecReader;
import dev.switchboard.core.store.ConnectionEvent;
import dev.switchboard.core.store.EventStore;
import dev.switchboard.core.store.Operation;
import dev.switchboard.core.store.OperationStore;
import dev.switchboard.core.store.StoredResource;
import dev.switchboard.engine.ConnectionSetting;
import dev.switchboard.engine.LinkerService;
import dev.switchboard.engine.export.ConnectionExports;
import dev.switchboard.engine.resources.ResourceService;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** The ServiceLinker linker and connector API: CRUD as long-running operations, validation, configurations. */
public final class LinkerEndpoints {
    private final LinkerService linkers;
    private final ResourceService resources;
    private final OperationStore operations;
    private final EventStore events;
    private final ConnectionExports exports;

    public LinkerEndpoints(LinkerService linkers, ResourceService resources, OperationStore operations, EventStore events,
                           ConnectionExports exports) {
        this.linkers = linkers;
        this.resources = resources;
        this.operations = operations;
        this.events = events;
        this.exports = exports;
    }

    /**
     * {@code GET {linkerId}/export?format=arm|bicep|terraform|kubernetes}: the connection and its side effects as
     * template code, in the format's media type, with a file name to save it under.
     */
    public ApiResponse export(ApiRequest req, ApiPath.LinkerExport path) {
        ApiVersions.check(req.apiVersion(), true);
        requireGet(req);
        find(path.linker());
        ConnectionExports.Exported e = exports.export(path.linker(), req.query().get("format"));
        return ApiResponse.text(e.format().contentType(), e.text())
                .withHeader("Content-Disposition", "attachment; filename=\"" + e.fileName() + "\"");
    }

    /** {@code GET {linkerId}/events?top=}: the connection's events, newest first (100 unless {@code top} says, at most 1000). */
    public ApiResponse events(ApiRequest req, ApiPath.LinkerEvents path) {
        ApiVersions.check(req.apiVersion(), true);
        requireGet(req);
        find(path.linker());
        List<Map<String, Object>> value = events.events(path.linker(), AuditEndpoints.top(req.query().get("top"))).stream()
                .map(LinkerEndpoints::eventView).toList();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("value", value);
        out.put("nextLink", null);
        return ApiResponse.ok(out);
    }

    private static Map<String, Object> eventView(ConnectionEvent e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("seq", e.seq());
        m.put("time", e.at().toString());
        m.put("kind", e.kind());
        m.put("message", e.message());
        m.put("detail", e.detail());
        return m;
    }

    public ApiResponse list(ApiRequest req, ApiPath.Linkers path, Predicate<ResourceId> visible) {
        ApiVersions.check(req.apiVersion(), true);
        requireGet(req);
        String type = path.source() == null ? ApiPath.LINKER_NS + "/locations/connectors" : ApiPath.LINKER_NS + "/linkers";
        return ApiResponse.ok(ResourceViews.list(resources.list(path.scope(), type), visible));
    }

    public ApiResponse handle(ApiRequest req, ApiPath.Linker path, String actor) {
        ApiVersions.check(req.apiVersion(), true);
        if (path.action() != null) return action(req, path, actor);
        return switch (req.method()) {
            case "GET" -> {
                StoredResource r = find(path.id());
                yield ApiResponse.ok(ResourceViews.view(r)).withHeader("ETag", r.etag());
            }
            case "PUT", "PATCH" -> write(req, path, actor);
            case "DELETE" -> linkers.delete(path.id(), req.header("If-Match"), actor)
                    .map(started -> OperationLinks.accepted(req, started.operation(), 202, null)).orElse(ApiResponse.noContent());
            default -> throw methodNotAllowed(req);
        };
    }

    private ApiResponse write(ApiRequest req, ApiPath.Linker path, String actor) {
        Map<String, Object> body = ResourceEndpoints.requireBody(req);
        boolean patch = req.method().equals("PATCH");
        LinkerService.Accepted a = linkers.createOrUpdate(path.id(), path.source(), body, patch, req.header("If-Match"), actor);
        return OperationLinks.accepted(req, a.operation(), a.created() ? 201 : 200, ResourceViews.view(a.linker()))
                .withHeader("ETag", a.linker().etag());
    }

    private ApiResponse action(ApiRequest req, ApiPath.Linker path, String actor) {
        if (!req.method().equals("POST")) throw methodNotAllowed(req);
        return switch (path.action()) {
            // Switchboard's own action: a new login and password for the connection, with no failed request.
            case "rotate" -> OperationLinks.accepted(req, linkers.rotate(path.id(), req.header("If-Match"), actor).operation(), 202, null);
            case "validateLinker", "validate" -> {
                Operation op = linkers.validate(path.id());
                yield OperationLinks.accepted(req, op, 202, null);
            }
            case "listConfigurations" -> ApiResponse.ok(configurations(linkers.configurations(path.id())));
            case "generateConfigurations" -> ApiResponse.ok(generate(req, path.id()));
            default -> throw TerminalFailure.notFound("InvalidResourceType", "path", "unknown action '" + path.action() + "'");
        };
    }

    /** The connection's configuration renamed by the request's {@code customizedKeys}. */
    private Map<String, Object> generate(ApiRequest req, ResourceId id) {
        List<ConnectionSetting> current = linkers.configurations(id);
        Map<String, Object> info = req.body() == null ? Map.of() : req.body();
        Map<String, Object> probe = new LinkedHashMap<>(find(id).properties());
        probe.put("configurationInfo", info);
        LinkerSpec spec = LinkerSpecReader.read(probe);
        Map<String, ConnectionSetting> renamed = new LinkedHashMap<>();
        for (ConnectionSetting c : current) {
            String name = spec.customizedKeys().getOrDefault(c.name(), c.name());
            renamed.put(name, c.renamed(name));
        }
        spec.additionalConfigurations().forEach((k, v) -> renamed.put(k, new ConnectionSetting(k, v, false)));
        return configurations(List.copyOf(renamed.values()));
    }

    /** A value kept in a vault is shown as Service Connector shows it: configType KeyVaultSecret, the value its URI. */
    private static Map<String, Object> configurations(List<ConnectionSetting> settings) {
        List<Map<String, Object>> items = settings.stream().map(c -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", c.name());
            m.put("value", c.value());
            m.put("configType", c.keyVaultReference() ? "KeyVaultSecret" : "Default");
            return m;
        }).toList();
        return Map.of("configurations", items);
    }

    public ApiResponse status(ApiRequest req, String operationId) {
        requireGet(req);
        return ApiResponse.ok(OperationLinks.status(operation(operationId)));
    }

    public ApiResponse result(ApiRequest req, String operationId) {
        requireGet(req);
        Operation op = operation(operationId);
        if (!op.finished()) return OperationLinks.accepted(req, op, 202, null);
        if (op.errorCode() != null) {
            return ArmErrors.of(op.errorCode().equals("ResourceNotFound") ? 404 : 400, op.errorCode(), null, op.errorMessage());
        }
        if (op.kind().equals("validate")) return ApiResponse.ok(op.result());
        return resources.get(op.resource()).map(r -> ApiResponse.ok(ResourceViews.view(r))).orElse(ApiResponse.noContent());
    }

    private Operation operation(String id) {
        return operations.operation(id).orElseThrow(() -> operationNotFound(id));
    }

    private StoredResource find(ResourceId id) {
        return resources.get(id).orElseThrow(() -> notFound(id));
    }

    /** Also what a token gets for an operation on a resource outside its scope. */
    static TerminalFailure operationNotFound(String id) {
        return TerminalFailure.notFound("OperationNotFound", "operationId", "operation '" + id.replaceAll("\\p{Cntrl}", "?")
                + "' was not found");
    }

    /** Also what a token gets for a connection outside its scope. */
    static TerminalFailure notFound(ResourceId id) {
        return TerminalFailure.notFound("ResourceNotFound", "linkerName", "The connection '" + id + "' was not found.");
    }

    static void requireGet(ApiRequest req) {
        if (!req.method().equals("GET")) throw methodNotAllowed(req);
    }

    static TerminalFailure methodNotAllowed(ApiRequest req) {
        return new TerminalFailure(405, "MethodNotAllowed", "method", req.method() + " is not allowed here");
    }
}
