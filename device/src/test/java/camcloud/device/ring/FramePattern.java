package camcloud.device.ring;

import java.nio.ByteBuffer;

/**
 * Test frames whose every byte follows from their sequence number, so a reader can tell an intact
 * frame from a torn one without any side channel: length from the sequence, first 8 bytes the
 * sequence, the rest a sequence-seeded pattern.
 */
final class FramePattern {

    private FramePattern() {
    }

    static int length(long sequence, int maxBytes) {
        return 8 + (int) Math.floorMod(sequence * 7919L, (long) (maxBytes - 8 + 1));
    }

    static ByteBuffer frame(long sequence, int maxBytes) {
        int length = length(sequence, maxBytes);
        ByteBuffer buffer = ByteBuffer.allocate(length);
        buffer.putLong(0, sequence);
        for (int i = 8; i < length; i++) {
            buffer.put(i, patternByte(sequence, i));
        }
        return buffer;
    }

    /** True if {@code payload} (read in place, absolute reads) is exactly frame {@code sequence}. */
    static boolean intact(ByteBuffer payload, long sequence, int maxBytes) {
        int length = payload.limit();
        if (length != length(sequence, maxBytes) || payload.getLong(0) != sequence) {
            return false;
        }
        for (int i = 8; i < length; i++) {
            if (payload.get(i) != patternByte(sequence, i)) {
                return false;
            }
        }
        return true;
    }

    private static byte patternByte(long sequence, int i) {
        return (byte) (sequence * 131 + i * 7 + (i >>> 8));
    }
}
