package dev.switchboard.engine.revisions;

import dev.switchboard.core.compute.AppHost;
import dev.switchboard.core.compute.AppObservation;
import dev.switchboard.core.id.ResourceId;

import java.util.Comparator;
import java.util.Optional;

/**
 * An app as it runs, whatever runs it: a site's processes, or for a container app the processes of the revision
 * that takes most of its traffic (the newest on a tie), seen under the app's own ingress port.
 */
public final class AppRuntime {
    private final AppHost host;
    private final RevisionStore revisions;

    public AppRuntime(AppHost host, RevisionStore revisions) {
        this.host = host;
        this.revisions = revisions;
    }

    public static boolean hasRevisions(ResourceId app) {
        return app.fullType().equalsIgnoreCase("Microsoft.App/containerApps");
    }

    public Optional<AppObservation> observe(ResourceId app) {
        if (!hasRevisions(app)) return host.observe(app);
        return serving(app).or(() -> latestActive(app)).flatMap(rev -> host.observe(rev.id()))
                .map(o -> new AppObservation(app, o.state(), o.replicas(), host.ingressPort(app)));
    }

    /** The newest revision that runs, healthy or not (an app whose only revision failed still shows how it runs). */
    private Optional<RevisionRecord> latestActive(ResourceId app) {
        return revisions.list(app).stream().filter(RevisionRecord::active).reduce((a, b) -> b);
    }

    /** The revision most requests go to now. */
    public Optional<RevisionRecord> serving(ResourceId app) {
        return revisions.list(app).stream().filter(r -> r.active() && r.healthy())
                .max(Comparator.comparingInt(RevisionRecord::trafficWeight).thenComparingLong(RevisionRecord::sequence));
    }
}
