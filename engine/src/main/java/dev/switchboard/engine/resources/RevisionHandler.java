package dev.switchboard.engine.resources;

import dev.switchboard.core.compute.AppHost;
import dev.switchboard.core.failure.TerminalFailure;
import dev.switchboard.core.id.ResourceId;
import dev.switchboard.core.store.StoredResource;

import java.util.Map;
import java.util.Optional;

/**
 * {@code Microsoft.App/containerApps/revisions}: made by Switchboard from an app's template and connections, never
 * written directly. Removed with their resource group, their processes stop with them.
 */
public final class RevisionHandler implements ResourceHandler {
    public static final String TYPE = "microsoft.app/containerapps/revisions";
    private final AppHost host;

    public RevisionHandler(AppHost host) {
        this.host = host;
    }

    @Override
    public Map<String, Object> realise(ResourceId id, Map<String, Object> body, Optional<StoredResource> existing) {
        throw new TerminalFailure(405, "MethodNotAllowed", "method", "revisions are made from the app's template and connections");
    }

    @Override
    public void remove(ResourceId id, StoredResource stored) {
        host.remove(id);
    }
}
