package dev.switchboard.core.deploy;

/** Where a deployment runs: what resourceGroup(), subscription() and deployment() answer, and the prefix of every resource ID. */
public record DeploymentScope(String subscriptionId, String resourceGroup, String deploymentName, String location) {

    /** {@code /subscriptions/{id}/resourceGroups/{name}}: the parent of every resource the template declares. */
    public String resourceGroupId() {
        return subscriptionPrefix() + "/resourceGroups/" + resourceGroup;
    }

    String subscriptionPrefix() {
        return "/subscriptions/" + subscriptionId;
    }
}
