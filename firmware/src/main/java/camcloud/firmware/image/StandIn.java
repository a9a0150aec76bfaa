package camcloud.firmware.image;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Deterministic stand-in contents for virtual cameras: a short text header saying what it stands
 * for, then pseudo-random bytes (they look like compressed data, as real kernels and squashfs do).
 * The same model, version and part always give the same bytes, so builds are reproducible and
 * hashes can be pinned in tests.
 */
public final class StandIn {

    private StandIn() {
    }

    /** {@code size} bytes starting with {@code header}, the rest derived from {@code header}. */
    public static byte[] bytes(String header, int size) {
        byte[] head = header.getBytes(StandardCharsets.UTF_8);
        if (head.length > size) {
            throw new ImageException("stand-in of " + size + " bytes is too small for its " + head.length + "-byte header");
        }
        byte[] out = new byte[size];
        System.arraycopy(head, 0, out, 0, head.length);
        long state = seed(header);
        int i = head.length;
        while (i < size) {
            state += 0x9E3779B97F4A7C15L;
            long z = state;
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            z = z ^ (z >>> 31);
            for (int k = 0; k < 8 && i < size; k++, i++) {
                out[i] = (byte) (z >>> (8 * k));
            }
        }
        return out;
    }

    private static long seed(String header) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(header.getBytes(StandardCharsets.UTF_8));
            long s = 0;
            for (int k = 0; k < 8; k++) {
                s = s << 8 | (d[k] & 0xFF);
            }
            return s;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
