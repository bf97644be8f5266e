package dev.switchboard.core.deploy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.UUID;

/**
 * uniqueString() and guid() as Azure computes them, so names a template derives match those it gets in Azure.
 * Both hash the arguments joined with '-' (UTF-8). uniqueString: the 64-bit MurmurHash variant of ARM's
 * expression engine (two 32-bit lanes, its own constants), the top 65 bits as 13 lower-case base32 characters.
 * guid: an RFC 4122 version-5 (SHA-1) UUID in ARM's namespace 11fb06fb-712d-4ddd-98c7-e71bbd588830.
 * Known outputs are pinned in the tests.
 */
final class TemplateHashes {
    private static final String BASE32 = "abcdefghijklmnopqrstuvwxyz234567";
    private static final UUID ARM_NAMESPACE = UUID.fromString("11fb06fb-712d-4ddd-98c7-e71bbd588830");
    private static final int C1 = 0xab0e9789; // 2869860233
    private static final int C2 = 0x239b961b; // 597399067

    private TemplateHashes() { }

    static String uniqueString(List<String> parts) {
        long h = murmur64(String.join("-", parts).getBytes(StandardCharsets.UTF_8));
        StringBuilder out = new StringBuilder(13);
        for (int i = 0; i < 13; i++) {
            out.append(BASE32.charAt((int) (h >>> 59)));
            h <<= 5;
        }
        return out.toString();
    }

    static String guid(List<String> parts) {
        byte[] name = String.join("-", parts).getBytes(StandardCharsets.UTF_8);
        byte[] hash = sha1(bytes(ARM_NAMESPACE), name);
        hash[6] = (byte) (hash[6] & 0x0f | 0x50);
        hash[8] = (byte) (hash[8] & 0x3f | 0x80);
        return new UUID(longAt(hash, 0), longAt(hash, 8)).toString();
    }

    static long murmur64(byte[] data) {
        int length = data.length;
        int h1 = 0;
        int h2 = 0;
        int i = 0;
        for (; i + 7 < length; i += 8) {
            h1 = Integer.rotateLeft(h1 ^ mixK1(le32(data, i, 4)), 19) + h2;
            h1 = h1 * 5 + 0x561ccd1b;
            h2 = Integer.rotateLeft(h2 ^ mixK2(le32(data, i + 4, 4)), 13) + h1;
            h2 = h2 * 5 + 0x0bcaa747;
        }
        int tail = length - i;
        if (tail > 0) {
            h1 ^= mixK1(le32(data, i, Math.min(tail, 4)));
            if (tail > 4) h2 ^= mixK2(le32(data, i + 4, tail - 4));
        }
        h1 ^= length;
        h2 ^= length;
        h1 += h2;
        h2 += h1;
        h1 = fmix(h1);
        h2 = fmix(h2);
        h1 += h2;
        h2 += h1;
        return (long) h2 << 32 | h1 & 0xffffffffL;
    }

    private static int mixK1(int k) {
        return Integer.rotateLeft(k * C2, 15) * C1;
    }

    private static int mixK2(int k) {
        return Integer.rotateLeft(k * C1, 17) * C2;
    }

    private static int fmix(int h) {
        h = (h ^ h >>> 16) * 0x85ebca6b;
        h = (h ^ h >>> 13) * 0xc2b2ae35;
        return h ^ h >>> 16;
    }

    /** Up to four bytes from {@code at}, little-endian. */
    private static int le32(byte[] d, int at, int count) {
        int v = 0;
        for (int k = 0; k < count; k++) v |= (d[at + k] & 0xff) << 8 * k;
        return v;
    }

    private static byte[] bytes(UUID u) {
        byte[] b = new byte[16];
        for (int k = 0; k < 8; k++) {
            b[k] = (byte) (u.getMostSignificantBits() >>> 8 * (7 - k));
            b[8 + k] = (byte) (u.getLeastSignificantBits() >>> 8 * (7 - k));
        }
        return b;
    }

    private static long longAt(byte[] b, int at) {
        long v = 0;
        for (int k = 0; k < 8; k++) v = v << 8 | b[at + k] & 0xff;
        return v;
    }

    private static byte[] sha1(byte[] a, byte[] b) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-1");
            md.update(a);
            return md.digest(b);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-1", e);
        }
    }
}
