package dev.switchboard.core.config;

import java.util.ArrayList;
import java.util.List;

import static dev.switchboard.core.config.ConfigItem.passwordIn;
import static dev.switchboard.core.config.ValueFormat.RAW;

/**
 * The entries of a servicebinding.io binding (one file each in {@code $SERVICE_BINDING_ROOT/<binding>/}), as
 * {@link ConfigItem}s whose names are the file names. Every kind starts with the spec's well-known entries
 * {@code type}, {@code provider}, {@code host}, {@code port}, {@code username} and {@code password} (the password as
 * a mark, so the stored form never holds the secret) and adds its own.
 */
public final class BindingEntries {
    public static final String PROVIDER = "switchboard";

    private BindingEntries() { }

    /** The well-known entries, in a list the caller may extend. */
    public static List<ConfigItem> start(String type, String host, int port, String username) {
        List<ConfigItem> out = new ArrayList<>();
        out.add(plain("type", type, "Service binding type"));
        out.add(plain("provider", PROVIDER, "Service binding provider"));
        out.add(plain("host", host, "Host"));
        out.add(plain("port", String.valueOf(port), "Port"));
        out.add(plain("username", username, "Username"));
        out.add(new ConfigItem("password", passwordIn(RAW), true, "Password"));
        return out;
    }

    public static ConfigItem plain(String entry, String value, String description) {
        return new ConfigItem(entry, value, false, description);
    }

    public static ConfigItem secret(String entry, String template, String description) {
        return new ConfigItem(entry, template, true, description);
    }
}
