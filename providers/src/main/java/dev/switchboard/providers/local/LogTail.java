package dev.switchboard.providers.local;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Reads the end of a log file without reading all of it. */
final class LogTail {

    /** Never reads more than this from the end of a file, however many lines are asked for. */
    static final int MAX_BYTES = 4 * 1024 * 1024;
    private static final int CHUNK = 8192;
    private static final int MAX_ERROR_LINE = 300;

    private LogTail() {
    }

    /** The last {@code lines} lines of {@code file} (fewer when it is shorter); empty when it does not exist. */
    static List<String> lastLines(Path file, int lines) {
        if (lines <= 0) return List.of();
        byte[] tail;
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long end = raf.length();
            long pos = end;
            int newlines = 0;
            byte[] buf = new byte[0];
            // a final newline ends the last line, it does not start an empty one
            while (pos > 0 && newlines <= lines && end - pos < MAX_BYTES) {
                int n = (int) Math.min(CHUNK, pos);
                pos -= n;
                byte[] chunk = new byte[n];
                raf.seek(pos);
                raf.readFully(chunk);
                for (byte b : chunk) if (b == '\n') newlines++;
                byte[] merged = Arrays.copyOf(chunk, n + buf.length);
                System.arraycopy(buf, 0, merged, n, buf.length);
                buf = merged;
            }
            tail = buf;
        } catch (IOException e) {
            return List.of();
        }
        String text = new String(tail, StandardCharsets.UTF_8);
        List<String> all = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
        if (!all.isEmpty() && all.get(all.size() - 1).isEmpty()) all.remove(all.size() - 1);
        List<String> out = new ArrayList<>();
        for (String line : all.subList(Math.max(0, all.size() - lines), all.size())) {
            out.add(line.endsWith("\r") ? line.substring(0, line.length() - 1) : line);
        }
        return out;
    }

    /** The last non-blank line, made one printable line of bounded length (for error messages); null if none. */
    static String lastLine(Path file) {
        List<String> last = lastLines(file, 20);
        for (int i = last.size() - 1; i >= 0; i--) {
            String line = last.get(i).strip();
            if (!line.isEmpty()) return printable(line, MAX_ERROR_LINE);
        }
        return null;
    }

    static String printable(String s, int max) {
        StringBuilder sb = new StringBuilder();
        s.codePoints().forEach(c -> sb.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return sb.length() > max ? sb.substring(0, max - 3) + "..." : sb.toString();
    }

    /**
     * {@code line} with every value it quotes from {@code values} (the process's settings, binding files) masked: an app
     * that prints its configuration as it crashes must not put a password into an API answer or the audit log. Values
     * shorter than 8 characters are left (they mask words like {@code prod}, and a secret is longer).
     */
    static String masked(String line, java.util.Collection<String> values) {
        if (line == null) return null;
        List<String> longestFirst = values.stream().filter(v -> v != null && v.length() >= 8)
                .sorted(java.util.Comparator.comparingInt(String::length).reversed()).toList();
        String out = line;
        for (String v : longestFirst) out = out.replace(v, "***");
        return out;
    }
}
