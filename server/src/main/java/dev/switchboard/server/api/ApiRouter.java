package dev.switchboard.server.api;

import dev.switchboard.core.failure.TerminalFailure;
import dev.switchboard.core.failure.TransientFailure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Sends each request to its endpoint and turns every failure into ARM's error envelope. */
public final class ApiRouter {
    private static final Logger LOG = LoggerFactory.getLogger(ApiRouter.class);
    private final ResourceEndpoints resources;
    private final LinkerEndpoints linkers;
    private final DryrunEndpoints dryruns;
    private final MetadataEndpoints metadata;

    public ApiRouter(ResourceEndpoints resources, LinkerEndpoints linkers, DryrunEndpoints dryruns, MetadataEndpoints metadata) {
        this.resources = resources;
        this.linkers = linkers;
        this.dryruns = dryruns;
        this.metadata = metadata;
    }

    public ApiResponse handle(ApiRequest req, String actor) {
        try {
            return dispatch(req, actor);
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

    private ApiResponse dispatch(ApiRequest req, String actor) {
        return switch (ApiPath.parse(req.path())) {
            case ApiPath.Operations p -> metadata.operations(req);
            case ApiPath.ConfigurationNames p -> metadata.configurationNames(req);
            case ApiPath.OperationStatus p -> linkers.status(req, p.id());
            case ApiPath.OperationResult p -> linkers.result(req, p.id());
            case ApiPath.ResourceGroups p -> resources.listGroups(req, p);
            case ApiPath.Resource p -> resources.handle(req, p, actor);
            case ApiPath.ResourceList p -> resources.list(req, p);
            case ApiPath.GroupResources p -> resources.listGroup(req, p);
            case ApiPath.Linkers p -> linkers.list(req, p);
            case ApiPath.Linker p -> linkers.handle(req, p, actor);
            case ApiPath.Dryruns p -> dryruns.list(req, p);
            case ApiPath.Dryrun p -> dryruns.handle(req, p, actor);
            case ApiPath.DaprConfigurations p -> metadata.daprConfigurations(req);
        };
    }
}
