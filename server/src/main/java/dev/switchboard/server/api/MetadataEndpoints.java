package dev.switchboard.server.api;

import dev.switchboard.core.config.ConfigItem;
import dev.switchboard.core.config.ConnectionFacts;
import dev.switchboard.core.id.ResourceId;
import dev.switchboard.core.linker.ClientType;
import dev.switchboard.core.target.TargetKind;
import dev.switchboard.engine.TargetKinds;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Provider-level answers: the operations Switchboard's ServiceLinker offers and the configuration names it writes. */
public final class MetadataEndpoints {
    private static final Pattern FILTER_TERM = Pattern.compile("(\\w+)\\s+eq\\s+'([^']*)'", Pattern.CASE_INSENSITIVE);
    private final TargetKinds kinds;

    public MetadataEndpoints(TargetKinds kinds) {
        this.kinds = kinds;
    }

    public ApiResponse operations(ApiRequest req) {
        ApiVersions.check(req.apiVersion(), true);
        LinkerEndpoints.requireGet(req);
        List<Map<String, Object>> ops = new ArrayList<>();
        for (String[] o : new String[][]{
                {"linkers/read", "Read a connection", "linkers"}, {"linkers/write", "Create or update a connection", "linkers"},
                {"linkers/delete", "Delete a connection", "linkers"}, {"linkers/validateLinker/action", "Validate a connection", "linkers"},
                {"linkers/listConfigurations/action", "List a connection's configurations", "linkers"},
                {"dryruns/read", "Read a dry run", "dryruns"}, {"dryruns/write", "Create or update a dry run", "dryruns"},
                {"dryruns/delete", "Delete a dry run", "dryruns"}, {"operations/read", "List the operations", "operations"}}) {
            Map<String, Object> display = new LinkedHashMap<>();
            display.put("provider", ApiPath.LINKER_NS);
            display.put("resource", o[2]);
            display.put("operation", o[1]);
            display.put("description", o[1]);
            Map<String, Object> op = new LinkedHashMap<>();
            op.put("name", ApiPath.LINKER_NS + "/" + o[0]);
            op.put("isDataAction", false);
            op.put("display", display);
            ops.add(op);
        }
        return ApiResponse.ok(Map.of("value", ops));
    }

    /** Supports {@code $filter} on TargetService, clientType and authType ({@code eq}, joined by {@code and}). */
    public ApiResponse configurationNames(ApiRequest req) {
        ApiVersions.check(req.apiVersion(), true);
        LinkerEndpoints.requireGet(req);
        Map<String, String> filter = new LinkedHashMap<>();
        Matcher m = FILTER_TERM.matcher(req.query().getOrDefault("$filter", ""));
        while (m.find()) filter.put(m.group(1).toLowerCase(Locale.ROOT), m.group(2));
        List<Map<String, Object>> value = new ArrayList<>();
        String target = filter.get("targetservice");
        for (TargetKinds.Registered r : kinds.all()) {
            TargetKind kind = r.kind();
            if (target != null && !servesType(kind, target)) continue;
            for (ClientType client : kind.clientTypes()) {
                if (matches(filter.get("clienttype"), client.wire()) && matches(filter.get("authtype"), "secret")) {
                    value.add(Map.of("properties", entry(kind, client)));
                }
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("value", value);
        out.put("nextLink", null);
        return ApiResponse.ok(out);
    }

    private static boolean servesType(TargetKind kind, String type) {
        String t = type.toLowerCase(Locale.ROOT);
        return kind.serverTypes().stream().anyMatch(s -> t.equals(s) || kind.childType().map(c -> t.equals(s + "/" + c.toLowerCase(Locale.ROOT))).orElse(false));
    }

    /** The names a kind writes for one client type, as a connection with the kind's default access would get them. */
    private static Map<String, Object> entry(TargetKind kind, ClientType client) {
        String server = kind.serverTypes().get(0);
        ResourceId sample = ResourceId.parse("/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/"
                + server + "/server" + kind.childType().map(c -> "/" + c + "/target").orElse(""));
        ConnectionFacts facts = new ConnectionFacts("host", kind.defaultPort(), "user", kind.scope(sample, Map.of(), "connection"),
                kind.endpointDefaults());
        List<Map<String, Object>> names = new ArrayList<>();
        for (ConfigItem i : kind.configuration(client, facts, "")) names.add(Map.of("value", i.name(), "description", i.description()));
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("targetService", server.toUpperCase(Locale.ROOT));
        p.put("clientType", client.wire());
        p.put("authType", "secret");
        p.put("names", names);
        return p;
    }

    private static boolean matches(String wanted, String actual) {
        return wanted == null || wanted.equalsIgnoreCase(actual);
    }

    /** Dapr components are not realised locally: the list is empty, in the documented shape. */
    public ApiResponse daprConfigurations(ApiRequest req) {
        ApiVersions.check(req.apiVersion(), true);
        LinkerEndpoints.requireGet(req);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("value", List.of());
        out.put("nextLink", null);
        return ApiResponse.ok(out);
    }
}
