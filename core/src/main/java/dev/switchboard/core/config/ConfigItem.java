package dev.switchboard.core.config;

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
        String out = template;
        for (ValueFormat f : ValueFormat.values()) {
            String mark = passwordIn(f);
            if (out.contains(mark)) out = out.replace(mark, f.encode(password));
        }
        return out;
    }
}
