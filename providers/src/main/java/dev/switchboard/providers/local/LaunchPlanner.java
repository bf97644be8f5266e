package dev.switchboard.providers.local;

import dev.switchboard.core.compute.SpecHash;
import dev.switchboard.core.compute.AppSpec;
import dev.switchboard.core.compute.ContainerSpec;
import dev.switchboard.core.failure.TerminalFailure;
import dev.switchboard.core.plan.ConfigurationDelivery;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns an {@link AppSpec} into {@link LaunchPlan}s, refusing (400) what cannot be started before anything
 * is touched: no containers, a duplicate or empty name, an empty command, a NUL in the command line or the
 * environment, an environment name with '=', and above all an executable that does not exist.
 * Error messages name variables, never their values.
 */
final class LaunchPlanner {

    static final String PORT = "PORT";
    static final char REPLICA_MARK = '#';
    private static final String CONTAINERS = "properties.template.containers";

    private final WorkLayout layout;
    private final Map<String, String> inherited;

    /** {@code inherited}: the host variables every child gets (already filtered), overridden by the spec's env. */
    LaunchPlanner(WorkLayout layout, Map<String, String> inherited) {
        this.layout = layout;
        this.inherited = Map.copyOf(inherited);
    }

    List<LaunchPlan> plan(AppSpec spec) {
        if (spec.containers().isEmpty()) {
            throw TerminalFailure.badRequest("InvalidContainerApp", CONTAINERS, "An app needs at least one container");
        }
        Path workDir = layout.appDir(spec.id());
        Set<String> names = new HashSet<>();
        Set<String> stems = new HashSet<>();
        List<LaunchPlan> plans = new ArrayList<>();
        for (int i = 0; i < spec.containers().size(); i++) {
            ContainerSpec c = spec.containers().get(i);
            String field = CONTAINERS + "[" + i + "]";
            if (c.name() == null || c.name().isBlank() || c.name().indexOf('\0') >= 0 || c.name().indexOf(REPLICA_MARK) >= 0) {
                throw TerminalFailure.badRequest("InvalidContainerName", field + ".name",
                        "A container needs a name, without '" + REPLICA_MARK + "' (it marks replicas)");
            }
            if (!names.add(c.name()) || !stems.add(WorkLayout.fileStem(c.name()))) {
                throw TerminalFailure.badRequest("DuplicateContainerName", field + ".name",
                        "Container name '" + LogTail.printable(c.name(), 80) + "' is used twice");
            }
            if (c.command().isEmpty() || c.command().get(0) == null || c.command().get(0).isBlank()) {
                throw TerminalFailure.badRequest("InvalidContainerCommand", field + ".command",
                        "Container '" + LogTail.printable(c.name(), 80) + "' has no command");
            }
            for (String s : c.command()) requireNoNul(s, field + ".command", c.name());
            for (String s : c.args()) requireNoNul(s, field + ".args", c.name());

            Map<String, String> env = new LinkedHashMap<>(inherited);
            for (Map.Entry<String, String> e : c.env().entrySet()) {
                String name = e.getKey();
                if (name.isEmpty() || name.indexOf('=') >= 0 || name.indexOf('\0') >= 0) {
                    throw TerminalFailure.badRequest("InvalidEnvironmentVariable", field + ".env",
                            "Environment variable name '" + LogTail.printable(name, 80) + "' is not valid: it must be"
                                    + " non-empty and hold neither '=' nor NUL");
                }
                if (e.getValue().indexOf('\0') >= 0) {
                    throw TerminalFailure.badRequest("InvalidEnvironmentVariable", field + ".env",
                            "The value of environment variable " + name + " holds a NUL character");
                }
                env.put(name, e.getValue());
            }
            env.remove(PORT);
            String containerHash = SpecHash.of(c);
            Path bindingRoot = null;
            if (!c.files().isEmpty()) {
                BindingFiles.check(c.files(), field + ".files");
                bindingRoot = BindingFiles.root(workDir, containerHash);
                env.put(ConfigurationDelivery.BINDING_ROOT_VARIABLE, bindingRoot.toString());
            }

            Path exe = resolveExecutable(c.command().get(0), env.get("PATH"), workDir, field + ".command", c.name());
            List<String> commandLine = new ArrayList<>();
            commandLine.add(exe.toString());
            commandLine.addAll(c.command().subList(1, c.command().size()));
            commandLine.addAll(c.args());
            for (int r = 0; r < spec.replicas(); r++) {
                String key = replicaKey(c.name(), r);
                plans.add(new LaunchPlan(i, key, commandLine, env, workDir, layout.logFile(spec.id(), key),
                        containerHash, bindingRoot, c.files(), c.probes()));
            }
        }
        return plans;
    }

    /** How a replica's process is known (log file, PID record): the container's name, then {@code #n} past the first. */
    static String replicaKey(String container, int replica) {
        return replica == 0 ? container : container + REPLICA_MARK + replica;
    }

    /** Resolves like {@code execvp}: a name with '/' against the working directory, a bare name along PATH. */
    static Path resolveExecutable(String command, String path, Path workDir, String field, String container) {
        String shown = LogTail.printable(command, 200);
        String who = "Container '" + LogTail.printable(container, 80) + "': ";
        try {
            if (command.indexOf('/') >= 0) {
                Path p = workDir.resolve(command).normalize();
                if (!Files.exists(p)) {
                    throw TerminalFailure.badRequest("InvalidContainerCommand", field,
                            who + "executable '" + shown + "' does not exist");
                }
                if (!Files.isRegularFile(p) || !Files.isExecutable(p)) {
                    throw TerminalFailure.badRequest("InvalidContainerCommand", field,
                            who + "'" + shown + "' is not an executable file");
                }
                return p;
            }
            if (path != null) {
                for (String dir : path.split(":")) {
                    if (dir.isEmpty()) continue;
                    Path p = workDir.resolve(dir).resolve(command).normalize();
                    if (Files.isRegularFile(p) && Files.isExecutable(p)) return p;
                }
            }
        } catch (InvalidPathException e) {
            throw TerminalFailure.badRequest("InvalidContainerCommand", field, who + "'" + shown + "' is not a valid path");
        }
        throw TerminalFailure.badRequest("InvalidContainerCommand", field,
                who + "executable '" + shown + "' was not found on the PATH" + (path == null ? " (no PATH is set)" : ""));
    }

    private static void requireNoNul(String s, String field, String container) {
        if (s == null || s.indexOf('\0') >= 0) {
            throw TerminalFailure.badRequest("InvalidContainerCommand", field,
                    "Container '" + LogTail.printable(container, 80) + "': the command line holds a null or NUL character");
        }
    }
}
