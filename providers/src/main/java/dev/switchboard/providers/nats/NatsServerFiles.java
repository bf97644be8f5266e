package dev.switchboard.providers.nats;

import dev.switchboard.core.failure.TerminalFailure;
import dev.switchboard.core.failure.TransientFailure;
import dev.switchboard.core.kinds.nats.NatsKind;
import dev.switchboard.core.target.TargetEndpoint;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One NATS server as this provider reaches it: its address, the administrator, and the two files on this machine
 * (the included authorization file and the server's pid file), all checked once when built from an endpoint.
 */
record NatsServerFiles(String host, int port, String adminLogin, String adminPassword, Path authorizationFile, Path pidFile) {
    private static final Pattern ADMIN = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    static final String PROBE = "_switchboard_probe";

    static NatsServerFiles of(TargetEndpoint endpoint) {
        String admin = endpoint.adminLogin();
        if (admin == null || !ADMIN.matcher(admin).matches() || admin.equals(PROBE)) {
            throw TerminalFailure.badRequest("InvalidLoginName", "properties.administratorLogin",
                    "properties.administratorLogin must be 1-64 characters of letters, digits, '_' and '-'");
        }
        String password = endpoint.adminPassword() == null ? "" : endpoint.adminPassword().reveal();
        NatsPasswords.require(password, "properties.administratorLoginPassword");
        return new NatsServerFiles(endpoint.host(), endpoint.port(), admin, password,
                absolute(endpoint, NatsKind.AUTHORIZATION_FILE), absolute(endpoint, NatsKind.PID_FILE));
    }

    private static Path absolute(TargetEndpoint endpoint, String option) {
        String field = "properties." + option;
        String raw = endpoint.options().get(option);
        if (raw == null || raw.isBlank()) throw TerminalFailure.missingField(field);
        Path path;
        try {
            path = Path.of(raw);
        } catch (RuntimeException e) {
            throw TerminalFailure.invalidField(field, "not a file path");
        }
        if (!path.isAbsolute() || raw.indexOf('\0') >= 0) throw TerminalFailure.invalidField(field, "must be an absolute path");
        return path.normalize();
    }

    String address() {
        return NatsConnector.address(host, port);
    }

    /** "NATS at host:port", the start of every message about this server. */
    String where() {
        return "NATS at " + address();
    }

    /**
     * The running nats-server's process, from the pid file. Not running: transient (it may be restarting). A live
     * process that is not nats-server: terminal, since signalling it could harm an unrelated program.
     */
    ProcessHandle process() {
        String text;
        try {
            text = Files.readString(pidFile).trim();
        } catch (IOException e) {
            throw new TransientFailure(where() + ": cannot read the pid file " + pidFile + ": " + e.getClass().getSimpleName(), e);
        }
        if (!text.matches("[0-9]{1,10}")) {
            throw new TransientFailure(where() + ": the pid file " + pidFile + " does not hold a process id");
        }
        Optional<ProcessHandle> handle = ProcessHandle.of(Long.parseLong(text)).filter(ProcessHandle::isAlive);
        if (handle.isEmpty()) throw new TransientFailure(where() + ": the process " + text + " in " + pidFile + " is not running");
        Optional<String> command = handle.get().info().command();
        if (command.isPresent() && !Path.of(command.get()).getFileName().toString().toLowerCase(Locale.ROOT).contains("nats-server")) {
            throw TerminalFailure.conflict("PidFileMismatch", "properties." + NatsKind.PID_FILE, where() + ": the process "
                    + text + " in " + pidFile + " is " + command.get() + ", not nats-server");
        }
        return handle.get();
    }
}
