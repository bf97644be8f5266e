package dev.switchboard.providers.redis;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * One user as {@code ACL GETUSER} describes it (Redis 6.2 and 7.x layouts). Key patterns are kept as ACL tokens
 * ({@code ~app:*}, {@code %R~x}), channel patterns as {@code &chan:*}, command rules as the server's own normalised
 * string (Redis rewrites the rules it was given into an equivalent canonical form, e.g. {@code +@all -@admin
 * -@dangerous} becomes {@code +@all -@dangerous}). {@code hasSelectors} tells whether the server knows selectors (7.0+).
 */
record RedisUser(List<String> flags, List<String> passwords, String commands, List<String> keys, List<String> channels,
                 List<String> selectors, boolean hasSelectors) {

    /** True when the user may run no command on no key or channel: what a fresh ACL user or a reverted grant looks like. */
    boolean holdsNothing() {
        return keys.isEmpty() && channels.isEmpty() && selectors.isEmpty() && "-@all".equals(commands);
    }

    boolean on() {
        return flags.contains("on");
    }

    /** Parses an {@code ACL GETUSER} reply (alternating field names and values); null when the user does not exist. */
    static RedisUser parse(Object reply) {
        if (!(reply instanceof List<?> fields)) return null;
        List<String> flags = List.of();
        List<String> passwords = List.of();
        String commands = "";
        List<String> keys = List.of();
        List<String> channels = List.of();
        List<String> selectors = List.of();
        boolean hasSelectors = false;
        for (int i = 0; i + 1 < fields.size(); i += 2) {
            Object value = fields.get(i + 1);
            switch (text(fields.get(i))) {
                case "flags" -> flags = texts(value).stream().map(f -> f.toLowerCase(Locale.ROOT)).toList();
                case "passwords" -> passwords = texts(value);
                case "commands" -> commands = text(value);
                case "keys" -> keys = patterns(value, "~");
                case "channels" -> channels = patterns(value, "&");
                case "selectors" -> {
                    hasSelectors = true;
                    selectors = value instanceof List<?> l ? l.stream().map(String::valueOf).toList() : List.of();
                }
                default -> { }
            }
        }
        return new RedisUser(flags, passwords, commands, keys, channels, selectors, hasSelectors);
    }

    /**
     * Redis 7 answers one space-separated string of tokens ({@code ~a* %R~b*}); Redis 6.2 a list of bare patterns
     * (given back here with the token prefix, so both read the same).
     */
    private static List<String> patterns(Object value, String prefix) {
        if (value instanceof List<?> list) {
            return list.stream().map(RedisUser::text).map(p -> prefix + p).toList();
        }
        String s = text(value).strip();
        return s.isEmpty() ? List.of() : Arrays.asList(s.split(" +"));
    }

    static List<String> texts(Object value) {
        List<String> out = new ArrayList<>();
        if (value instanceof List<?> list) list.forEach(v -> out.add(text(v)));
        else if (value != null) out.add(text(value));
        return List.copyOf(out);
    }

    static String text(Object value) {
        if (value instanceof byte[] bytes) return new String(bytes, StandardCharsets.UTF_8);
        return value == null ? "" : String.valueOf(value);
    }
}
