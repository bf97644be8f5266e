package dev.switchboard.providers.nats;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The authorization file Switchboard owns, in one strict layout it writes and reads back (it never parses NATS
 * configuration in general): a header line, {@code authorization { users = [ ... ] }}, one user per line. A user
 * without {@code permissions} has full access (the administrator); any other user has an allow list per direction,
 * and an empty list is written as {@code deny: [">"]} because NATS reads an empty allow list as "no restriction".
 * Every value goes through {@link #quote}, which only lets through the characters that logins, subjects and bcrypt
 * hashes are made of, so nothing can end a string early.
 */
final class NatsAuthFile {
    static final String HEADER = "# Managed by Switchboard (nats-authorization v1): do not edit, Switchboard rewrites this file.";
    private static final String OPEN_1 = "authorization {";
    private static final String OPEN_2 = "  users = [";
    private static final String CLOSE_2 = "  ]";
    private static final String CLOSE_1 = "}";
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_.>*$/-]{1,255}");
    private static final String Q = "\"([A-Za-z0-9_.>*$/-]+)\"";
    private static final String PERM = "\\{(?:allow: \\[(" + Q + "(?:, " + Q + ")*)\\]|deny: \\[\">\"\\])\\}";
    private static final Pattern USER = Pattern.compile("    \\{user: " + Q + ", password: " + Q
            + "(?:, permissions: \\{publish: (" + PERM + "), subscribe: (" + PERM + ")\\})?\\}");
    private static final Pattern LIST_ITEM = Pattern.compile(Q);

    /** One user line. {@code unrestricted}: no permissions block (full access); otherwise the allow lists. */
    record User(String name, String hash, List<String> publish, List<String> subscribe, boolean unrestricted) {
        User {
            publish = List.copyOf(publish);
            subscribe = List.copyOf(subscribe);
        }

        User withHash(String newHash) {
            return new User(name, newHash, publish, subscribe, unrestricted);
        }

        User withPermissions(List<String> pub, List<String> sub) {
            return new User(name, hash, pub, sub, false);
        }
    }

    /** The users, in file order. */
    record Content(List<User> users) {
        Content {
            users = List.copyOf(users);
        }

        Optional<User> find(String name) {
            return users.stream().filter(u -> u.name().equals(name)).findFirst();
        }

        /** Replaces the user of the same name in place, or appends it. */
        Content with(User user) {
            List<User> out = new ArrayList<>(users);
            int i = indexOf(user.name());
            if (i >= 0) out.set(i, user);
            else out.add(user);
            return new Content(out);
        }

        Content without(String name) {
            return new Content(users.stream().filter(u -> !u.name().equals(name)).toList());
        }

        private int indexOf(String name) {
            for (int i = 0; i < users.size(); i++) if (users.get(i).name().equals(name)) return i;
            return -1;
        }
    }

    /** Thrown for a file that is neither empty nor in this layout: someone else's, or edited by hand. */
    static final class NotManaged extends Exception {
        NotManaged(String message) {
            super(message);
        }
    }

    private NatsAuthFile() { }

    static String format(Content content) {
        StringBuilder out = new StringBuilder(HEADER).append('\n').append(OPEN_1).append('\n').append(OPEN_2).append('\n');
        for (User u : content.users()) {
            out.append("    {user: ").append(quote(u.name())).append(", password: ").append(quote(u.hash()));
            if (!u.unrestricted()) {
                out.append(", permissions: {publish: ").append(permission(u.publish()))
                        .append(", subscribe: ").append(permission(u.subscribe())).append('}');
            }
            out.append("}\n");
        }
        return out.append(CLOSE_2).append('\n').append(CLOSE_1).append('\n').toString();
    }

    /** Empty when the file holds only whitespace (not yet taken over); the users otherwise. */
    static Optional<Content> parse(String text) throws NotManaged {
        if (text.isBlank()) return Optional.empty();
        List<String> lines = Arrays.asList(text.split("\n", -1));
        int n = lines.size();
        if (n < 5 || !lines.get(0).equals(HEADER) || !lines.get(1).equals(OPEN_1) || !lines.get(2).equals(OPEN_2)
                || !lines.get(n - 3).equals(CLOSE_2) || !lines.get(n - 2).equals(CLOSE_1) || !lines.get(n - 1).isEmpty()) {
            throw new NotManaged("it is not empty and not in the layout Switchboard writes (first line '" + HEADER + "')");
        }
        List<User> users = new ArrayList<>();
        for (int i = 3; i < n - 3; i++) users.add(user(lines.get(i), i + 1));
        return Optional.of(new Content(users));
    }

    private static User user(String line, int lineNumber) throws NotManaged {
        Matcher m = USER.matcher(line);
        if (!m.matches()) throw new NotManaged("line " + lineNumber + " is not a user line Switchboard writes");
        String name = m.group(1);
        String hash = m.group(2);
        if (m.group(3) == null) return new User(name, hash, List.of(), List.of(), true);
        return new User(name, hash, items(m.group(4)), items(m.group(8)), false);
    }

    private static List<String> items(String list) {
        if (list == null) return List.of();
        List<String> out = new ArrayList<>();
        Matcher m = LIST_ITEM.matcher(list);
        while (m.find()) out.add(m.group(1));
        return out;
    }

    private static String permission(List<String> subjects) {
        if (subjects.isEmpty()) return "{deny: [\">\"]}";
        StringBuilder out = new StringBuilder("{allow: [");
        for (int i = 0; i < subjects.size(); i++) out.append(i == 0 ? "" : ", ").append(quote(subjects.get(i)));
        return out.append("]}").toString();
    }

    /**
     * The one way a value enters the file: double-quoted, and only when made of characters that need no escaping in
     * NATS configuration (letters, digits, {@code _ . > * $ / -}). Callers validated the value already; this refuses
     * anything else as a programming error rather than escaping it.
     */
    static String quote(String value) {
        if (value == null || !SAFE.matcher(value).matches()) {
            throw new IllegalArgumentException("value not allowed in the NATS authorization file");
        }
        return "\"" + value + "\"";
    }
}
