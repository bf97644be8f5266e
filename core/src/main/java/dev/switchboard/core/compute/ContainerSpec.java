package dev.switchboard.core.compute;

import java.util.List;
import java.util.Map;

/** One process of an app, with its final environment (user settings plus every connection's projection). */
public record ContainerSpec(String name, List<String> command, List<String> args, Map<String, String> env) {
    public ContainerSpec {
        command = List.copyOf(command);
        args = List.copyOf(args);
        env = Map.copyOf(env);
    }

    /** Environment values may hold connection secrets: print only the names. */
    @Override
    public String toString() {
        return "ContainerSpec[name=" + name + ", command=" + command + ", args=" + args + ", env=" + env.keySet() + "]";
    }
}
