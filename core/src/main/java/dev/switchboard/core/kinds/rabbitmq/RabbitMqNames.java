package dev.switchboard.core.kinds.rabbitmq;

import dev.switchboard.core.failure.TerminalFailure;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * What Switchboard lets reach RabbitMQ as a user name, a virtual host name or a permission pattern. RabbitMQ itself
 * accepts almost any byte string; we accept printable Unicode text only, because these names end up in URLs, HTTP
 * paths, JSON, AMQP frames and every client's configuration syntax:
 * <ul>
 *   <li>a <b>login</b>: 1-64 code points (at most 255 UTF-8 bytes, an AMQP short string), no control, format,
 *   separator (other than the plain space), private-use, unassigned or unpaired-surrogate characters, no leading or
 *   trailing space, and not {@code guest} (RabbitMQ's built-in user, in any letter case);</li>
 *   <li>a <b>vhost</b>: the same characters, 1-64 code points, not {@code .} or {@code ..} (they would be read as
 *   path steps in the management API's URLs). The default vhost {@code /} is allowed; as a resource name (which
 *   cannot hold {@code /}) it is written {@value #DEFAULT_VHOST_ALIAS};</li>
 *   <li>a <b>permission pattern</b> (configure/write/read): at most {@value #MAX_PATTERN} characters, no control
 *   characters, and it must compile as a {@link java.util.regex.Pattern} (a sanity check: RabbitMQ uses PCRE, whose
 *   syntax is close). The empty pattern is allowed and, as in RabbitMQ, grants nothing.</li>
 * </ul>
 * Pure and shared by {@link RabbitMqKind} (a 400 before anything is planned) and the provider (again, before any call).
 */
public final class RabbitMqNames {
    public static final int MAX_LOGIN = 64;
    public static final int MAX_VHOST = 64;
    public static final int MAX_PATTERN = 256;
    public static final String DEFAULT_VHOST = "/";
    /** The resource name that stands for the default vhost {@code /} (a resource name cannot contain {@code /}). */
    public static final String DEFAULT_VHOST_ALIAS = "default()";
    public static final String BUILT_IN_USER = "guest";
    static final String LOGIN_FIELD = "properties.authInfo.name";

    private RabbitMqNames() { }

    /** The login itself, or a 400 {@code InvalidLoginName} at {@code properties.authInfo.name}. */
    public static String requireLogin(String login) {
        if (login == null || !printable(login, MAX_LOGIN)) {
            throw TerminalFailure.badRequest("InvalidLoginName", LOGIN_FIELD, LOGIN_FIELD + " must be 1-" + MAX_LOGIN
                    + " printable characters (no control or invisible characters, no leading or trailing space)");
        }
        if (login.toLowerCase(Locale.ROOT).equals(BUILT_IN_USER)) {
            throw TerminalFailure.badRequest("InvalidLoginName", LOGIN_FIELD,
                    LOGIN_FIELD + " must not be '" + BUILT_IN_USER + "', RabbitMQ's built-in user");
        }
        return login;
    }

    /** The vhost itself, or a 400 {@code InvalidVhostName} at {@code field}. */
    public static String requireVhost(String vhost, String field) {
        if (vhost == null || !printable(vhost, MAX_VHOST) || vhost.equals(".") || vhost.equals("..")) {
            throw TerminalFailure.badRequest("InvalidVhostName", field, field + " must be a vhost name of 1-" + MAX_VHOST
                    + " printable characters (no control or invisible characters, no leading or trailing space,"
                    + " not '.' or '..')");
        }
        return vhost;
    }

    /** The vhost a {@code vhosts} resource name stands for: {@value #DEFAULT_VHOST_ALIAS} is {@code /}, any other is itself. */
    public static String vhostOf(String resourceName, String field) {
        return DEFAULT_VHOST_ALIAS.equals(resourceName) ? DEFAULT_VHOST : requireVhost(resourceName, field);
    }

    /** The pattern itself, or a 400 {@code InvalidAccess} at {@code field}. */
    public static String requirePattern(String pattern, String field) {
        if (pattern == null || pattern.length() > MAX_PATTERN || pattern.codePoints().anyMatch(Character::isISOControl)) {
            throw TerminalFailure.badRequest("InvalidAccess", field, field + " must be a regular expression of at most "
                    + MAX_PATTERN + " characters without control characters");
        }
        try {
            Pattern.compile(pattern);
        } catch (PatternSyntaxException e) {
            throw TerminalFailure.badRequest("InvalidAccess", field, field + " is not a valid regular expression: "
                    + e.getDescription());
        }
        return pattern;
    }

    /** Non-empty, bounded, well-formed printable text with no space at either end. */
    static boolean printable(String s, int maxCodePoints) {
        if (s.isEmpty() || s.codePointCount(0, s.length()) > maxCodePoints) return false;
        if (s.getBytes(StandardCharsets.UTF_8).length > 255) return false;
        if (s.charAt(0) == ' ' || s.charAt(s.length() - 1) == ' ') return false;
        return s.codePoints().allMatch(RabbitMqNames::printableCodePoint);
    }

    private static boolean printableCodePoint(int cp) {
        return switch (Character.getType(cp)) {
            case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
                 Character.SURROGATE, Character.PRIVATE_USE, Character.UNASSIGNED -> false;
            case Character.SPACE_SEPARATOR -> cp == ' ';
            default -> true;
        };
    }
}
