package dev.switchboard.engine;

import dev.switchboard.core.id.ResourceId;
import dev.switchboard.core.target.ServerAdmin;
import dev.switchboard.core.target.TargetEndpoint;
import dev.switchboard.core.target.TargetProvider;

/** A connection's target database, resolved to the server that holds it and how to administer that server. */
public record ResolvedTarget(ResourceId database, ResourceId server, String databaseName, String schema,
                             TargetEndpoint endpoint, String sslMode, TargetProvider provider, ServerAdmin admin) {
}
