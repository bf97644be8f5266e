package dev.switchboard.core.compute.revision;

/**
 * One entry of {@code configuration.ingress.traffic}: {@code weight} percent of requests go to the revision named
 * {@code revisionName}, or to the newest healthy revision when {@code latestRevision}. {@code label}: an optional
 * name for the entry (its revision gets a URL of its own under that label).
 */
public record TrafficRule(String revisionName, boolean latestRevision, int weight, String label) {
    /** Which revision this rule sends to, given the newest healthy one. */
    public String target(String latestHealthy) {
        return latestRevision ? latestHealthy : revisionName;
    }
}
