package dev.switchboard.core.plan;

import dev.switchboard.core.store.Footprint;
import dev.switchboard.core.target.ObservedLogin;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * How a connection differs from its footprint, as named findings: {@code drift = f(footprint, observed)}, with no
 * I/O. Findings name logins, grant words and configuration keys, never a value, so they can go into events and
 * onto the connection as they are.
 */
public sealed interface Drift {

    /** The finding's name as events and the connection's {@code properties.drift} show it. */
    default String kind() {
        return getClass().getSimpleName();
    }

    /** One line for people, secret-free. */
    String describe();

    /** The connection's login is gone from the target (dropped by hand). Its grants went with it. */
    record LoginMissing(String login) implements Drift {
        @Override public String describe() {
            return "login '" + login + "' is missing on the target";
        }
    }

    /** The login exists but lacks some of its least privilege ({@code which}: the provider's grant words). */
    record GrantsMissing(String login, List<String> which) implements Drift {
        public GrantsMissing {
            which = List.copyOf(which);
        }

        @Override public String describe() {
            return "login '" + login + "' lacks " + String.join(", ", which);
        }
    }

    /** The app's live environment lacks these keys of the connection, or holds other values under them. */
    record ConfigurationMissing(List<String> keys) implements Drift {
        public ConfigurationMissing {
            keys = List.copyOf(keys);
        }

        @Override public String describe() {
            return "the running app lacks or has other values for " + String.join(", ", keys);
        }
    }

    /** The app's resource no longer holds these settings of the connection (a write replaced it without them). */
    record SettingsRemoved(List<String> keys) implements Drift {
        public SettingsRemoved {
            keys = List.copyOf(keys);
        }

        @Override public String describe() {
            return "the app's resource no longer holds " + String.join(", ", keys);
        }
    }

    /**
     * The findings for one connection. {@code observed}: its login as the target holds it now; {@code required}: the
     * grant words its scope needs; {@code expected}: the configuration the footprint projects, resolved; {@code live}:
     * the environment of the app's running process, or null when nothing runs to compare with (a stopped app, a
     * connector with no app) — an app that is not running has not drifted, it will start with its configuration.
     */
    static List<Drift> find(Footprint footprint, ObservedLogin observed, Set<String> required,
                            Map<String, String> expected, Map<String, String> live) {
        List<Drift> found = new ArrayList<>();
        if (!observed.exists()) {
            found.add(new LoginMissing(footprint.login()));
        } else {
            Set<String> lacking = new TreeSet<>(required);
            lacking.removeAll(observed.grants());
            if (!lacking.isEmpty()) found.add(new GrantsMissing(footprint.login(), List.copyOf(lacking)));
        }
        if (live != null && footprint.source() != null) {
            List<String> keys = differingKeys(expected, live);
            if (!keys.isEmpty()) found.add(new ConfigurationMissing(keys));
        }
        return found;
    }

    /**
     * The keys of {@code expected} that {@code live} (a process's environment) lacks or holds another value under,
     * sorted. Binding files are not in the environment: the host writes them, and SERVICE_BINDING_ROOT points at them.
     */
    static List<String> differingKeys(Map<String, String> expected, Map<String, String> live) {
        return expected.entrySet().stream().filter(e -> !ConfigurationDelivery.isBindingFile(e.getKey()))
                .filter(e -> !e.getValue().equals(live.get(e.getKey()))).map(Map.Entry::getKey).sorted().toList();
    }
}
