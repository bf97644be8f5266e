package dev.switchboard.providers.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads the environment a live process really holds from {@code /proc/<pid>/environ} (NUL-separated
 * {@code NAME=value} entries, as handed to {@code execve}). Values may be secrets: callers must not log them.
 */
final class LiveEnvironment {

    private LiveEnvironment() {
    }

    /** The environment of {@code pid}; empty when the process is gone or cannot be read. */
    static Map<String, String> read(long pid) {
        byte[] raw;
        try {
            raw = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "environ"));
        } catch (IOException | RuntimeException e) {
            return Map.of();
        }
        return parse(raw);
    }

    static Map<String, String> parse(byte[] raw) {
        Map<String, String> env = new TreeMap<>();
        int start = 0;
        for (int i = 0; i <= raw.length; i++) {
            if (i == raw.length || raw[i] == 0) {
                if (i > start) {
                    String entry = new String(raw, start, i - start, StandardCharsets.UTF_8);
                    int eq = entry.indexOf('=');
                    if (eq > 0) env.put(entry.substring(0, eq), entry.substring(eq + 1));
                }
                start = i + 1;
            }
        }
        return Collections.unmodifiableMap(env);
    }
}
