package dev.switchboard.core.kinds.redis;

import dev.switchboard.core.failure.TerminalFailure;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The one place that decides which names may reach a Redis {@code ACL SETUSER}: user names, key and channel
 * patterns and command rules. The kind checks the linker's request with it (a clear 400), and the provider checks
 * again right before it builds a command, so nothing unchecked reaches the server even if a caller skips the kind.
 *
 * <p>Every argument of {@code ACL SETUSER} is also sent as a protocol argument of its own (never a command line), so
 * a space could not split a rule anyway; the strict character sets are for what comes after: {@code ACL LIST} and
 * ACL files are space-separated lines, and a pattern starting with a rule character ({@code %R~}, {@code &}, …)
 * would mean something else than the caller asked.
 */
public final class RedisAcl {
    /** Letters, digits, {@code _ . -}; starts with a letter, digit or {@code _}: no rule prefix ({@code > < # ! % ~ & + - @}) can start it. */
    private static final Pattern USER = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.\\-]{0,63}");
    /**
     * A glob of letters, digits and {@code _ : . - / { } * ?}: {@code *} and {@code ?} are the only wildcards
     * ({@code [...]} classes and backslash escapes are refused), and the first character is never a rule prefix.
     */
    private static final Pattern GLOB = Pattern.compile("[A-Za-z0-9_:{*?][A-Za-z0-9_:.\\-/{}*?]{0,199}");
    /** {@code +@category}, {@code -@category}, {@code +command}, {@code -command}, {@code +command|subcommand}. */
    private static final Pattern RULE = Pattern.compile("[+-](@[a-z]{1,32}|[a-z][a-z0-9_\\-]{0,40}(\\|[a-z][a-z0-9_\\-]{0,40})?)");
    /** Words ACL SETUSER treats as rules, and Redis's built-in user: never a connection's user. */
    private static final Set<String> RESERVED = Set.of("default", "on", "off", "nopass", "reset", "resetpass", "resetkeys",
            "resetchannels", "allkeys", "allchannels", "allcommands", "nocommands", "sanitize-payload",
            "skip-sanitize-payload", "clearselectors");
    /** Rules that hand out administration (ACL, CONFIG, MODULE, SHUTDOWN, …) wholesale. */
    private static final Set<String> ADMIN_GRANTS = Set.of("+@admin", "+@dangerous", "+acl", "+config", "+module",
            "+shutdown", "+debug", "+replicaof", "+slaveof", "+failover", "+sync", "+psync", "+monitor", "+cluster");
    public static final int MAX_RULES = 32;

    private RedisAcl() { }

    public static boolean validUser(String user) {
        return user != null && USER.matcher(user).matches() && !RESERVED.contains(user.toLowerCase(Locale.ROOT));
    }

    public static String requireUser(String user) {
        if (!validUser(user)) {
            throw TerminalFailure.badRequest("InvalidLoginName", "properties.authInfo.name", "properties.authInfo.name must be"
                    + " 1-64 characters of letters, digits, '_', '.' and '-', start with a letter, digit or '_', and not be"
                    + " Redis's 'default' user or an ACL keyword (on, off, nopass, reset..., all...)");
        }
        return user;
    }

    public static boolean validPattern(String pattern) {
        return pattern != null && GLOB.matcher(pattern).matches();
    }

    /** @param field e.g. {@code properties.access.keyPattern} */
    public static String requirePattern(String pattern, String field) {
        if (!validPattern(pattern)) {
            throw TerminalFailure.badRequest("InvalidAccess", field, field + " must be a glob of 1-200 characters of"
                    + " letters, digits and '_ : . - / { } * ?' (wildcards '*' and '?' only), not starting with '.', '-', '/' or '}'");
        }
        return pattern;
    }

    /**
     * The command rules in order, each {@code +@cat}, {@code -@cat}, {@code +cmd}, {@code -cmd} or {@code +cmd|sub};
     * rules that grant administration are refused, and so is {@code +@all} unless a later {@code -@admin} (or
     * {@code -@dangerous}, which includes it) takes it back. The provider also asks the server (ACL DRYRUN) whether
     * the final rules allow an administrative command, which covers commands this list does not name.
     */
    public static List<String> requireRules(List<String> rules, String field) {
        if (rules.isEmpty() || rules.size() > MAX_RULES) {
            throw TerminalFailure.badRequest("InvalidAccess", field, field + " must hold 1-" + MAX_RULES + " rules");
        }
        boolean adminOpen = false;
        for (String rule : rules) {
            if (rule == null || !RULE.matcher(rule).matches()) {
                throw TerminalFailure.badRequest("InvalidAccess", field, field + " rules must look like +@category, -@category,"
                        + " +command, -command or +command|subcommand in lower case");
            }
            String top = rule.contains("|") ? rule.substring(0, rule.indexOf('|')) : rule;
            if (ADMIN_GRANTS.contains(top)) {
                throw TerminalFailure.badRequest("InvalidAccess", field, field + " must not grant administrative commands ("
                        + rule + "): a connection's login is never an administrator");
            }
            if (rule.equals("+@all")) adminOpen = true;
            if (rule.equals("-@admin") || rule.equals("-@dangerous") || rule.equals("-@all")) adminOpen = false;
        }
        if (adminOpen) {
            throw TerminalFailure.badRequest("InvalidAccess", field, field + ": +@all must be followed by -@admin or"
                    + " -@dangerous: a connection's login is never an administrator");
        }
        return List.copyOf(rules);
    }
}
