package dev.switchboard.server.leak;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Registered through META-INF/services, so every test run of the module takes part without a test having to ask:
 * at the start it empties the leak-check directory and copies all the JVM's stdout and stderr (the in-process
 * servers log there through slf4j-simple, which looks {@code System.err} up at every line) into
 * {@link LeakFiles#JVM_OUTPUT}; when all tests have run it checks the recordings and fails the run on a leak.
 */
public final class LeakCheckSession implements LauncherSessionListener {
    private PrintStream originalOut;
    private PrintStream originalErr;
    private OutputStream copy;

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        Path dir = LeakFiles.dir();
        try {
            wipe(dir);
            Files.createDirectories(dir);
            copy = new FileOutputStream(dir.resolve(LeakFiles.JVM_OUTPUT).toFile(), true);
        } catch (IOException e) {
            throw new UncheckedIOException("leak check: cannot prepare " + dir, e);
        }
        originalOut = System.out;
        originalErr = System.err;
        System.setOut(new PrintStream(new Tee(originalOut, copy), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(new Tee(originalErr, copy), true, StandardCharsets.UTF_8));
    }

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        if (copy == null) return;
        System.setOut(originalOut);
        System.setErr(originalErr);
        try {
            synchronized (copy) {
                copy.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        LeakChecker.Report report = LeakChecker.check(LeakFiles.dir());
        LeakFiles.append(LeakFiles.SUMMARY, report.describe() + "\n");
        System.out.println(report.describe());
        if (!report.leaks().isEmpty()) throw new AssertionError("secrets leaked: " + report.describe());
    }

    private static void wipe(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }
}
