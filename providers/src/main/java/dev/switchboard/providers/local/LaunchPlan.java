package dev.switchboard.providers.local;

import dev.switchboard.core.compute.Probe;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * How one container is launched, checked before anything is started: the command line with the executable
 * resolved to an absolute path, the environment without {@code PORT} (the host adds it per start), the working
 * directory and the log file; and the service binding files to write under {@code bindingRoot} (null when none),
 * which the environment names as {@code SERVICE_BINDING_ROOT}. {@link #toString()} names the environment
 * variables, never their values, and never shows the files.
 */
record LaunchPlan(int index, String container, List<String> commandLine, Map<String, String> environment,
                  Path workDir, Path logFile, String containerHash, Path bindingRoot, Map<String, String> bindingFiles,
                  List<Probe> probes) {

    LaunchPlan {
        commandLine = List.copyOf(commandLine);
        environment = Map.copyOf(environment);
        bindingFiles = Map.copyOf(bindingFiles);
        probes = probes == null ? List.of() : List.copyOf(probes);
    }

    @Override
    public String toString() {
        return "LaunchPlan[container=" + container + ", commandLine=" + commandLine + ", env=" + environment.keySet()
                + ", workDir=" + workDir + "]";
    }
}
