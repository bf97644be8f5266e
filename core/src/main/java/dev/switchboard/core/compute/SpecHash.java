package dev.switchboard.core.compute;


import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * SHA-256 of what decides how a process runs: container name, command, args, env (names and values, sorted
 * by name) and service binding files (paths and contents, sorted by path). Every string is length-prefixed, so no two different specs encode alike. Only the digest is written
 * to disk, never a value.
 */
public final class SpecHash {

    private SpecHash() {
    }

    public static String of(AppSpec spec) {
        MessageDigest md = sha256();
        put(md, "app/v1");
        md.update(intBytes(spec.containers().size()));
        for (ContainerSpec c : spec.containers()) put(md, of(c));
        // Only past one, so the hash of a single-replica app stays what it was (no needless restart).
        if (spec.replicas() != 1) put(md, "replicas/" + spec.replicas());
        return HexFormat.of().formatHex(md.digest());
    }

    public static String of(ContainerSpec c) {
        MessageDigest md = sha256();
        put(md, "container/v1");
        put(md, c.name());
        putAll(md, c.command());
        putAll(md, c.args());
        putSorted(md, c.env());
        // Only when there are files, so the hash of a container without any stays what it was (no needless restart).
        if (!c.files().isEmpty()) {
            put(md, "files/v1");
            putSorted(md, c.files());
        }
        if (!c.probes().isEmpty()) {
            put(md, "probes/v1");
            for (var p : c.probes()) put(md, p.toString());
        }
        return HexFormat.of().formatHex(md.digest());
    }

    public static String sha256Hex(String s) {
        return HexFormat.of().formatHex(sha256().digest(s.getBytes(StandardCharsets.UTF_8)));
    }

    private static void putSorted(MessageDigest md, Map<String, String> map) {
        Map<String, String> sorted = new TreeMap<>(map);
        md.update(intBytes(sorted.size()));
        sorted.forEach((k, v) -> {
            put(md, k);
            put(md, v);
        });
    }

    private static void putAll(MessageDigest md, List<String> list) {
        md.update(intBytes(list.size()));
        for (String s : list) put(md, s);
    }

    private static void put(MessageDigest md, String s) {
        byte[] b = (s == null ? "" : s).getBytes(StandardCharsets.UTF_8);
        md.update(intBytes(s == null ? -1 : b.length));
        md.update(b);
    }

    private static byte[] intBytes(int n) {
        return new byte[] {(byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n};
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
