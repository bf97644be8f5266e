package dev.switchboard.core.deploy;

import java.util.List;

/**
 * One resource instance the deployment will PUT, in the order {@link TemplateEngine#expand} returns them.
 *
 * @param templatePath where its definition sits, e.g. {@code resources[1].resources[0]} (copies share it)
 * @param id           its full resource ID (an extension resource's ID starts with its scope's ID)
 * @param type         the full type, e.g. {@code Microsoft.DBforPostgreSQL/flexibleServers/databases}
 * @param name         the full name, e.g. {@code srv/db}
 * @param dependsOn    IDs of the template's resources this one waits for: explicit and implicit, no duplicates
 * @param rawDefinition the definition as written (expressions unevaluated); shared by copies
 */
public record PlannedResource(String templatePath, String id, String type, String name, String apiVersion,
                              List<String> dependsOn, Object rawDefinition) {
    public PlannedResource {
        dependsOn = List.copyOf(dependsOn);
    }
}
