package dev.switchboard.server.leak;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Greps every recorded answer and log line for every recorded secret (in each of its {@link SecretForms spellings})
 * and reports each hit by file and line, the line shown with the secret masked.
 */
public final class LeakChecker {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SHOWN = 240;

    public record Leak(String file, long line, String source, String kind, String masked) {
        @Override
        public String toString() {
            return file + ":" + line + ": a secret (" + source + ", " + kind + "): " + masked;
        }
    }

    public record Report(Path dir, int secrets, int skipped, long responses, long logLines, List<Leak> leaks) {
        public String summary() {
            return "leak check (" + dir + "): " + secrets + " secrets tracked (" + skipped + " shorter than "
                    + SecretForms.MIN_LENGTH + " characters skipped), " + responses + " response bodies and " + logLines
                    + " log lines scanned, " + leaks.size() + " leaks";
        }

        /** The summary and, at most, the first 50 leaks. */
        public String describe() {
            StringBuilder sb = new StringBuilder(summary());
            leaks.stream().limit(50).forEach(l -> sb.append("\n  ").append(l));
            if (leaks.size() > 50) sb.append("\n  … and ").append(leaks.size() - 50).append(" more");
            return sb.toString();
        }
    }

    private LeakChecker() {
    }

    public static Report check(Path dir) {
        Map<String, String> secrets = secrets(dir.resolve(LeakFiles.SECRETS));
        Map<String, String> tracked = new LinkedHashMap<>();
        secrets.forEach((v, s) -> {
            if (v.length() >= SecretForms.MIN_LENGTH) tracked.put(v, s);
        });
        SecretForms forms = new SecretForms(tracked);
        List<Leak> leaks = new ArrayList<>();
        long[] responses = {0};
        long[] logLines = {0};
        for (Path f : scanned(dir)) {
            boolean isResponses = f.getFileName().toString().equals(LeakFiles.RESPONSES);
            forEachLine(f, (n, line) -> {
                if (isResponses && line.startsWith(LeakFiles.RESPONSE_HEADER)) responses[0]++;
                else if (!isResponses) logLines[0]++;
                if (!forms.isEmpty()) {
                    for (SecretForms.Form hit : forms.findIn(line)) {
                        leaks.add(new Leak(f.getFileName().toString(), n, hit.source(), hit.kind(), masked(line, forms)));
                    }
                }
            });
        }
        return new Report(dir, tracked.size(), secrets.size() - tracked.size(), responses[0], logLines[0], leaks);
    }

    /** Secret value → the first place it was recorded from. */
    static Map<String, String> secrets(Path file) {
        Map<String, String> out = new LinkedHashMap<>();
        if (!Files.exists(file)) return out;
        forEachLine(file, (n, line) -> {
            try {
                JsonNode node = JSON.readTree(line);
                out.putIfAbsent(node.path("value").asText(), node.path("source").asText());
            } catch (IOException e) {
                throw new IllegalStateException(file + ":" + n + " is not a recorded secret", e);
            }
        });
        return out;
    }

    private static List<Path> scanned(Path dir) {
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().equals(LeakFiles.RESPONSES) || f.toString().endsWith(".log"))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The line with every secret replaced by {@code ***}, cut to {@value #SHOWN} characters around the first. */
    static String masked(String line, SecretForms forms) {
        String out = line;
        for (SecretForms.Form f : forms.findIn(line)) out = out.replace(f.text(), "***");
        int at = Math.max(0, out.indexOf("***") - SHOWN / 2);
        String cut = out.substring(at, Math.min(out.length(), at + SHOWN));
        return (at > 0 ? "…" : "") + cut + (at + SHOWN < out.length() ? "…" : "");
    }

    interface LineVisitor {
        void visit(long number, String line);
    }

    private static void forEachLine(Path file, LineVisitor visitor) {
        // Logs may hold bytes that are not UTF-8 (a process's raw output): replaced, not fatal.
        var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        try (BufferedReader r = new BufferedReader(new java.io.InputStreamReader(Files.newInputStream(file), decoder))) {
            long n = 0;
            for (String line = r.readLine(); line != null; line = r.readLine()) visitor.visit(++n, line);
        } catch (IOException e) {
            throw new UncheckedIOException("leak check: cannot read " + file, e);
        }
    }
}
