package dev.switchboard.server.api;

import dev.switchboard.core.failure.TerminalFailure;
import dev.switchboard.core.id.ResourceId;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** What a request path addresses. Parsing is pure; handlers switch over the result. */
public sealed interface ApiPath {
    String LINKER_NS = "Microsoft.ServiceLinker";
    String ACCESS_NS = "Switchboard.Access";

    record Operations() implements ApiPath { }
    record ConfigurationNames() implements ApiPath { }
    record OperationStatus(String subscription, String id) implements ApiPath { }
    record OperationResult(String subscription, String id) implements ApiPath { }
    record ResourceGroups(String subscription) implements ApiPath { }
    record Resource(ResourceId id) implements ApiPath { }
    record ResourceList(ResourceId parent, String fullType) implements ApiPath { }
    /** Every resource of a resource group ({@code …/resourceGroups/{rg}/resources}), as {@code az resource list -g}. */
    record GroupResources(ResourceId group) implements ApiPath { }
    /** Linkers of an app ({@code source}), or connectors of a resource group and location ({@code source} null). */
    /** Switchboard's own: the output of an app's processes, {@code {appId}/logs}. */
    record AppLogs(ResourceId app) implements ApiPath { }
    record RevisionAction(ResourceId revision, String action) implements ApiPath { }
    record DeploymentAction(ResourceId deployment, String action) implements ApiPath { }
    record Linkers(ResourceId scope, ResourceId source) implements ApiPath { }
    record Linker(ResourceId id, ResourceId source, String action) implements ApiPath { }
    /** Switchboard's own: what happened to a connection without anyone asking (drift), {@code {linkerId}/events}. */
    record LinkerEvents(ResourceId linker) implements ApiPath { }
    /** Switchboard's own: the connection and what it did as template code, {@code {linkerId}/export?format=}. */
    record LinkerExport(ResourceId linker) implements ApiPath { }
    record Dryruns(ResourceId scope) implements ApiPath { }
    record Dryrun(ResourceId id, ResourceId source) implements ApiPath { }
    record DaprConfigurations(ResourceId source) implements ApiPath { }
    /** Access tokens, tenant-level: {@code /providers/Switchboard.Access/tokens[/{name}]}. */
    record Tokens() implements ApiPath { }
    record Token(String name) implements ApiPath { }
    /** The audit log, tenant-level: {@code /providers/Switchboard.Audit/entries}. */
    record AuditEntries() implements ApiPath { }

    static ApiPath parse(String rawPath) {
        List<String> s = new ArrayList<>(Arrays.stream(rawPath.split("/+")).filter(p -> !p.isEmpty()).toList());
        if (s.size() == 3 && is(s, 0, "providers") && is(s, 1, LINKER_NS)) {
            if (is(s, 2, "operations")) return new Operations();
            if (is(s, 2, "configurationNames")) return new ConfigurationNames();
        }
        if (s.size() >= 3 && s.size() <= 4 && is(s, 0, "providers") && is(s, 1, ACCESS_NS) && is(s, 2, "tokens")) {
            return s.size() == 3 ? new Tokens() : new Token(s.get(3));
        }
        if (s.size() == 3 && is(s, 0, "providers") && is(s, 1, "Switchboard.Audit") && is(s, 2, "entries")) return new AuditEntries();
        if (s.size() < 2 || !is(s, 0, "subscriptions")) throw notFound(rawPath);
        if (s.size() == 8 && is(s, 2, "providers") && is(s, 3, LINKER_NS) && is(s, 4, "locations")) {
            if (is(s, 6, "operationStatuses")) return new OperationStatus(s.get(1), s.get(7));
            if (is(s, 6, "operationResults")) return new OperationResult(s.get(1), s.get(7));
        }
        if (s.size() == 3 && is(s, 2, "resourceGroups")) return new ResourceGroups(s.get(1));
        if (s.size() == 5 && is(s, 2, "resourceGroups") && is(s, 4, "resources")) {
            return new GroupResources(ResourceId.resourceGroup(s.get(1), s.get(3)));
        }
        int ext = lastLinkerProvider(s);
        if (ext >= 0) return linkerPath(rawPath, s, ext);
        if (s.size() == 9 && is(s, 8, "logs") && (is(s, 5, "Microsoft.App") && is(s, 6, "containerApps")
                || is(s, 5, "Microsoft.Web") && is(s, 6, "sites"))) {
            return new AppLogs(ResourceId.parse("/" + String.join("/", s.subList(0, 8))));
        }
        if (s.size() == 9 && is(s, 2, "resourceGroups") && is(s, 4, "providers") && is(s, 5, "Microsoft.Resources")
                && is(s, 6, "deployments") && (is(s, 8, "whatIf") || is(s, 8, "validate"))) {
            return new DeploymentAction(ResourceId.parse("/" + String.join("/", s.subList(0, 8))), s.get(8).toLowerCase(java.util.Locale.ROOT));
        }
        if (s.size() == 11 && is(s, 5, "Microsoft.App") && is(s, 6, "containerApps") && is(s, 8, "revisions")) {
            return new RevisionAction(ResourceId.parse("/" + String.join("/", s.subList(0, 10))), s.get(10).toLowerCase(java.util.Locale.ROOT));
        }
        return resourcePath(rawPath, s);
    }

    private static ApiPath linkerPath(String raw, List<String> s, int ext) {
        List<String> rest = s.subList(ext + 2, s.size());
        ResourceId scope = ResourceId.parse("/" + String.join("/", s.subList(0, ext)));
        if (is(rest, 0, "locations") && rest.size() >= 3 && scope.isResourceGroup()) {
            ResourceId location = ResourceId.parse(scope + "/providers/" + LINKER_NS + "/locations/" + rest.get(1));
            return linkerKind(raw, location, null, rest.subList(2, rest.size()), true);
        }
        if (!scope.isResource()) throw notFound(raw);
        return linkerKind(raw, scope, scope, rest, false);
    }

    private static ApiPath linkerKind(String raw, ResourceId scope, ResourceId source, List<String> rest, boolean located) {
        String linkers = located ? "connectors" : "linkers";
        if (rest.size() == 1 && is(rest, 0, linkers)) return new Linkers(scope, source);
        if (rest.size() == 1 && is(rest, 0, "dryruns")) return new Dryruns(scope);
        if (rest.size() == 1 && is(rest, 0, "daprConfigurations") && !located) return new DaprConfigurations(source);
        if (rest.size() >= 2 && rest.size() <= 3 && is(rest, 0, linkers)) {
            ResourceId id = child(scope, located, linkers, rest.get(1));
            if (rest.size() == 3 && is(rest, 2, "events")) return new LinkerEvents(id);
            if (rest.size() == 3 && is(rest, 2, "export")) return new LinkerExport(id);
            return new Linker(id, source, rest.size() == 3 ? rest.get(2) : null);
        }
        if (rest.size() == 2 && is(rest, 0, "dryruns")) return new Dryrun(child(scope, located, "dryruns", rest.get(1)), source);
        throw notFound(raw);
    }

    private static ResourceId child(ResourceId scope, boolean located, String type, String name) {
        return located ? scope.child(type, name) : scope.extension(LINKER_NS, type, name);
    }

    private static ApiPath resourcePath(String raw, List<String> s) {
        int providers = indexOf(s, "providers");
        if (providers < 0) return new Resource(ResourceId.parse(raw));
        int afterNamespace = s.size() - providers - 2;
        if (afterNamespace >= 1 && afterNamespace % 2 == 1) {
            // A stand-in name after the collection's type, so the ID parser checks every segment of the collection.
            ResourceId parent = ResourceId.parse("/" + String.join("/", s) + "/x");
            ResourceId collectionOwner = afterNamespace == 1 ? parent.resourceGroupId() : parent.parent();
            return new ResourceList(collectionOwner, parent.fullType());
        }
        return new Resource(ResourceId.parse(raw));
    }

    private static int lastLinkerProvider(List<String> s) {
        for (int i = s.size() - 2; i >= 0; i--) if (is(s, i, "providers") && is(s, i + 1, LINKER_NS)) return i;
        return -1;
    }

    private static int indexOf(List<String> s, String word) {
        for (int i = 0; i < s.size(); i++) if (is(s, i, word)) return i;
        return -1;
    }

    private static boolean is(List<String> s, int i, String word) {
        return i < s.size() && s.get(i).equalsIgnoreCase(word);
    }

    private static TerminalFailure notFound(String raw) {
        return TerminalFailure.notFound("InvalidResourceType", "path", "No API answers at '"
                + raw.replaceAll("\\p{Cntrl}", "?") + "'");
    }
}
