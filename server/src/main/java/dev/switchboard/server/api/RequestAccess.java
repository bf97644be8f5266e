package dev.switchboard.server.api;

import dev.switchboard.core.access.AccessPolicy;
import dev.switchboard.core.access.Action;
import dev.switchboard.core.access.Decision;
import dev.switchboard.core.access.Principal;
import dev.switchboard.core.failure.TerminalFailure;
import dev.switchboard.core.id.ResourceId;
import dev.switchboard.core.store.Operation;
import dev.switchboard.core.store.OperationStore;
import dev.switchboard.engine.TargetResolver;

import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The one place that says what each API path and method needs (an {@link Action} on a target, or a list under a
 * container) and asks the {@link AccessPolicy}. Outside the principal's scope every method answers the 404 a GET of
 * a missing resource of that kind answers, so a scope's edge looks like the end of the world.
 */
public final class RequestAccess {
    private final AccessPolicy policy;
    private final OperationStore operations;

    public RequestAccess(AccessPolicy policy, OperationStore operations) {
        this.policy = policy;
        this.operations = operations;
    }

    /** Returns when {@code who} may send {@code req}; throws the 404 or 403 otherwise. */
    void check(ApiPath path, ApiRequest req, Principal who) {
        switch (path) {
            case ApiPath.Operations p -> policy.decide(who, Action.READ, null).require();
            case ApiPath.ConfigurationNames p -> policy.decide(who, Action.READ, null).require();
            case ApiPath.AuditEntries p -> policy.decide(who, Action.READ, null).require();
            case ApiPath.Tokens p -> policy.decide(who, Action.MANAGE_TOKENS, null).require();
            case ApiPath.Token p -> policy.decide(who, Action.MANAGE_TOKENS, null).require();
            case ApiPath.OperationStatus p -> operation(who, p.id());
            case ApiPath.OperationResult p -> operation(who, p.id());
            case ApiPath.ResourceGroups p -> policy.decideList(who, ResourceId.subscription(p.subscription())).require();
            case ApiPath.ResourceList p -> policy.decideList(who, p.parent()).require();
            case ApiPath.GroupResources p -> policy.decideList(who, p.group()).require();
            case ApiPath.Linkers p -> policy.decideList(who, p.scope()).require();
            case ApiPath.Dryruns p -> policy.decideList(who, p.scope()).require();
            case ApiPath.DaprConfigurations p -> one(who, Action.READ, p.source(), null);
            // An app may print what it was given, secrets included: its output needs the right to read secrets.
            case ApiPath.AppLogs p -> one(who, Action.READ_SECRETS, p.app(), null);
            case ApiPath.Resource p -> one(who, readOrWrite(req), p.id(), null);
            case ApiPath.RevisionAction p -> one(who, Action.WRITE, p.revision(), null);
            case ApiPath.DeploymentAction p -> one(who, Action.WRITE, p.deployment(), null);
            case ApiPath.Linker p -> {
                one(who, linkerAction(req, p), p.id(), LinkerEndpoints::notFound);
                targetInScope(who, req, req.body() == null ? null : req.body().get("properties"));
            }
            case ApiPath.LinkerEvents p -> one(who, Action.READ, p.linker(), LinkerEndpoints::notFound);
            // Reading the connection, as GET does: an export holds no secret value, only inputs and references.
            case ApiPath.LinkerExport p -> one(who, Action.READ, p.linker(), LinkerEndpoints::notFound);
            case ApiPath.Dryrun p -> {
                one(who, readOrWrite(req), p.id(), DryrunEndpoints::notFound);
                targetInScope(who, req, DryrunEndpoints.LinkerParams.of(DryrunEndpoints.LinkerParams.map(
                        req.body() == null ? null : req.body().get("properties"))));
            }
        }
    }

    /** Which listed items {@code who} is shown. */
    Predicate<ResourceId> visibleTo(Principal who) {
        return id -> policy.visible(who, id);
    }

    private void one(Principal who, Action action, ResourceId target, Function<ResourceId, TerminalFailure> missing) {
        Decision d = policy.decide(who, action, target);
        if (d.outcome() == Decision.Outcome.NOT_FOUND && missing != null) throw missing.apply(target);
        d.require();
    }

    /** An operation is as visible as the resource it works on; outside the scope it does not exist. */
    private void operation(Principal who, String id) {
        Operation op = operations.operation(id).orElseThrow(() -> LinkerEndpoints.operationNotFound(id));
        if (!policy.visible(who, op.resource())) throw LinkerEndpoints.operationNotFound(id);
    }

    private static Action readOrWrite(ApiRequest req) {
        return req.method().equals("GET") ? Action.READ : Action.WRITE;
    }

    private static Action linkerAction(ApiRequest req, ApiPath.Linker p) {
        if (p.action() == null) return readOrWrite(req);
        return switch (p.action()) {
            case "listConfigurations", "generateConfigurations" -> Action.READ_SECRETS;
            default -> Action.WRITE;
        };
    }

    /**
     * A connection (or its dry run) touches its target too: it makes a login there. A target outside the scope is
     * answered as a missing target. A body without a readable target ID is left to the endpoint to refuse.
     */
    private void targetInScope(Principal who, ApiRequest req, Object properties) {
        if (!req.method().equals("PUT") && !req.method().equals("PATCH")) return;
        if (!(properties instanceof Map<?, ?> p) || !(p.get("targetService") instanceof Map<?, ?> t)
                || !(t.get("id") instanceof String raw)) {
            return;
        }
        ResourceId target;
        try {
            target = ResourceId.parse(raw);
        } catch (TerminalFailure e) {
            return;
        }
        if (!policy.visible(who, target)) throw TargetResolver.missingTarget(target);
    }
}
