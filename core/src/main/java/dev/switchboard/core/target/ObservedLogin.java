package dev.switchboard.core.target;

import java.util.Set;

/**
 * What a target holds for one login right now. {@code grants} uses the provider's own stable words
 * (for PostgreSQL e.g. {@code CONNECT}, {@code USAGE}, {@code SELECT}, {@code DEFAULT:SELECT}) so plans and
 * tests can compare sets.
 */
public record ObservedLogin(String login, boolean exists, Set<String> attributes, Set<String> grants) {
    public static ObservedLogin absent(String login) {
        return new ObservedLogin(login, false, Set.of(), Set.of());
    }
}
