package dev.switchboard.providers.nats;

import dev.switchboard.core.failure.TerminalFailure;
import dev.switchboard.core.failure.TransientFailure;
import dev.switchboard.providers.nats.NatsAuthFile.Content;
import dev.switchboard.providers.nats.NatsAuthFile.User;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * Reads and changes the authorization file. A change is read-modify-write under two locks (a JVM lock per file, for
 * threads, and a lock on {@code <file>.lock}, for other processes and Switchboard replicas), written to a temporary
 * file beside it and renamed over it (the server never reads half a file), then the server is sent SIGHUP and the
 * change is only reported once the server has loaded it: every write also gives the probe user
 * ({@link NatsServerFiles#PROBE}, no permissions at all) a new random password, and logging in with it proves the new
 * file is in effect. If that does not happen within the reload timeout the previous file is put back, so the file never
 * claims what the server does not enforce, and the change fails transiently.
 */
final class NatsStore {
    private static final Map<Path, ReentrantLock> LOCKS = new ConcurrentHashMap<>();
    private static final Duration LOCK_WAIT = Duration.ofSeconds(30);
    private final NatsConnector connector;
    private final NatsBcrypt bcrypt;
    private final SecureRandom random;
    private final Duration reloadTimeout;

    /** What a change wants: {@code next} null for "nothing to write", and what to report. */
    record Change<T>(Content next, T result) { }

    NatsStore(NatsConnector connector, NatsBcrypt bcrypt, SecureRandom random, Duration reloadTimeout) {
        this.connector = connector;
        this.bcrypt = bcrypt;
        this.random = random;
        this.reloadTimeout = reloadTimeout;
    }

    NatsBcrypt bcrypt() {
        return bcrypt;
    }

    /** The users in the file, or empty when the file is still empty (not taken over yet). */
    Optional<Content> read(NatsServerFiles server) {
        return parse(server, readText(server));
    }

    /** Applies {@code change} to the current users (after taking an empty file over for the administrator). */
    <T> T update(NatsServerFiles server, Function<Content, Change<T>> change) {
        ReentrantLock local = LOCKS.computeIfAbsent(server.authorizationFile(), k -> new ReentrantLock());
        try {
            if (!local.tryLock(LOCK_WAIT.toMillis(), TimeUnit.MILLISECONDS)) throw busy(server);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw busy(server);
        }
        try (FileChannel lockFile = FileChannel.open(lockPath(server), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = lockAcross(lockFile, server)) {
            return updateLocked(server, change);
        } catch (IOException e) {
            throw new TransientFailure(server.where() + ": cannot lock " + lockPath(server) + ": " + e.getClass().getSimpleName(), e);
        } finally {
            local.unlock();
        }
    }

    private <T> T updateLocked(NatsServerFiles server, Function<Content, Change<T>> change) {
        String before = readText(server);
        Content current = parse(server, before).orElseGet(() -> takeOver(server));
        Change<T> wanted = change.apply(current);
        if (wanted.next() == null) return wanted.result();
        ProcessHandle process = server.process();
        String token = HexFormat.of().formatHex(randomBytes(24));
        Content next = wanted.next().with(new User(NatsServerFiles.PROBE,
                bcrypt.hash(token.getBytes(StandardCharsets.UTF_8), NatsBcrypt.PROBE_COST), List.of(), List.of(), false));
        write(server, NatsAuthFile.format(next));
        try {
            reload(server, process);
            awaitLoaded(server, token);
        } catch (RuntimeException e) {
            restore(server, before, process);
            throw e;
        }
        return wanted.result();
    }

    /** An empty file becomes Switchboard's: the administrator (full access) is its first user. */
    private Content takeOver(NatsServerFiles server) {
        byte[] password = server.adminPassword().getBytes(StandardCharsets.UTF_8);
        return new Content(List.of(new User(server.adminLogin(), bcrypt.hash(password, NatsBcrypt.USER_COST),
                List.of(), List.of(), true)));
    }

    private void restore(NatsServerFiles server, String before, ProcessHandle process) {
        try {
            write(server, before);
            reload(server, process);
        } catch (RuntimeException ignored) {
            // the original failure is what the caller needs to see
        }
    }

    private static String readText(NatsServerFiles server) {
        try {
            return Files.readString(server.authorizationFile(), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw TerminalFailure.notFound("AuthorizationFileNotFound", "properties.authorizationFile", server.where()
                    + ": the authorization file " + server.authorizationFile() + " does not exist; create it empty and"
                    + " include it from the server configuration");
        } catch (IOException e) {
            throw new TransientFailure(server.where() + ": cannot read " + server.authorizationFile() + ": "
                    + e.getClass().getSimpleName(), e);
        }
    }

    private static Optional<Content> parse(NatsServerFiles server, String text) {
        try {
            return NatsAuthFile.parse(text);
        } catch (NatsAuthFile.NotManaged e) {
            throw TerminalFailure.conflict("AuthorizationFileNotManaged", "properties.authorizationFile", server.where()
                    + ": " + server.authorizationFile() + " is not managed by Switchboard: " + e.getMessage());
        }
    }

    /** Temp file beside the target with the target's permissions, forced to disk, renamed over it atomically. */
    private static void write(NatsServerFiles server, String text) {
        Path file = server.authorizationFile();
        Path temp = null;
        try {
            temp = Files.createTempFile(file.getParent(), "." + file.getFileName() + "-", ".tmp");
            try {
                Files.setPosixFilePermissions(temp, Files.getPosixFilePermissions(file));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system: the temp file keeps its owner-only default
            }
            try (FileChannel out = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
                while (bytes.hasRemaining()) out.write(bytes);
                out.force(true);
            }
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            deleteQuietly(temp);
            throw new TransientFailure(server.where() + ": cannot write " + file + ": " + e.getClass().getSimpleName()
                    + ": " + e.getMessage(), e);
        }
    }

    /** SIGHUP makes nats-server reload its configuration (what {@code nats-server --signal reload} sends). */
    private static void reload(NatsServerFiles server, ProcessHandle process) {
        try {
            Process kill = new ProcessBuilder("kill", "-HUP", Long.toString(process.pid()))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new TransientFailure(server.where() + ": could not signal process " + process.pid() + " to reload");
            }
        } catch (IOException e) {
            throw new TransientFailure(server.where() + ": could not run kill to reload: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransientFailure(server.where() + ": interrupted while reloading");
        }
    }

    /**
     * Polls a login as the probe with its new password until the server accepts it and refuses a wrong one: while an
     * empty file (no authorization at all) is still in effect every login is accepted, so acceptance alone would
     * report a take-over before the server enforces it.
     */
    private void awaitLoaded(NatsServerFiles server, String token) {
        long deadline = System.nanoTime() + reloadTimeout.toNanos();
        String wrong = "not-" + token;
        boolean acceptedAnything = false;
        while (true) {
            try {
                // Refused: the old file is still in effect.
                if (probeAccepts(server, token)) {
                    if (!probeAccepts(server, wrong)) return;
                    acceptedAnything = true;
                }
            } catch (IOException e) {
                // A login timing out on a busy machine is retried too, unless the port itself is closed.
                requireListening(server, e);
            }
            if (System.nanoTime() > deadline) throw notLoaded(server, acceptedAnything);
            sleep(50);
        }
    }

    private boolean probeAccepts(NatsServerFiles server, String password) throws IOException {
        return NatsHandshake.accepts(server.host(), server.port(), NatsServerFiles.PROBE, password, connector.connectTimeout());
    }

    private RuntimeException notLoaded(NatsServerFiles server, boolean acceptedAnything) {
        if (acceptedAnything) {
            return TerminalFailure.conflict("AuthorizationNotEnforced", "properties.authorizationFile", server.where()
                    + " accepts any password: its configuration does not include " + server.authorizationFile());
        }
        return new TransientFailure(server.where() + ": the server did not load the new authorization file within "
                + reloadTimeout.toMillis() + " ms (is " + server.authorizationFile() + " the file its configuration"
                + " includes, and this the server at that address?)");
    }

    private void requireListening(NatsServerFiles server, IOException cause) {
        try {
            connector.probe(server.host(), server.port());
        } catch (IOException e) {
            throw new TransientFailure(server.where() + ": unreachable after reloading: " + cause.getMessage(), e);
        }
    }

    private static FileLock lockAcross(FileChannel channel, NatsServerFiles server) throws IOException {
        long deadline = System.nanoTime() + LOCK_WAIT.toNanos();
        while (true) {
            FileLock lock = channel.tryLock();
            if (lock != null) return lock;
            if (System.nanoTime() > deadline) throw busy(server);
            sleep(20);
        }
    }

    private static Path lockPath(NatsServerFiles server) {
        Path file = server.authorizationFile();
        return file.resolveSibling(file.getFileName() + ".lock");
    }

    private static TransientFailure busy(NatsServerFiles server) {
        return new TransientFailure(server.where() + ": another change of " + server.authorizationFile() + " is in progress");
    }

    private byte[] randomBytes(int n) {
        byte[] out = new byte[n];
        random.nextBytes(out);
        return out;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransientFailure("interrupted");
        }
    }

    private static void deleteQuietly(Path p) {
        if (p == null) return;
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // a stray temp file is harmless
        }
    }
}
