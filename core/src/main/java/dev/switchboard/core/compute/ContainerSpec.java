package dev.switchboard.core.compute;

import java.util.List;
import java.util.Map;

/**
 * One process of an app, with its final environment (user settings plus every connection's projection) and the
 * service binding files connections deliver ({@code files}: path relative to the binding root,
 * {@code <binding>/<entry>}, to content). The host writes the files and sets {@code SERVICE_BINDING_ROOT}.
 * {@code probes}: at most one of each {@link Probe.Type}.
 */
public record ContainerSpec(String name, List<String> command, List<String> args, Map<String, String> env,
                            Map<String, String> files, List<Probe> probes) {
    public ContainerSpec {
        command = List.copyOf(command);
        args = List.copyOf(args);
        env = Map.copyOf(env);
        files = files == null ? Map.of() : Map.copyOf(files);
        probes = probes == null ? List.of() : List.copyOf(probes);
    }

    public ContainerSpec(String name, List<String> command, List<String> args, Map<String, String> env,
                         Map<String, String> files) {
        this(name, command, args, env, files, List.of());
    }

    /** The container's probe of {@code type}, or null. */
    public Probe probe(Probe.Type type) {
        return probes.stream().filter(p -> p.type() == type).findFirst().orElse(null);
    }

    public ContainerSpec(String name, List<String> command, List<String> args, Map<String, String> env) {
        this(name, command, args, env, Map.of());
    }

    /** Environment values and files may hold connection secrets: print only the names. */
    @Override
    public String toString() {
        return "ContainerSpec[name=" + name + ", command=" + command + ", args=" + args + ", env=" + env.keySet()
                + ", files=" + files.keySet() + "]";
    }
}
