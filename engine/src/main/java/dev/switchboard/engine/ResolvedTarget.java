package dev.switchboard.engine;

import dev.switchboard.core.id.ResourceId;
import dev.switchboard.core.target.TargetEndpoint;

/** A connection's target (a database, a vhost, a cache…), resolved to its server, kind and admin endpoint. */
public record ResolvedTarget(ResourceId target, ResourceId server, TargetKinds.Registered kind, TargetEndpoint endpoint) {
}
