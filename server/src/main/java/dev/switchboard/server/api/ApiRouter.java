package dev.switchboard.server.api;

import dev.switchboard.core.access.Principal;
import dev.switchboard.core.failure.TerminalFailure;
import dev.switchboard.core.failure.TransientFailure;
import dev.switchboard.core.id.ResourceId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.Predicate;

/**
 * Sends each request to its endpoint, once {@link RequestAccess} has let it through, and turns every failure into
 * ARM's error envelope.
 */
public final class ApiRouter implements RequestHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ApiRouter.class);
    private final ResourceEndpoints resources;
    private final LinkerEndpoints linkers;
    private final DryrunEndpoints dryruns;
    private final MetadataEndpoints metadata;
    private final TokenEndpoints tokens;
    private final RequestAccess access;
    private final AuditEndpoints audit;

    public ApiRouter(ResourceEndpoints resources, LinkerEndpoints linkers, DryrunEndpoints dryruns, MetadataEndpoints metadata,
                     TokenEndpoints tokens, RequestAccess access, AuditEndpoints audit) {
        this.audit = audit;
        this.resources = resources;
        this.linkers = linkers;
        this.dryruns = dryruns;
        this.metadata = metadata;
        this.tokens = tokens;
        this.access = access;
    }

    /** {@code who}: the authenticated caller; its name is the actor systemData records. */
    @Override
    public ApiResponse handle(ApiRequest req, Principal who) {
        try {
            return dispatch(req, who);
        } catch (TerminalFailure e) {
            return ArmErrors.of(e);
        } catch (TransientFailure e) {
            return ArmErrors.of(503, "ServiceUnavailable", null, "A backing service is not available right now: "
                    + e.getMessage() + ". Retry later.");
        } catch (RuntimeException e) {
            LOG.error("unexpected failure on {} {}", req.method(), req.path(), e);
            return ArmErrors.of(500, "InternalServerError", null, "Switchboard failed unexpectedly; see its log.");
        }
    }

    private ApiResponse dispatch(ApiRequest req, Principal who) {
        ApiPath path = ApiPath.parse(req.path());
        access.check(path, req, who);
        Predicate<ResourceId> visible = access.visibleTo(who);
        String actor = who.name();
        return switch (path) {
            case ApiPath.Operations p -> metadata.operations(req);
            case ApiPath.ConfigurationNames p -> metadata.configurationNames(req);
            case ApiPath.AuditEntries p -> audit.list(req, visible);
            case ApiPath.Tokens p -> tokens.list(req, who);
            case ApiPath.Token p -> tokens.handle(req, p, who);
            case ApiPath.OperationStatus p -> linkers.status(req, p.id());
            case ApiPath.OperationResult p -> linkers.result(req, p.id());
            case ApiPath.ResourceGroups p -> resources.listGroups(req, p, visible);
            case ApiPath.Resource p -> resources.handle(req, p, actor);
            case ApiPath.ResourceList p -> resources.list(req, p, visible);
            case ApiPath.GroupResources p -> resources.listGroup(req, p, visible);
            case ApiPath.AppLogs p -> resources.logs(req, p);
            case ApiPath.RevisionAction p -> resources.revisionAction(req, p);
            case ApiPath.DeploymentAction p -> resources.deploymentAction(req, p);
            case ApiPath.Linkers p -> linkers.list(req, p, visible);
            case ApiPath.Linker p -> linkers.handle(req, p, actor);
            case ApiPath.LinkerEvents p -> linkers.events(req, p);
            case ApiPath.LinkerExport p -> linkers.export(req, p);
            case ApiPath.Dryruns p -> dryruns.list(req, p, visible);
            case ApiPath.Dryrun p -> dryruns.handle(req, p, actor);
            case ApiPath.DaprConfigurations p -> metadata.daprConfigurations(req);
        };
    }
}
