package camcloud.media.h264;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * AVCC framing (ISO/IEC 14496-15): each NAL unit preceded by its length in 1, 2 or 4 big-endian
 * bytes. This is how MP4 samples store H.264; the length size comes from the
 * {@link AvcConfigurationRecord}.
 */
public final class Avcc {

    /** The length size we write: 4 bytes, which every reader supports. */
    public static final int LENGTH_SIZE = 4;

    private Avcc() {
    }

    /**
     * Splits a length-prefixed sample into NAL units.
     *
     * @throws MalformedH264Exception when a length runs past the end of the sample or is zero
     */
    public static List<NalUnit> split(byte[] sample, int lengthSize) throws MalformedH264Exception {
        if (lengthSize != 1 && lengthSize != 2 && lengthSize != 4) {
            throw new MalformedH264Exception("AVCC length size must be 1, 2 or 4, not " + lengthSize);
        }
        List<NalUnit> units = new ArrayList<>();
        int pos = 0;
        while (pos < sample.length) {
            if (pos + lengthSize > sample.length) {
                throw new MalformedH264Exception("AVCC length prefix truncated at offset " + pos);
            }
            long length = 0;
            for (int i = 0; i < lengthSize; i++) {
                length = (length << 8) | (sample[pos + i] & 0xff);
            }
            pos += lengthSize;
            if (length == 0 || length > sample.length - pos) {
                throw new MalformedH264Exception("AVCC NAL length " + length + " at offset " + (pos - lengthSize)
                        + " does not fit the " + sample.length + "-byte sample");
            }
            units.add(NalUnit.copyOf(sample, pos, (int) length));
            pos += (int) length;
        }
        if (units.isEmpty()) {
            throw new MalformedH264Exception("empty AVCC sample");
        }
        return units;
    }

    /** Joins units with 4-byte length prefixes. */
    public static byte[] join(List<NalUnit> units) {
        int size = 0;
        for (NalUnit unit : units) {
            size += LENGTH_SIZE + unit.size();
        }
        ByteBuffer out = ByteBuffer.allocate(size);
        for (NalUnit unit : units) {
            out.putInt(unit.size());
            out.put(unit.bytes());
        }
        return out.array();
    }

    /** Converts an Annex B access unit to a 4-byte length-prefixed sample. */
    public static byte[] fromAnnexB(byte[] annexB) throws MalformedH264Exception {
        return join(AnnexB.split(annexB));
    }

    /** Converts a length-prefixed sample to Annex B with 4-byte start codes. */
    public static byte[] toAnnexB(byte[] sample, int lengthSize) throws MalformedH264Exception {
        return AnnexB.join(split(sample, lengthSize));
    }
}
