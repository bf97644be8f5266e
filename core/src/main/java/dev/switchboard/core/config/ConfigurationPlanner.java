package dev.switchboard.core.config;

import dev.switchboard.core.failure.TerminalFailure;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Turns a target's default configuration into what one connection projects: the {@code _CONN_} infix when another
 * connection on the same app already uses the default names, then {@code customizedKeys}, then
 * {@code additionalConfigurations}. Names still colliding with another connection are a conflict.
 */
public final class ConfigurationPlanner {
    private ConfigurationPlanner() { }

    /**
     * The infix a connection's names carry: none for the first connection of a kind on an app, the connection's
     * name for any later one (as Service Connector does), and once chosen it stays, so updating the first
     * connection never renames its settings.
     */
    public static String infixFor(String linkerName, boolean anotherOfSameKind, List<ConfigItem> alreadyProjected,
                                  Map<String, String> customizedKeys, String prefix) {
        String infix = linkerName.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_") + "_";
        if (!alreadyProjected.isEmpty()) {
            // A projected name may be a customized one: map it back to the default it renamed.
            Map<String, String> defaults = new java.util.HashMap<>();
            customizedKeys.forEach((original, custom) -> defaults.put(custom, original));
            return alreadyProjected.stream().map(i -> defaults.getOrDefault(i.name(), i.name()))
                    .anyMatch(n -> n.startsWith(prefix + infix)) ? infix : "";
        }
        return anotherOfSameKind ? infix : "";
    }

    public static List<ConfigItem> finish(List<ConfigItem> items, Map<String, String> customizedKeys,
                                          Map<String, String> additional, Set<String> namesUsedByOthers) {
        List<ConfigItem> out = new ArrayList<>();
        for (ConfigItem item : items) {
            String custom = customizedKeys.get(item.name());
            out.add(custom == null ? item : item.renamed(custom));
        }
        additional.forEach((k, v) -> out.add(new ConfigItem(k, v, false, "Additional configuration")));
        Set<String> seen = new HashSet<>();
        for (ConfigItem item : out) {
            if (!seen.add(item.name()) || namesUsedByOthers.contains(item.name())) {
                throw TerminalFailure.conflict("ConfigurationNameConflict", "properties.configurationInfo.customizedKeys",
                        "configuration name '" + item.name() + "' is already set by another connection of this app;"
                                + " choose another with configurationInfo.customizedKeys (--customized-keys)");
            }
        }
        return out;
    }
}
