package dev.switchboard.providers.local;

import java.io.IOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The processes an app host started for one app, kept in {@code workRoot/<app>/pids.txt} so that a later host
 * (after a restart of Switchboard) can find and adopt them instead of starting duplicates. Plain
 * {@code key=value} lines, values percent-encoded; it holds the spec's digest, never an environment value.
 * A process is identified by pid AND start time: a pid alone may have been reused by an unrelated process.
 */
record PidRecord(String app, String specHash, Instant writtenAt, List<Entry> entries) {

    static final int VERSION = 1;

    PidRecord {
        entries = List.copyOf(entries);
    }

    /**
     * One process. {@code startInstant} is {@link ProcessHandle.Info#startInstant()}; {@code startTicks} is the
     * start time in clock ticks since boot from {@code /proc/<pid>/stat} (exact, unlike the instant, which is
     * derived from a boot time the kernel recomputes).
     */
    record Entry(String container, long pid, Instant startInstant, long startTicks, int port, String containerHash) {
    }

    Optional<Entry> entry(String container) {
        return entries.stream().filter(e -> e.container().equals(container)).findFirst();
    }

    void write(Path file) throws IOException {
        StringBuilder sb = new StringBuilder();
        sb.append("# Switchboard local app host: processes of one app. Written by the host; do not edit.\n");
        sb.append("version=").append(VERSION).append('\n');
        sb.append("app=").append(enc(app)).append('\n');
        sb.append("specHash=").append(enc(specHash)).append('\n');
        sb.append("writtenAt=").append(writtenAt).append('\n');
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            String p = "process." + i + ".";
            sb.append(p).append("container=").append(enc(e.container())).append('\n');
            sb.append(p).append("pid=").append(e.pid()).append('\n');
            sb.append(p).append("startInstant=").append(e.startInstant() == null ? "" : e.startInstant()).append('\n');
            sb.append(p).append("startTicks=").append(e.startTicks()).append('\n');
            sb.append(p).append("port=").append(e.port()).append('\n');
            sb.append(p).append("containerHash=").append(enc(e.containerHash())).append('\n');
        }
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, sb.toString(), StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The record in {@code file}; empty when there is none. A record that cannot be parsed counts as none. */
    static Optional<PidRecord> read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
        Map<String, String> kv = new LinkedHashMap<>();
        for (String line : lines) {
            if (line.isBlank() || line.startsWith("#")) continue;
            int eq = line.indexOf('=');
            if (eq > 0) kv.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
        }
        try {
            if (!String.valueOf(VERSION).equals(kv.get("version"))) return Optional.empty();
            List<Entry> entries = new ArrayList<>();
            for (int i = 0; kv.containsKey("process." + i + ".pid"); i++) {
                String p = "process." + i + ".";
                String start = kv.getOrDefault(p + "startInstant", "");
                entries.add(new Entry(dec(kv.get(p + "container")), Long.parseLong(kv.get(p + "pid")),
                        start.isEmpty() ? null : Instant.parse(start),
                        Long.parseLong(kv.getOrDefault(p + "startTicks", "0")),
                        Integer.parseInt(kv.getOrDefault(p + "port", "0")), dec(kv.get(p + "containerHash"))));
            }
            String written = kv.get("writtenAt");
            return Optional.of(new PidRecord(dec(kv.get("app")), dec(kv.get("specHash")),
                    written == null || written.isEmpty() ? null : Instant.parse(written), entries));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    static void delete(Path file) throws IOException {
        Files.deleteIfExists(file);
        Files.deleteIfExists(file.resolveSibling(file.getFileName() + ".tmp"));
    }

    private static String enc(String s) {
        return s == null ? "" : URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String dec(String s) {
        return s == null ? "" : URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
}
