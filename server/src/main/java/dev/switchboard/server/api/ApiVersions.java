package dev.switchboard.server.api;

import dev.switchboard.core.failure.TerminalFailure;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Which {@code api-version}s are accepted. ServiceLinker calls take the versions real clients send (the Java
 * SDK's 2022-05-01, the stable 2024-04-01, the examples' 2024-07-01-preview); other resource providers take
 * any well-formed version, because templates and tools pin many different ones.
 */
public final class ApiVersions {
    public static final List<String> SERVICE_LINKER = List.of("2022-05-01", "2022-11-01-preview", "2023-04-01-preview",
            "2024-04-01", "2024-07-01-preview");
    private static final Pattern WELL_FORMED = Pattern.compile("\\d{4}-\\d{2}-\\d{2}(-preview|-beta|-alpha)?");

    private ApiVersions() { }

    public static void check(String version, boolean serviceLinker) {
        requirePresent(version);
        boolean ok = serviceLinker ? SERVICE_LINKER.contains(version) : WELL_FORMED.matcher(version).matches();
        if (!ok) throw invalid(version, serviceLinker ? String.join(",", SERVICE_LINKER) : "yyyy-mm-dd[-preview]");
    }

    /** For Switchboard's own providers, which answer exactly the versions they list. */
    public static void check(String version, List<String> supported) {
        requirePresent(version);
        if (!supported.contains(version)) throw invalid(version, String.join(",", supported));
    }

    private static void requirePresent(String version) {
        if (version == null || version.isBlank()) {
            throw TerminalFailure.badRequest("MissingApiVersionParameter", "api-version",
                    "The api-version query parameter (?api-version=) is required for all requests.");
        }
    }

    private static TerminalFailure invalid(String version, String supported) {
        return TerminalFailure.badRequest("InvalidApiVersionParameter", "api-version", "The api-version '"
                + version.replaceAll("\\p{Cntrl}", "?") + "' is invalid. The supported versions are '" + supported + "'.");
    }
}
