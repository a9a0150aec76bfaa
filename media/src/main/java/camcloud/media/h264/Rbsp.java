package camcloud.media.h264;

/**
 * Removes emulation-prevention bytes ({@code 00 00 03} becomes {@code 00 00}) to turn a NAL unit's
 * payload into the raw bit sequence the syntax tables describe.
 */
final class Rbsp {

    private Rbsp() {
    }

    /**
     * Unescapes at most {@code maxInput} bytes of {@code nal} starting at {@code offset}; parsers of
     * headers pass a small bound so a large slice is never copied whole.
     */
    static byte[] unescape(byte[] nal, int offset, int maxInput) {
        int end = (int) Math.min(nal.length, (long) offset + maxInput);
        byte[] out = new byte[Math.max(0, end - offset)];
        int n = 0;
        int zeros = 0;
        for (int i = offset; i < end; i++) {
            byte b = nal[i];
            if (zeros >= 2 && b == 3) {
                zeros = 0;
                continue;
            }
            zeros = b == 0 ? zeros + 1 : 0;
            out[n++] = b;
        }
        return n == out.length ? out : java.util.Arrays.copyOf(out, n);
    }
}
