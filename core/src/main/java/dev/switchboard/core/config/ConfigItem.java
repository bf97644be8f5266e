package dev.switchboard.core.config;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One configuration entry a connection projects into an app. {@code template} holds everything but the secret;
 * where the password belongs it holds {@link #PASSWORD_MARK} + the format's name + {@code ')'}, so the stored
 * form of a configuration never contains a secret, and the secret is encoded for its syntax when resolved.
 */
public record ConfigItem(String name, String template, boolean secret, String description) {
    public static final String PASSWORD_MARK = "${switchboard.password:";

    public static String passwordIn(ValueFormat format) {
        return PASSWORD_MARK + format.name() + "}";
    }

    public ConfigItem renamed(String newName) {
        return new ConfigItem(newName, template, secret, description);
    }

    /** The value with the password put in, encoded for the syntax it sits in. */
    public String resolve(String password) {
        if (!secret) return template;
        // One pass: a password that itself looks like a mark must not be substituted again.
        return MARK.matcher(template).replaceAll(m -> Matcher.quoteReplacement(ValueFormat.valueOf(m.group(1)).encode(password)));
    }

    private static final Pattern MARK = Pattern.compile(Pattern.quote(PASSWORD_MARK) + "([A-Z]+)}");
}
