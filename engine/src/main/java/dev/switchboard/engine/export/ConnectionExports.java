package dev.switchboard.engine.export;

import dev.switchboard.core.failure.TerminalFailure;
import dev.switchboard.core.id.ResourceId;
import dev.switchboard.core.store.Footprint;
import dev.switchboard.core.store.StoredResource;
import dev.switchboard.engine.Stores;
import dev.switchboard.engine.TargetKinds;

/**
 * Exports a connection and everything it did as template code ({@code GET {linkerId}/export}, {@code connection
 * export}). Reads the stored connection, its footprint and its app; the generators are pure and see no secret:
 * passwords are never read here, only where they are (a secret input, or the user's vault reference).
 */
public final class ConnectionExports {
    private final Stores stores;
    private final TargetKinds kinds;

    public ConnectionExports(Stores stores, TargetKinds kinds) {
        this.stores = stores;
        this.kinds = kinds;
    }

    /** The exported text, its format (for the media type) and a file name for it. */
    public record Exported(ExportFormat format, String text, String fileName) { }

    /**
     * @throws TerminalFailure 400 for an unknown format, 404 for a connection that does not exist, 409 for one whose
     *                         first operation has not finished (nothing was done yet to export)
     */
    public Exported export(ResourceId linkerId, String format) {
        ExportFormat f = ExportFormat.parse(format);
        StoredResource linker = stores.resources().get(linkerId).orElseThrow(() -> TerminalFailure.notFound("ResourceNotFound",
                "linkerName", "The connection '" + linkerId + "' was not found."));
        Footprint footprint = stores.footprints().footprint(linkerId).orElseThrow(() -> TerminalFailure.conflict("LinkerNotReady",
                linkerId.toString(), "the connection has not been realised yet; wait for its operation to finish"));
        StoredResource app = footprint.source() == null ? null : stores.resources().get(footprint.source()).orElse(null);
        String kind = kinds.forTarget(footprint.target()).map(r -> r.kind().name()).orElse("target");
        ConnectionExport model = ExportModels.build(linker, footprint, app, kind);
        return new Exported(f, render(f, model), linkerId.name() + "." + f.extension());
    }

    /** The pure part: {@code model} in {@code format}. */
    public static String render(ExportFormat format, ConnectionExport model) {
        return switch (format) {
            case ARM -> ArmTemplate.render(model);
            case BICEP -> BicepFile.render(model);
            case TERRAFORM -> TerraformFile.render(model);
            case KUBERNETES -> KubernetesManifests.render(model);
        };
    }
}
