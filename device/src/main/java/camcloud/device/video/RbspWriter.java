package camcloud.device.video;

import java.util.Arrays;

/**
 * Writes the bits of an H.264 RBSP (7.2, 9.1): fixed-width fields, Exp-Golomb codes and — what
 * JCodec's {@code BitWriter} cannot do quickly — runs of bits copied from another RBSP at any bit
 * offset, a byte at a time. That copy is what a camera does each time it splices a clock band into
 * a picture, so it must cost microseconds, not a call per bit.
 */
final class RbspWriter {

    private byte[] bytes;
    private long bits;

    RbspWriter(int expectedBytes) {
        this.bytes = new byte[Math.max(16, expectedBytes)];
    }

    /** u(n): the low {@code n} bits of {@code value}, n in 0..32. */
    void u(long value, int n) {
        for (int i = n - 1; i >= 0; i--) {
            bit((int) (value >>> i) & 1);
        }
    }

    /** ue(v). */
    void ue(int value) {
        long codeNum = (long) value + 1;
        int length = 64 - Long.numberOfLeadingZeros(codeNum);
        u(0, length - 1);
        u(codeNum, length);
    }

    /** se(v). */
    void se(int value) {
        ue(value > 0 ? 2 * value - 1 : -2 * value);
    }

    /** Appends bits {@code [from, to)} of {@code source}. */
    void append(byte[] source, long from, long to) {
        while (from < to && (bits & 7) != 0) {
            bit(bitAt(source, from++));
        }
        ensure((int) ((to - from + 7) >> 3) + 1);
        int shift = (int) (from & 7);
        int in = (int) (from >> 3);
        int out = (int) (bits >> 3);
        long whole = (to - from) >> 3;
        for (long k = 0; k < whole; k++, in++) {
            int b = (source[in] & 0xff) << shift;
            if (shift != 0) {
                b |= (source[in + 1] & 0xff) >>> (8 - shift);
            }
            bytes[out++] = (byte) b;
        }
        bits += whole << 3;
        from += whole << 3;
        while (from < to) {
            bit(bitAt(source, from++));
        }
    }

    /** Ends the RBSP with {@code rbsp_stop_one_bit} and zero bits to the byte boundary; returns its bytes. */
    byte[] finish() {
        bit(1);
        while ((bits & 7) != 0) {
            bit(0);
        }
        return Arrays.copyOf(bytes, (int) (bits >> 3));
    }

    private void bit(int value) {
        ensure(1);
        int index = (int) (bits >> 3);
        if (value != 0) {
            bytes[index] |= (byte) (0x80 >>> (bits & 7));
        }
        bits++;
    }

    private void ensure(int moreBytes) {
        int needed = (int) (bits >> 3) + moreBytes + 1;
        if (needed > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(needed, bytes.length * 2));
        }
    }

    private static int bitAt(byte[] source, long position) {
        return (source[(int) (position >> 3)] >> (7 - (position & 7))) & 1;
    }
}
