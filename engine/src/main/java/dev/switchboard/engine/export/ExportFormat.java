package dev.switchboard.engine.export;

import dev.switchboard.core.failure.Echo;
import dev.switchboard.core.failure.TerminalFailure;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The languages a connection can be exported to, with the media type an HTTP answer carries and the usual file
 * extension. Bicep and HCL have no registered media type: they go as UTF-8 text.
 */
public enum ExportFormat {
    ARM("arm", "application/json", "json"),
    BICEP("bicep", "text/plain; charset=utf-8", "bicep"),
    TERRAFORM("terraform", "text/plain; charset=utf-8", "tf"),
    KUBERNETES("kubernetes", "application/yaml; charset=utf-8", "yaml");

    private final String wire;
    private final String contentType;
    private final String extension;

    ExportFormat(String wire, String contentType, String extension) {
        this.wire = wire;
        this.contentType = contentType;
        this.extension = extension;
    }

    public String wire() {
        return wire;
    }

    public String contentType() {
        return contentType;
    }

    public String extension() {
        return extension;
    }

    /** The allowed values, as the 400 lists them: {@code arm, bicep, terraform, kubernetes}. */
    public static String allowed() {
        return Arrays.stream(values()).map(ExportFormat::wire).collect(Collectors.joining(", "));
    }

    /** {@code raw} in any case; anything else (or nothing) is a 400 naming {@code format} and the allowed values. */
    public static ExportFormat parse(String raw) {
        if (raw != null) {
            for (ExportFormat f : values()) if (f.wire.equals(raw.strip().toLowerCase(Locale.ROOT))) return f;
        }
        String given = raw == null || raw.isBlank() ? "no format was given" : "'" + Echo.of(raw) + "' is not an export format";
        throw TerminalFailure.badRequest("InvalidExportFormat", "format", "format: " + given + "; use one of " + allowed());
    }
}
