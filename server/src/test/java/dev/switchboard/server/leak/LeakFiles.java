package dev.switchboard.server.leak;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The leak check's files, under one directory per module ({@code target/leak-check}, surefire's working directory
 * being the module): the secrets the suite created or learned, and everything it must never find them in.
 */
public final class LeakFiles {
    /** One JSON object a line: {@code {"value": …, "source": …}}. */
    public static final String SECRETS = "secrets.txt";
    /** Every HTTP answer the tests received, but the allowed secret reads: a {@code >>> } header line, then the body. */
    public static final String RESPONSES = "responses.txt";
    /** Everything the test JVM wrote to stdout and stderr: the in-process servers' slf4j-simple log among it. */
    public static final String JVM_OUTPUT = "test-jvm-output.log";
    /** The logs of servers run as their own processes (the app module's crash tests). */
    public static final String PROCESS_LOGS = "server-processes.log";
    /** The check's figures, written when it has run. */
    public static final String SUMMARY = "summary.txt";
    public static final String RESPONSE_HEADER = ">>> ";

    private static final Object LOCK = new Object();

    private LeakFiles() {
    }

    public static Path dir() {
        return Path.of(System.getProperty("switchboard.leakCheckDir", "target/leak-check"));
    }

    /** Appends {@code text} (which should end with a line break) to {@code name}; callers on many threads are serialised. */
    public static void append(String name, String text) {
        Path file = dir().resolve(name);
        synchronized (LOCK) {
            try {
                // The session listener made the directory; a test run without it (an IDE's) makes it here, once.
                if (!Files.isDirectory(file.getParent())) Files.createDirectories(file.getParent());
                Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new UncheckedIOException("leak check: cannot record to " + file, e);
            }
        }
    }
}
