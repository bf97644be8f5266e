package dev.switchboard.core.plan;

import dev.switchboard.core.config.ConfigItem;
import dev.switchboard.core.config.ConnectionFacts;
import dev.switchboard.core.linker.ClientType;
import dev.switchboard.core.linker.DeliveryMode;
import dev.switchboard.core.target.TargetKind;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What a connection projects for its delivery modes, all as {@link ConfigItem}s so the footprint stores, updates,
 * deletes and compensates them alike:
 * <ul>
 *   <li>{@code environment}: the client type's names;</li>
 *   <li>{@code serviceBinding}: one item per binding file, named {@value #BINDING_PREFIX}{@code <binding>/<entry>}.
 *   The '/' cannot appear in an environment name (configuration names are letters, digits, '_', '.', '-'), so these
 *   never collide with one; the app host writes them as files and points {@code SERVICE_BINDING_ROOT} at them;</li>
 *   <li>{@code connectionStrings}: {@value #CONNECTION_STRINGS_PREFIX}{@code <linker name>}, which .NET's
 *   configuration reads as {@code ConnectionStrings:<name>} ({@code GetConnectionString("<name>")}).</li>
 * </ul>
 */
public final class ConfigurationDelivery {
    public static final String BINDING_ROOT_VARIABLE = "SERVICE_BINDING_ROOT";
    public static final String BINDING_PREFIX = BINDING_ROOT_VARIABLE + "/";
    public static final String CONNECTION_STRINGS_PREFIX = "ConnectionStrings__";
    private static final int MAX_BINDING_NAME = 63;

    private ConfigurationDelivery() { }

    /** Every item the connection projects, before {@code customizedKeys} and {@code additionalConfigurations}. */
    public static List<ConfigItem> items(TargetKind kind, ClientType client, ConnectionFacts facts, String infix,
                                         String linkerName, Set<DeliveryMode> modes) {
        List<ConfigItem> out = new ArrayList<>();
        if (modes.contains(DeliveryMode.ENVIRONMENT)) out.addAll(kind.configuration(client, facts, infix));
        if (modes.contains(DeliveryMode.SERVICE_BINDING)) {
            String prefix = BINDING_PREFIX + bindingName(linkerName) + "/";
            for (ConfigItem entry : kind.bindingEntries(facts)) out.add(entry.renamed(prefix + entry.name()));
        }
        if (modes.contains(DeliveryMode.CONNECTION_STRINGS)) {
            String template = kind.connectionString(facts);
            out.add(new ConfigItem(CONNECTION_STRINGS_PREFIX + connectionName(linkerName), template,
                    template.contains(ConfigItem.PASSWORD_MARK), ".NET connection string"));
        }
        return out;
    }

    /** The binding's directory name: the linker name in lower case, anything but [a-z0-9-] as '-', at most 63 long. */
    public static String bindingName(String linkerName) {
        String name = linkerName.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
        return name.length() > MAX_BINDING_NAME ? name.substring(0, MAX_BINDING_NAME) : name;
    }

    /** The linker name as the tail of an environment name: anything but letters, digits, '_', '.', '-' as '_'. */
    static String connectionName(String linkerName) {
        return linkerName.replaceAll("[^A-Za-z0-9_.\\-]", "_");
    }

    public static boolean isBindingFile(String itemName) {
        return itemName.startsWith(BINDING_PREFIX);
    }

    /** {@code <binding>/<entry>}: the file's path relative to the binding root. */
    public static String bindingFile(String itemName) {
        return itemName.substring(BINDING_PREFIX.length());
    }
}
