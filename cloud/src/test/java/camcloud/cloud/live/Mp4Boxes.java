package camcloud.cloud.live;

import java.nio.ByteBuffer;

/** Just enough fMP4 reading for the live tests: box types, the prft time, IDR in the mdat. */
final class Mp4Boxes {

    private static final long NTP_UNIX_OFFSET_SECONDS = 2_208_988_800L;

    private Mp4Boxes() {
    }

    static String firstBoxType(byte[] b) {
        return new String(b, 4, 4, java.nio.charset.StandardCharsets.US_ASCII);
    }

    /** The capture wall clock of a fragment that starts with a prft box, epoch millis. */
    static long prftMillis(byte[] fragment) {
        if (!firstBoxType(fragment).equals("prft")) {
            throw new AssertionError("fragment does not start with prft but " + firstBoxType(fragment));
        }
        long ntp = ByteBuffer.wrap(fragment, 16, 8).getLong();
        long seconds = (ntp >>> 32) - NTP_UNIX_OFFSET_SECONDS;
        long fraction = ntp & 0xffffffffL;
        return seconds * 1000 + Math.round(fraction * 1000.0 / (1L << 32));
    }

    /** True when the fragment's mdat holds an IDR slice (NAL type 5). */
    static boolean containsIdr(byte[] fragment) {
        ByteBuffer b = ByteBuffer.wrap(fragment);
        while (b.remaining() >= 8) {
            int start = b.position();
            long size = b.getInt() & 0xffffffffL;
            String type = new String(fragment, start + 4, 4, java.nio.charset.StandardCharsets.US_ASCII);
            if (type.equals("mdat")) {
                int p = start + 8;
                while (p + 5 <= start + size) {
                    int len = ByteBuffer.wrap(fragment, p, 4).getInt();
                    if ((fragment[p + 4] & 0x1f) == 5) {
                        return true;
                    }
                    p += 4 + len;
                }
                return false;
            }
            b.position((int) (start + size));
        }
        return false;
    }
}
