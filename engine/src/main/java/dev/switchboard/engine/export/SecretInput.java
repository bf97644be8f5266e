package dev.switchboard.engine.export;

import java.util.Locale;

/**
 * A secret the exported code takes as an input instead of a value: an ARM {@code secureString} parameter, a Bicep
 * {@code @secure()} param, a sensitive Terraform variable. It stands where the secret would be in the exported
 * properties, so no generator ever sees a value. {@code name} is camelCase ({@code dbPassword}).
 */
public record SecretInput(String name, String description) {

    /** The Terraform spelling: {@code db_password}. */
    public String snakeName() {
        return name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }

    /** {@code prefix} + {@code what}, made an identifier: letters and digits, camelCase, never starting with a digit. */
    static String identifier(String prefix, String what) {
        StringBuilder out = new StringBuilder();
        boolean upper = false;
        for (char c : (prefix + " " + what).toCharArray()) {
            if (Character.isLetterOrDigit(c) && c < 0x80) {
                out.append(upper && out.length() > 0 ? Character.toUpperCase(c) : c);
                upper = false;
            } else {
                upper = true;
            }
        }
        String s = out.toString();
        if (s.isEmpty() || !Character.isLetter(s.charAt(0))) s = "c" + s;
        return Character.toLowerCase(s.charAt(0)) + s.substring(1);
    }
}
