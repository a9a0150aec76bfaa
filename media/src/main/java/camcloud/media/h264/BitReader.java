package camcloud.media.h264;

/**
 * Reads the fixed-width and Exp-Golomb fields of H.264 syntax (7.2, 9.1) from an RBSP. Every read
 * past the end throws {@link MalformedH264Exception} naming the field, so parsers never index out
 * of bounds.
 */
final class BitReader {

    private final byte[] data;
    private final String what;
    private long bit;

    BitReader(byte[] rbsp, String what) {
        this.data = rbsp;
        this.what = what;
    }

    /** u(n): an unsigned n-bit field, n in 0..32. */
    long u(int n, String field) throws MalformedH264Exception {
        if (bit + n > (long) data.length * 8) {
            throw new MalformedH264Exception(what + " truncated while reading " + field);
        }
        long value = 0;
        for (int i = 0; i < n; i++) {
            int b = (data[(int) (bit >> 3)] >> (7 - (bit & 7))) & 1;
            value = (value << 1) | b;
            bit++;
        }
        return value;
    }

    int bits(int n, String field) throws MalformedH264Exception {
        return (int) u(n, field);
    }

    boolean flag(String field) throws MalformedH264Exception {
        return u(1, field) == 1;
    }

    /** ue(v), limited to values that fit in 32 bits (at most 31 leading zeros). */
    long ue(String field) throws MalformedH264Exception {
        int zeros = 0;
        while (u(1, field) == 0) {
            zeros++;
            if (zeros > 31) {
                throw new MalformedH264Exception(what + ": Exp-Golomb code for " + field + " longer than 32 bits");
            }
        }
        return (1L << zeros) - 1 + u(zeros, field);
    }

    /** ue(v) checked against the syntax's allowed range {@code 0..max}. */
    int ue(String field, int max) throws MalformedH264Exception {
        long value = ue(field);
        if (value > max) {
            throw new MalformedH264Exception(what + ": " + field + " = " + value + " exceeds its maximum " + max);
        }
        return (int) value;
    }

    /** se(v). */
    long se(String field) throws MalformedH264Exception {
        long k = ue(field);
        return (k & 1) == 1 ? (k + 1) / 2 : -(k / 2);
    }

    void skip(int n, String field) throws MalformedH264Exception {
        u(0, field);
        if (bit + n > (long) data.length * 8) {
            throw new MalformedH264Exception(what + " truncated while skipping " + field);
        }
        bit += n;
    }
}
