package dev.switchboard.engine.export;

import dev.switchboard.core.config.ConfigItem;
import dev.switchboard.core.plan.ConfigurationDelivery;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The settings a connection projects (its footprint's items, under their final names) as the export shows them:
 * a value without a secret as it is, one with the password as its shape, the password a placeholder saying how
 * it is encoded there. The stored item never holds the password, only a mark, so nothing secret can get in here.
 */
final class Settings {
    private static final Pattern MARK = Pattern.compile(Pattern.quote(ConfigItem.PASSWORD_MARK) + "([A-Z]+)}");

    private Settings() { }

    static List<ConnectionExport.Setting> of(List<ConfigItem> projected) {
        return projected.stream().map(Settings::setting).toList();
    }

    private static ConnectionExport.Setting setting(ConfigItem item) {
        String value = item.secret() ? shape(item.template()) : item.template();
        return new ConnectionExport.Setting(item.name(), item.secret(), ConfigurationDelivery.isBindingFile(item.name()),
                item.description(), value);
    }

    /** {@code ...&password=${switchboard.password:URL}} becomes {@code ...&password=<password, URL-encoded>}. */
    static String shape(String template) {
        return MARK.matcher(template).replaceAll(m -> Matcher.quoteReplacement(
                m.group(1).equals("RAW") ? "<password>" : "<password, " + m.group(1) + "-encoded>"));
    }
}
